/**
 * `npm run pipelines:connect` against a fake Azure DevOps organization on 127.0.0.1
 * (tests/support/fakeAzureDevOps.ts) through the real azure-devops-node-api, with injected stack
 * outputs (the real reader needs the Pulumi CLI) and the repository's real stack files for the
 * stacks' roles. Runs in-process and prints as runCli would (an InputError's message, else the
 * stack trace), capturing everything written to stdout and stderr; one run of the real entry
 * point checks the exit code wiring.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { serviceAccountKubeconfig } from "../platform/kubeconfig";
import type { StackOutputs } from "../tools/ops/stackOutputs";
import { InputError } from "../tools/plan/cli";
import { kubeconfigTarget } from "../tools/pipelines/kubeconfig";
import { pipelinesConnect, stackRoleFromFiles } from "../tools/pipelinesConnect";
import { FakeAzureDevOps, FakeProject, FakeRoute, startFakeAzureDevOps, StoredEndpoint } from "./support/fakeAzureDevOps";

const ROOT = path.join(__dirname, "..");
// PAT-shaped (52 characters) and distinctive, so any leak is found by substring.
const PAT = "patsecret7q2w9e4r1t6y3u8i5o0p2a7s4d9f1g6h3j8k5l0zxcv";
const JOB_TOKEN = "jobtoken.eyJhbGciOiJSUzI1NiJ9.secret-job-access-token";
const DEPLOYER_TOKEN = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImRlcGxveWVyIn0.deployer-secret-token";
const ADMIN_KEY = "admin-client-key-secret-of-the-cluster";
const PROJECT: FakeProject = { id: "4b0c7e1a-2f3d-4c5b-9a8e-7d6f5e4c3b2a", name: "Ratings" };
const OTHER_PROJECT: FakeProject = { id: "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b", name: "Platform" };
const SERVER = "https://ratings-redmond.redmond.cloudapp.azurestack.contoso.com";

const deployerKubeconfig = (token = DEPLOYER_TOKEN) =>
  serviceAccountKubeconfig({ clusterName: "ratings-redmond", server: SERVER, caData: "Q0EtREFUQQ==", namespace: "ratings", user: "deployer", token });
const KUBECONFIG = deployerKubeconfig();
/** A stamp's outputs; `null`: without deployerKubeconfig. */
const stampOutputs = (kubeconfig: string | null = KUBECONFIG): StackOutputs => ({
  apiServerUrl: { value: SERVER, secret: false },
  kubeconfig: { value: JSON.stringify({ users: [{ name: "admin", user: { "client-key-data": ADMIN_KEY } }] }), secret: true },
  ...(kubeconfig === null ? {} : { deployerKubeconfig: { value: kubeconfig, secret: true } }),
});
const SECRETS = [PAT, JOB_TOKEN, DEPLOYER_TOKEN, ADMIN_KEY, KUBECONFIG];

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the tool in-process and prints its result or error as runCli does, capturing all output. */
async function run(argv: string[], env: Record<string, string>, outputs: Record<string, StackOutputs> = { stampA: stampOutputs() }): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const spies = [
    jest.spyOn(process.stdout, "write").mockImplementation(((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write),
    jest.spyOn(process.stderr, "write").mockImplementation(((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write),
    ...(["log", "info", "warn", "debug"] as const).map((method) => jest.spyOn(console, method).mockImplementation((...args) => void (stdout += `${args.join(" ")}\n`))),
    jest.spyOn(console, "error").mockImplementation((...args) => void (stderr += `${args.join(" ")}\n`)),
  ];
  try {
    const readStackOutputs = async (stack: string) => outputs[stack] ?? {};
    stdout += await pipelinesConnect(argv, env, { readStackOutputs, stackRole: stackRoleFromFiles });
    return { code: 0, stdout, stderr };
  } catch (error) {
    stderr += `${error instanceof InputError ? error.message : error instanceof Error ? error.stack : String(error)}\n`;
    return { code: 1, stdout, stderr };
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
}

const basicPat = (token: string) => `Basic ${Buffer.from(`PAT:${token}`).toString("base64")}`;
const PAT_ENV = { AZURE_DEVOPS_EXT_PAT: PAT };

let fake: FakeAzureDevOps;
const args = (...extra: string[]) => ["--stack", "stampA", "--org", fake.url, "--project", "ratings", ...extra];
const connection = (overrides: Partial<StoredEndpoint> = {}): StoredEndpoint => ({
  id: "0f6d1b2a-3c4e-4f5a-8b9c-0d1e2f3a4b5c",
  name: "azs-ha-stampA",
  type: "kubernetes",
  url: "https://old.example",
  authorization: { scheme: "Kubernetes", parameters: { kubeconfig: "old", clusterContext: "old" } },
  data: { authorizationType: "Kubeconfig" },
  serviceEndpointProjectReferences: [{ projectReference: { id: PROJECT.id, name: PROJECT.name }, name: "azs-ha-stampA" }],
  ...overrides,
});

async function startFake(endpoints: StoredEndpoint[] = [], tokens: { pat?: string; bearer?: string } = { pat: PAT }, flavour: "services" | "server" = "services"): Promise<void> {
  fake = await startFakeAzureDevOps({ ...tokens, projects: [PROJECT, OTHER_PROJECT], endpoints, flavour });
}
afterEach(async () => fake?.close());

describe("pipelines:connect creates or updates the Kubernetes service connection", () => {
  it("creates it when the project has none, with the payload Azure DevOps and the Kubernetes tasks expect", async () => {
    await startFake();
    const result = await run(args(), PAT_ENV);

    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(fake.endpoints).toHaveLength(1);
    const [stored] = fake.endpoints;
    expect(result.stdout).toBe(
      `created service connection azs-ha-stampA (id ${stored.id}) in project Ratings (id ${PROJECT.id}) of ${fake.url}\n` +
        `  type Kubernetes, KubeConfig of stack stampA's deployer account: context deployer@ratings-redmond, API server ${SERVER}\n`,
    );
    const description = "Managed by npm run pipelines:connect: the deployer account of stack stampA (namespace-scoped)";
    expect(stored).toEqual({
      id: stored.id,
      isReady: true,
      name: "azs-ha-stampA",
      type: "kubernetes",
      url: SERVER,
      description,
      owner: "library",
      authorization: { scheme: "Kubernetes", parameters: { kubeconfig: KUBECONFIG, clusterContext: "deployer@ratings-redmond" } },
      data: { authorizationType: "Kubeconfig", acceptUntrustedCerts: "false" },
      serviceEndpointProjectReferences: [{ projectReference: { id: PROJECT.id, name: "Ratings" }, name: "azs-ha-stampA", description }],
    });
    // The library's own sequence: each area's locations (OPTIONS), the resource areas (once: WebApi caches them), then the calls.
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "OPTIONS /contoso/_apis/Location",
      "GET /contoso/_apis/resourceAreas",
      "OPTIONS /contoso/_apis/core",
      "GET /contoso/_apis/projects/ratings",
      "OPTIONS /contoso/_apis/serviceendpoint",
      `GET /contoso/${PROJECT.id}/_apis/serviceendpoint/endpoints`,
      "POST /contoso/_apis/serviceendpoint/endpoints",
    ]);
    expect(fake.requests.find((request) => request.route === "endpointsByName")?.query).toEqual({ endpointNames: "azs-ha-stampA" });
    expect(fake.requests.filter((request) => request.method !== "OPTIONS").map((request) => request.apiVersion)).toEqual([
      "7.2-preview.1",
      "7.2-preview.4",
      "7.2-preview.4",
      "7.2-preview.4",
    ]);
  });

  it("updates the same connection on a re-run (same id, no duplicate), keeping other projects' references", async () => {
    const sharedWith = { projectReference: { id: OTHER_PROJECT.id, name: OTHER_PROJECT.name }, name: "stampA-shared" };
    const existing = connection({ serviceEndpointProjectReferences: [...(connection().serviceEndpointProjectReferences as object[]), sharedWith] });
    await startFake([existing]);
    const rotated = deployerKubeconfig("eyJhbGciOiJSUzI1NiJ9.rotated-deployer-token");

    const result = await run(args(), PAT_ENV, { stampA: stampOutputs(rotated) });

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^updated service connection azs-ha-stampA \\(id ${existing.id}\\) in project Ratings`));
    expect(fake.endpoints).toHaveLength(1);
    expect(fake.endpoints[0]).toMatchObject({ id: existing.id, url: SERVER, authorization: { parameters: { kubeconfig: rotated } } });
    expect(fake.endpoints[0].serviceEndpointProjectReferences).toEqual([expect.objectContaining({ projectReference: { id: PROJECT.id, name: "Ratings" } }), sharedWith]);
    expect(fake.requests.filter((request) => request.method === "POST")).toEqual([]);
    expect(fake.requests.find((request) => request.method === "PUT")).toMatchObject({ path: `/contoso/_apis/serviceendpoint/endpoints/${existing.id}`, apiVersion: "7.2-preview.4" });

    // And a second run of the tool itself finds what it wrote.
    expect((await run(args(), PAT_ENV)).stdout).toMatch(/^updated service connection azs-ha-stampA/);
    expect(fake.endpoints.map((endpoint) => endpoint.id)).toEqual([existing.id]);
  });

  it("works against Azure DevOps Server, which lists no resource areas (every client at the collection URL)", async () => {
    await startFake([], { pat: PAT }, "server");
    expect((await run(args(), PAT_ENV)).code).toBe(0);
    expect(fake.endpoints).toHaveLength(1);
  });

  it("uses --name for the connection", async () => {
    await startFake();
    expect((await run(args("--name", "stamp-a-deployer"), PAT_ENV)).code).toBe(0);
    expect(fake.endpoints.map((endpoint) => endpoint.name)).toEqual(["stamp-a-deployer"]);
  });

  it.each([
    ["the PAT, as HTTP Basic PAT:<token>", PAT_ENV, { pat: PAT }, basicPat(PAT)],
    ["the PAT even when a job token is present too", { AZURE_DEVOPS_EXT_PAT: PAT, SYSTEM_ACCESSTOKEN: JOB_TOKEN }, { pat: PAT }, basicPat(PAT)],
    ["SYSTEM_ACCESSTOKEN without a PAT, as a bearer token", { SYSTEM_ACCESSTOKEN: JOB_TOKEN }, { bearer: JOB_TOKEN }, `Bearer ${JOB_TOKEN}`],
  ])("sends %s on every request", async (_, env, tokens, header) => {
    await startFake([], tokens);
    expect((await run(args(), env)).code).toBe(0);
    expect(new Set(fake.requests.map((request) => request.authorization))).toEqual(new Set([header]));
  });
});

describe("pipelines:connect failures", () => {
  const kubeconfigWithoutContext = JSON.stringify({ clusters: [{ name: "c", cluster: { server: SERVER } }], contexts: [{ name: "a", context: { cluster: "c" } }, { name: "b", context: { cluster: "c" } }], users: [{ name: "u", user: { token: DEPLOYER_TOKEN } }] });

  it.each<[string, { env?: Record<string, string>; argv?: (url: string) => string[]; outputs?: Record<string, StackOutputs>; endpoints?: StoredEndpoint[]; fail?: [FakeRoute, number, string]; down?: true }, string]>([
    ["no token in the environment", { env: {} }, "no Azure DevOps token: set AZURE_DEVOPS_EXT_PAT to a personal access token with the scopes Service Connections (Read, query & manage) and Project and Team (Read), or, in a pipeline step, map SYSTEM_ACCESSTOKEN: $(System.AccessToken) into its env (the token is never taken from arguments)"],
    ["a global stack", { argv: (url) => ["--stack", "global", "--org", url, "--project", "ratings"] }, "--stack global: its role is global, not stamp; a Kubernetes service connection is for a stamp's cluster"],
    ["a stack without a stack file", { argv: (url) => ["--stack", "stampZ", "--org", url, "--project", "ratings"] }, '--stack: unknown stack "stampZ"; the stacks are: global, stampA, stampB'],
    ["a stamp without deployerKubeconfig", { outputs: { stampA: stampOutputs(null) } }, "stack stampA has no deployerKubeconfig output: run pulumi up on stampA first (is it the right stack?)"],
    ["a deployerKubeconfig that does not parse", { outputs: { stampA: stampOutputs(`token: ${DEPLOYER_TOKEN}\n  bad: [`) } }, "stack stampA: output deployerKubeconfig is not a kubeconfig: it does not parse as YAML or JSON"],
    ["a kubeconfig without current-context", { outputs: { stampA: stampOutputs(kubeconfigWithoutContext) } }, "stack stampA: output deployerKubeconfig: the kubeconfig has no current-context (and not exactly one context)"],
    ["an unknown project", { argv: (url) => ["--stack", "stampA", "--org", url, "--project", "Nope"] }, 'project "Nope" does not exist in URL, or the token\'s identity cannot see it'],
    ["a token the organization refuses (401)", { env: { AZURE_DEVOPS_EXT_PAT: "wrong-token-0123456789" } }, 'Azure DevOps at URL refused the token from AZURE_DEVOPS_EXT_PAT (HTTP 401) while reading project "ratings": it is invalid, expired or not valid for this organization'],
    ["a token without the right to create connections (403)", { fail: ["create", 403, "Access denied"] }, 'Azure DevOps at URL denied creating service connection "azs-ha-stampA" in project Ratings (HTTP 403): the token from AZURE_DEVOPS_EXT_PAT needs the scopes Service Connections (Read, query & manage) and Project and Team (Read), and its identity the Creator or Administrator role on the project\'s service connections'],
    ["a server error (500)", { fail: ["endpointsByName", 500, "The service is unavailable: VS402404"] }, 'Azure DevOps at URL answered HTTP 500 while looking up service connection "azs-ha-stampA" in project Ratings: The service is unavailable: VS402404'],
    ["a server error on update (500)", { endpoints: [connection()], fail: ["update", 500, "Update failed"] }, 'Azure DevOps at URL answered HTTP 500 while updating service connection "azs-ha-stampA" in project Ratings: Update failed'],
    ["an existing connection of another type", { endpoints: [connection({ type: "generic" })] }, 'service connection "azs-ha-stampA" in project Ratings exists with type "generic", not Kubernetes: pass another --name, or delete that connection first'],
    ["two connections of that name", { endpoints: [connection(), connection({ id: "1a2b3c4d-0000-4000-8000-000000000002", name: "AZS-HA-stampA" })] }, 'service connection "azs-ha-stampA" in project Ratings: 2 connections have that name; remove the duplicates or pass another --name'],
    ["a creation answered without a connection (404)", { fail: ["create", 404, "Not found"] }, 'Azure DevOps returned no service connection id after creating service connection "azs-ha-stampA" in project Ratings'],
    ["an organization that does not answer", { down: true }, 'cannot reach Azure DevOps at URL while reading project "ratings": ECONNREFUSED'],
  ])("%s: exit 1 with one clear message", async (_, setup, expected) => {
    await startFake(setup.endpoints);
    if (setup.fail) fake.fail(...setup.fail);
    const url = fake.url;
    if (setup.down) await fake.close();
    const result = await run(setup.argv?.(url) ?? args(), setup.env ?? PAT_ENV, setup.outputs);

    expect(result).toEqual({ code: 1, stdout: "", stderr: `${expected.replace(/\bURL\b/g, url)}\n` });
    // Nothing was written, except the one write that failed.
    expect(fake.requests.filter((request) => request.method === "POST" || request.method === "PUT").length).toBe(setup.fail?.[0] === "create" || setup.fail?.[0] === "update" ? 1 : 0);
    expect(fake.endpoints).toEqual(setup.endpoints ?? []);
  });

  it("never prints the token, the kubeconfig or the credentials in it, even when the server quotes them back", async () => {
    await startFake();
    const outcomes = [await run(args(), PAT_ENV)];
    // A server whose error repeats the request: the redaction, not luck, keeps the secrets out.
    fake.fail("update", 400, `Invalid kubeconfig ${KUBECONFIG} for token ${DEPLOYER_TOKEN}, caller ${PAT}`);
    outcomes.push(await run(args(), PAT_ENV));
    // A job token this organization does not accept: the message names the variable, not the value.
    outcomes.push(await run(args(), { SYSTEM_ACCESSTOKEN: JOB_TOKEN }));

    expect(outcomes.map((outcome) => outcome.code)).toEqual([0, 1, 1]);
    expect(outcomes[2].stderr).toContain("refused the token from SYSTEM_ACCESSTOKEN (HTTP 401)");
    expect(outcomes[1].stderr).toContain("answered HTTP 400 while updating service connection");
    expect(outcomes[1].stderr).toContain("[secret]");
    for (const outcome of outcomes) {
      for (const secret of SECRETS) expect({ secret, printed: `${outcome.stdout}${outcome.stderr}`.includes(secret) }).toEqual({ secret, printed: false });
    }
  });
});

describe("pipelines:connect arguments", () => {
  const base = ["--stack", "stampA", "--org", "https://dev.azure.com/contoso", "--project", "p"];
  it.each([
    ["no arguments", [], "--stack, --org, --project are required"],
    ["no --project", base.slice(0, 4), "--project is required"],
    ["a token as an argument", [...base, "--token", PAT], 'unknown argument "--token"'],
    ["a path as the stack", ["--stack", "../stampA", ...base.slice(2)], '--stack: not a stack name: "../stampA"'],
    ["an --org that is no URL", [...base.slice(0, 2), "--org", "dev.azure.com/contoso", ...base.slice(4)], "--org: not a URL; give the organization's URL, e.g. https://dev.azure.com/<organization>"],
    ["a plain-http --org", [...base.slice(0, 2), "--org", "http://dev.azure.com/contoso", ...base.slice(4)], "--org: must be an https:// URL (the token is sent with every request)"],
    ["credentials in --org", [...base.slice(0, 2), "--org", `https://me:${PAT}@dev.azure.com/contoso`, ...base.slice(4)], "--org: the URL may not carry credentials, a query or a fragment (the token comes from the environment)"],
    ["a blank --project", [...base.slice(0, 4), "--project", " "], "--project: the Azure DevOps project's name is empty"],
    ["a --name with a comma", [...base, "--name", "a,b"], "--name: a service connection name must be non-empty and without commas (the lookup by names splits on them)"],
  ])("%s: exit 1 naming the option, the token never echoed", async (_, argv, expected) => {
    const result = await run(argv, PAT_ENV);
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n")[0]).toBe(expected);
    expect(result.stderr).not.toContain(PAT);
  });

  it("exits 1 with one line on stderr from the real entry point, before reading any stack", () => {
    const tsNode = path.join(ROOT, "node_modules", "ts-node", "dist", "bin.js");
    const { AZURE_DEVOPS_EXT_PAT: _pat, SYSTEM_ACCESSTOKEN: _job, ...env } = process.env;
    const child = spawnSync(process.execPath, [tsNode, "--transpile-only", "tools/pipelinesConnect.ts", "--stack", "stampA", "--org", "https://dev.azure.com/contoso", "--project", "p"], { cwd: ROOT, env, encoding: "utf8" });
    expect({ status: child.status, stdout: child.stdout, stderr: child.stderr }).toEqual({ status: 1, stdout: "", stderr: expect.stringMatching(/^no Azure DevOps token: set AZURE_DEVOPS_EXT_PAT .*\n$/) });
  });
});

describe("the kubeconfig's target", () => {
  const source = "stack s: output deployerKubeconfig";
  const config = (document: object) => JSON.stringify(document);
  const cluster = { name: "c", cluster: { server: SERVER } };

  it("takes the current context, its cluster's server and the users' credentials", () => {
    expect(kubeconfigTarget(KUBECONFIG, source)).toEqual({ context: "deployer@ratings-redmond", server: SERVER, credentials: [DEPLOYER_TOKEN] });
    expect(kubeconfigTarget(`clusters: [${JSON.stringify(cluster)}]\ncontexts: [{name: only, context: {cluster: c}}]\n`, source)).toEqual({ context: "only", server: SERVER, credentials: [] });
  });

  it.each([
    ["an unknown current context", config({ "current-context": "x", contexts: [] }), 'stack s: output deployerKubeconfig: the kubeconfig has no context named "x"'],
    ["a context without its cluster", config({ "current-context": "x", contexts: [{ name: "x", context: { cluster: "missing" } }], clusters: [cluster] }), 'stack s: output deployerKubeconfig: context "x" names no cluster with an http(s) server'],
    ["a server that is no URL", config({ "current-context": "x", contexts: [{ name: "x", context: { cluster: "c" } }], clusters: [{ name: "c", cluster: { server: "ratings:443" } }] }), 'stack s: output deployerKubeconfig: context "x" names no cluster with an http(s) server'],
    ["a list", "[]", "stack s: output deployerKubeconfig is not a kubeconfig: not a mapping"],
  ])("refuses %s", (_, text, expected) => {
    expect(() => kubeconfigTarget(text, source)).toThrow(new InputError(expected));
  });
});
