/**
 * The helper scripts and the rendered apimodels against the real aks-engine-azurestack (v0.84.2
 * and v0.85.0, built from upstream source), wherever no cloud is needed: `generate`, `version`,
 * `get-versions` and every subcommand's `--help`. The fake stands in only for `deploy`, which
 * needs ARM; these tests also check that the fake agrees with the real tool where both run.
 */
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { backupText, clusterStateOf, parseEnvelope } from "../aksengine/clusterState";
import { adminKubeconfigFromApimodel } from "../aksengine/kubeconfig";
import { AKS_ENGINE_RELEASES } from "../aksengine/releases";
import { CLUSTER_SECRET_PLACEHOLDER } from "../aksengine/rules";
import type { Plan } from "../tools/plan/evaluate";
import { identityArgs, restoreInput } from "./support/deployScenario";
import { HelperHost, withPrivateProc } from "./support/helperHost";
import { planStack } from "./support/plan";
import { specsDir } from "./support/specs";
import { helpFlags, hubEnvironment, parametersWithoutValue, REAL_RELEASES, realAksEngine, realBinariesAvailable, scratchDir } from "./support/realAksEngine";

const describeReal = realBinariesAvailable() ? describe : describe.skip;
const scratch = scratchDir();
const CLUSTER_SECRET = "planted-cluster-secret";
const CREDENTIAL = "planted-credential";

function run(binary: string, args: string[]): { status: number | null; stdout: string } {
  // From a temporary directory: the real tool writes `translations/` into its working directory.
  const result = spawnSync(binary, args, { encoding: "utf8", env: { ...process.env, HOME: scratch }, cwd: scratch });
  return { status: result.status, stdout: result.stdout + result.stderr };
}

/** The plan's remote work directory, its uploaded apimodel, and the text of one of its remote commands. */
function fromPlan(plan: Plan, step: string): { workDir: string; apimodel: string; command: string } {
  const file = Object.keys(plan.files).find((remotePath) => remotePath.endsWith("/cluster/apimodel.input.json")) as string;
  const resource = plan.resources.find((r) => r.name.endsWith(`-cluster-${step}`));
  if (!resource) throw new Error(`no ${step} step in the plan`);
  return { workDir: file.slice(0, -"/cluster/apimodel.input.json".length), apimodel: String(plan.files[file]), command: String(resource.inputs.create) };
}

/**
 * Runs the plan's own deploy command under bash on a helper with the fake (deploy needs ARM),
 * and returns the apimodel deploy-cluster.sh handed to `deploy`, with what deploy adds from the
 * hub before it generates: the cloud environment.
 */
function apimodelGivenToDeploy(plan: Plan): Record<string, any> {
  const { workDir, apimodel, command } = fromPlan(plan, "deploy");
  const host = new HelperHost();
  host.write("cluster/apimodel.input.json", apimodel);
  host.env.FAKE_AKS_CAPTURE = path.join(host.root, "captured");
  // As on a helper this project creates: /proc hides other users' command lines (hidepid=2).
  const [unshare, ...prefix] = withPrivateProc("hidepid=2");
  const result = spawnSync(unshare, [...prefix, "bash", "-c", command.split(workDir).join(host.work)], {
    input: `${CLUSTER_SECRET}\n${CREDENTIAL}`,
    env: { ...process.env, FAKE_AKS_LOG: host.argvLog, ...host.env },
    encoding: "utf8",
    cwd: host.root,
  });
  if (result.status !== 0) throw new Error(`the plan's deploy command failed: ${result.stderr}`);
  const model = JSON.parse(readFileSync(path.join(host.root, "captured", "deploy-1.json"), "utf8"));
  const [, location, domain] = /^https:\/\/portal\.([^.]+)\.(.+?)\/?$/.exec(model.properties.customCloudProfile.portalURL) as RegExpExecArray;
  model.properties.customCloudProfile.environment = hubEnvironment(location, domain);
  return model;
}

function generate(binary: string, model: unknown, outputDir: string): void {
  const input = path.join(mkdtempSync(path.join(scratch, "apimodel-")), "apimodel.json");
  writeFileSync(input, JSON.stringify(model));
  const result = run(binary, ["generate", "--api-model", input, "--output-directory", outputDir]);
  if (result.status !== 0) throw new Error(`generate failed: ${result.stdout}`);
}

describeReal("the real aks-engine-azurestack", () => {
  it.each(REAL_RELEASES)("%s lists every flag the scripts pass to deploy, generate, upgrade and scale in that subcommand's --help", (release) => {
    // Record what the scripts really pass, through the fake: a first deploy, a retry, certificate sign-in, a restore, an
    // install check (`version`, which the fake records apart, takes no flags), and the day-2 operations with both sign-ins.
    const host = new HelperHost();
    host.write(
      "cluster/apimodel.input.json",
      JSON.stringify({
        location: "redmond",
        properties: {
          orchestratorProfile: { orchestratorVersion: "1.33.10" },
          agentPoolProfiles: [{ name: "pool", count: 3 }],
          servicePrincipalProfile: { secret: CLUSTER_SECRET_PLACEHOLDER },
        },
      }),
    );
    host.write("cluster/client-certificate.pem", "certificate");
    const deploy = (auth: string) => ["--work", host.work, "--location", "redmond", "--resource-group", "rg", "--subscription-id", "s", "--cluster-client-id", "c", "--client-id", "c", "--auth-method", auth, "--identity-system", "adfs", "--poll-seconds", "1", "--allow-secret-in-process-list", "true"];
    host.scenarioOf("fail", "success");
    host.run("deploy-cluster.sh", deploy("client_secret"), `${CLUSTER_SECRET}\n${CREDENTIAL}`);
    host.run("deploy-cluster.sh", deploy("client_secret"), `${CLUSTER_SECRET}\n${CREDENTIAL}`);
    const backup = host.read("cluster/_output/apimodel.json");
    const certificate = new HelperHost();
    certificate.write("cluster/apimodel.input.json", host.read("cluster/apimodel.input.json"));
    certificate.run("deploy-cluster.sh", deploy("client_certificate").map((a) => (a === host.work ? certificate.work : a)), `${CLUSTER_SECRET}\nkey`);
    const rebuilt = new HelperHost();
    rebuilt.run("restore-cluster-state.sh", identityArgs(rebuilt), restoreInput(backup));
    rebuilt.run("install-aks-engine.sh", ["--work", rebuilt.work, "--version", "v0.85.0", "--url", "https://mirror.example/a.tar.gz"]);
    certificate.write("cluster/client-certificate.pem", "certificate");
    for (const [h, auth, credential] of [[host, "client_secret", CREDENTIAL], [certificate, "client_certificate", "key"]] as const) {
      const day2 = (script: string, extra: string[]) => h.run(script, [...deploy(auth).map((a) => (a === host.work ? h.work : a)), ...extra], credential);
      day2("upgrade-cluster.sh", ["--kubernetes-version", "1.34.4"]);
      day2("refresh-node-images.sh", ["--token", "first"]);
      day2("refresh-node-images.sh", ["--token", "second"]);
      day2("scale-cluster.sh", ["--node-pool", "pool", "--node-count", "5", "--apiserver", "api.example"]);
      day2("scale-cluster.sh", ["--node-pool", "pool", "--node-count", "2", "--apiserver", "api.example"]);
    }
    const invocations = [host, certificate, rebuilt].flatMap((h) => h.invocations());
    expect(new Set(invocations.map((argv) => argv[0]))).toEqual(new Set(["deploy", "generate", "upgrade", "scale"]));
    expect(invocations.some((argv) => argv.includes("--force-overwrite") && argv.includes("--client-secret"))).toBe(true);
    expect(invocations.some((argv) => argv.includes("--private-key-path"))).toBe(true);
    for (const flags of [["--upgrade-version", "--client-secret"], ["--upgrade-version", "--force", "--private-key-path"], ["--new-node-count", "--node-pool", "--apiserver"]]) {
      expect({ flags, passed: invocations.some((argv) => flags.every((flag) => argv.includes(flag))) }).toEqual({ flags, passed: true });
    }
    expect(invocations.filter((argv) => argv[0] !== "generate").every((argv) => argv.includes("--azure-env") && argv.includes("--identity-system"))).toBe(true);

    const binary = realAksEngine(release);
    // The help parser tells flags of one subcommand from another's.
    expect(helpFlags(binary, "deploy").has("--force-overwrite")).toBe(true);
    expect(helpFlags(binary, "generate").has("--force-overwrite")).toBe(false);
    for (const argv of invocations) {
      const known = helpFlags(binary, argv[0]);
      const unknown = argv.filter((word) => word.startsWith("--") && !known.has(word));
      expect({ subcommand: argv[0], unknown }).toEqual({ subcommand: argv[0], unknown: [] });
    }
  });

  it.each([
    ["v0.85.0", {}],
    ["v0.84.2", { aksEngineVersion: "v0.84.2", kubernetesVersion: "1.31" }],
  ] as const)("%s writes the generated apimodel as the fake does, and scripts/lib/apimodel.sh reads and edits it", async (release, values) => {
    const model = apimodelGivenToDeploy(await planStack("stampA", { values }));
    const out = path.join(mkdtempSync(path.join(scratch, "generated-")), "_output");
    generate(realAksEngine(release), model, out);
    const file = path.join(out, "apimodel.json");
    const text = readFileSync(file, "utf8");
    const parsed = JSON.parse(text);
    // Go's MarshalIndent with two spaces, no HTML escaping, a final newline: what the fake's JSON.stringify(m, null, 2) + "\n" writes.
    expect(text).toBe(JSON.stringify(parsed, null, 2) + "\n");
    expect(text.split('"orchestratorVersion"')).toHaveLength(2);
    const library = (call: string) => {
      const result = spawnSync("bash", ["-c", `source scripts/lib/common.sh && source scripts/lib/apimodel.sh && ${call}`], { cwd: path.join(__dirname, ".."), encoding: "utf8" });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    const pool = parsed.properties.agentPoolProfiles[0];
    expect(parsed.properties.orchestratorProfile.orchestratorVersion).toMatch(release === "v0.85.0" ? /^1\.33\./ : /^1\.31\./);
    expect(library(`apimodel_kubernetes_version ${file}`)).toEqual({ status: 0, stdout: `${parsed.properties.orchestratorProfile.orchestratorVersion}\n`, stderr: "" });
    expect(library(`apimodel_pool_count ${file} ${pool.name}`)).toEqual({ status: 0, stdout: `${pool.count}\n`, stderr: "" });
    expect(library(`apimodel_cluster_secret ${file}`)).toEqual({ status: 0, stdout: `${CLUSTER_SECRET}\n`, stderr: "" });
    expect(library(`apimodel_pool_count ${file} nosuchpool`).status).toBe(1);

    const copy = path.join(out, "apimodel.copy.json");
    copyFileSync(file, copy);
    expect(library(`apimodel_set_pool_count ${copy} ${pool.name} ${pool.count + 2}`)).toEqual({ status: 0, stdout: "", stderr: "" });
    const changed = readFileSync(copy, "utf8");
    const changedLines = changed.split("\n").filter((line, i) => line !== text.split("\n")[i]);
    expect(changedLines).toEqual([`        "count": ${pool.count + 2},`]);
    parsed.properties.agentPoolProfiles[0].count = pool.count + 2;
    expect(JSON.parse(changed)).toEqual(parsed);
    // ...and the real tool still reads it
    generate(realAksEngine(release), JSON.parse(changed), path.join(out, "again"));
  });

  it.each(REAL_RELEASES)("%s can create exactly the Kubernetes versions aksengine/releases.ts lists for it (get-versions, offline)", (release) => {
    const output = run(realAksEngine(release), ["get-versions", "--azure-env", "AzureStackCloud"]).stdout;
    const versions = [...output.matchAll(/^(\d+\.\d+\.\d+)\b/gm)].map((m) => m[1]).sort();
    expect(versions).toEqual([...AKS_ENGINE_RELEASES[release].kubernetesVersions].sort());
  });

  it("a release bump installs the new real binary over the old one, checksum verified, and a re-run keeps it", () => {
    const host = new HelperHost({ installFake: false });
    const archive = (release: (typeof REAL_RELEASES)[number]) => {
      const dir = path.join(host.root, "release", `aks-engine-azurestack-${release}-linux-amd64`);
      mkdirSync(dir, { recursive: true });
      copyFileSync(realAksEngine(release), path.join(dir, "aks-engine-azurestack"));
      const file = path.join(host.root, "release", `${release}.tar.gz`);
      spawnSync("tar", ["-czf", file, "-C", path.dirname(dir), path.basename(dir)]);
      return ["--url", `file://${file}`, "--sha256", createHash("sha256").update(readFileSync(file)).digest("hex")];
    };
    const install = (release: (typeof REAL_RELEASES)[number]) => host.run("install-aks-engine.sh", ["--work", host.work, "--version", release, ...archive(release)]);
    expect(install("v0.84.2").stdout).toContain("installed aks-engine-azurestack v0.84.2");
    expect(install("v0.85.0").stdout).toContain("installed aks-engine-azurestack v0.85.0");
    expect(run(host.path("bin/aks-engine-azurestack"), ["version"]).stdout).toContain("Version: v0.85.0");
    expect(install("v0.85.0").stdout).toContain("aks-engine-azurestack v0.85.0 is already installed");
  });

  it.each(REAL_RELEASES)("%s upgrades from each version it manages to exactly the targets aksengine/releases.ts lists (get-versions --version)", (release) => {
    const table = AKS_ENGINE_RELEASES[release].upgrades;
    for (const [from, targets] of Object.entries(table)) {
      const output = run(realAksEngine(release), ["get-versions", "--azure-env", "AzureStackCloud", "--version", from]).stdout;
      const row = new RegExp(`^${from.replace(/\./g, "\\.")}[ \\t]*(.*)$`, "m").exec(output);
      const listed = (row?.[1] ?? "").split(",").map((v) => v.trim()).filter((v) => v !== "");
      expect({ from, targets: listed }).toEqual({ from, targets: [...targets] });
    }
  });

  it.each([
    ["stampA", "client_secret", {}],
    ["stampB", "client_certificate", {}],
    ["stampA", "client_secret, with its own cluster service principal", { clusterClientId: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" }],
    ["stampA", "client_secret, on aks-engine v0.84.2 with Kubernetes 1.31", { aksEngineVersion: "v0.84.2", kubernetesVersion: "1.31" }],
  ])("generates %s (%s) with a value for every ARM parameter its template declares without a default", async (stack, _auth, values) => {
    const secrets: Record<string, string> = "clusterClientId" in values ? { clusterClientSecret: "planted-separate-secret" } : {};
    const plan = await planStack(stack, { values, secrets });
    const model = apimodelGivenToDeploy(plan);
    expect(model.properties.servicePrincipalProfile).toEqual({ clientId: expect.stringMatching(/^[0-9a-f-]{36}$/), secret: CLUSTER_SECRET });
    const out = path.join(mkdtempSync(path.join(scratch, "generated-")), "_output");
    const release = /--version (\S+)/.exec(fromPlan(plan, "install-aks-engine").command)?.[1] as (typeof REAL_RELEASES)[number];
    expect(REAL_RELEASES).toContain(release);
    generate(realAksEngine(release), model, out);
    expect(parametersWithoutValue(out)).toEqual([]);
  });

  it("reproduces the parameters a cluster without a service principal lacks (the negative control of the check above)", () => {
    const model = JSON.parse(readFileSync(path.join(specsDir(), "aks-engine", "kubernetes-azurestack.example.v0.85.0.json"), "utf8"));
    model.location = "redmond";
    model.properties.customCloudProfile = { portalURL: "https://portal.redmond.azurestack.contoso.com/", environment: hubEnvironment("redmond", "azurestack.contoso.com") };
    model.properties.masterProfile.dnsPrefix = "control";
    model.properties.linuxProfile.ssh.publicKeys[0].keyData = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCnodekey";
    delete model.properties.servicePrincipalProfile;
    const out = path.join(mkdtempSync(path.join(scratch, "generated-")), "_output");
    generate(realAksEngine("v0.85.0"), model, out);
    expect(parametersWithoutValue(out)).toEqual(["servicePrincipalClientId", "servicePrincipalClientSecret"]);
  });

  it("survives the loss of the helper: backup, wipe, restore with the real scripts, and the same kubeconfig comes back", async () => {
    const binary = realAksEngine("v0.85.0");
    const plan = await planStack("stampA");
    const model = apimodelGivenToDeploy(plan);

    // As deploy does before its ARM deployment: generate with a new PKI (the kubeconfig is written then); the worker's marker after exit 0.
    const original = new HelperHost({ binary });
    generate(binary, model, original.path("cluster/_output"));
    original.write("cluster/state/deployed", "2026-12-02T00:00:00Z\n");
    const deployedKubeconfig = JSON.parse(original.read("cluster/_output/kubeconfig/kubeconfig.redmond.json"));
    const read = original.run("read-apimodel.sh", ["--work", original.work]);
    expect(read.status).toBe(0);
    // what the stack keeps, as the program derives it
    const backup = backupText(parseEnvelope(read.stdout));
    expect(backup).toBe(original.read("cluster/_output/apimodel.json"));
    expect(JSON.parse(adminKubeconfigFromApimodel(backup))).toEqual(deployedKubeconfig);
    // clusterState read from the real generated apimodel is what the offline plan's mock of it gives
    // (tools/plan/mocks.ts generatedApimodel), so day-2 checks compare against real field values
    expect(clusterStateOf(JSON.parse(backup), "v0.85.0")).toEqual(plan.outputs.clusterState);

    // A rebuilt helper: an empty work directory with the scripts and the real binary; the stack's backup on stdin.
    const rebuilt = new HelperHost({ binary });
    const restore = rebuilt.run("restore-cluster-state.sh", identityArgs(rebuilt), restoreInput(backup));
    expect(restore.stderr).toBe("");
    expect(restore.status).toBe(0);
    // The real generate writes no kubeconfig for an apimodel that already holds its PKI (pkg/engine/output.go), as the fake now does too.
    expect(rebuilt.exists("cluster/_output/kubeconfig")).toBe(false);
    expect(rebuilt.exists("cluster/_output/azuredeploy.json")).toBe(true);
    const restored = backupText(parseEnvelope(rebuilt.run("read-apimodel.sh", ["--work", rebuilt.work]).stdout));
    expect(restored).toBe(backup);
    const kubeconfig = JSON.parse(adminKubeconfigFromApimodel(restored));
    expect(kubeconfig.clusters[0].cluster).toEqual(deployedKubeconfig.clusters[0].cluster);
    expect(kubeconfig).toEqual(deployedKubeconfig);
  });
});
