/**
 * `npm run verify` against local fakes on 127.0.0.1: a Kubernetes API server over TLS with the
 * cluster's CA and client-certificate authentication (tests/support/fakeKubeApi.ts) serving the
 * stamp plan's own workloads, Azure Resource Manager serving the Traffic Manager profile
 * (tests/support/fakeArm.ts), and the app (tests/support/fakeApp.ts). The real clients talk to
 * them: @kubernetes/client-node with the stack's kubeconfig, @azure/arm-trafficmanager with a
 * token credential. Every run also proves that no secret reaches the output.
 */

// jest 29 loads modules through its own CommonJS runtime, which cannot evaluate an ES module, and
// @kubernetes/client-node 1.x ships only ES modules. Node itself (20.19+) can `require` them, as
// `npm run verify` does: so the registry gets the real package, loaded by Node's own loader.
jest.mock("@kubernetes/client-node", () => process.getBuiltinModule("module").createRequire(__filename)("@kubernetes/client-node"));

import type { AccessToken, TokenCredential } from "@azure/identity";
import { spawnSync } from "child_process";
import * as net from "net";
import * as path from "path";
import type { EndpointReport } from "../stacks/global";
import { redact } from "../tools/ops/redact";
import { secretOutputValues, type StackOutputs } from "../tools/ops/stackOutputs";
import type { Plan } from "../tools/plan/evaluate";
import { InputError } from "../tools/plan/cli";
import { verify, type VerifyEnvironment } from "../tools/verify";
import { renderResults } from "../tools/verify/report";
import { validateKubernetesObjects } from "./support/validateKubernetes";
import { type FakeApp, startFakeApp } from "./support/fakeApp";
import { type FakeArm, type FakeEndpoint, startFakeArm } from "./support/fakeArm";
import { fakeClock } from "./support/fakeClock";
import { adminKubeconfig, type FakeKubeApi, type KubeObject, startFakeKubeApi } from "./support/fakeKubeApi";
import { readyAppObjects, readyNodes, versionInfo } from "./support/kubeObjects";
import { planStack, ROOT } from "./support/plan";
import { createTestPki, type TestPki } from "./support/testPki";

const TOKEN = "eyJ0eXAiOiJKV1QifQ.fake-arm-access-token-of-the-verify-test";
const WORKSPACE_KEY = "dGhlIHdvcmtzcGFjZSBrZXkgb2YgdGhlIHZlcmlmeSB0ZXN0IHN0YWNr==";
const PROFILE_ID = "/subscriptions/1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b/resourceGroups/azs-ha-global/providers/Microsoft.Network/trafficManagerProfiles/azs-ha-ratings";
const FAST = { requestTimeoutMs: 5_000, app: { attempts: 3, timeoutMs: 2_000, retryDelayMs: 5_000 }, waitIntervalMs: 15_000 };
// Every wait of verify (its --wait rounds, the app's retries) goes through this clock: the tests never sleep.
const clock = fakeClock();
beforeEach(() => clock.reset());

let pki: TestPki;
let plan: Plan;
let kube: FakeKubeApi;
let arm: FakeArm;
let app: FakeApp;
let closedUrl: string;
const tokenScopes: string[][] = [];
const credential = (token: string): TokenCredential => ({
  getToken: async (scopes): Promise<AccessToken> => {
    tokenScopes.push([scopes].flat());
    return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
  },
});

/** A server that accepts connections and never says a word (a hung API server or ingress). */
async function startSilentServer(): Promise<{ host: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    host: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on: one just closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  pki = createTestPki();
  plan = await planStack("stampA");
  [kube, arm, app] = await Promise.all([startFakeKubeApi(pki), startFakeArm(pki, PROFILE_ID, TOKEN), startFakeApp()]);
  closedUrl = `127.0.0.1:${await closedPort()}`;
});
afterAll(async () => Promise.all([kube?.close(), arm?.close(), app?.close()]));

const nodeCount = () => plan.outputs.nodeCount as number;
const kubernetesVersion = () => plan.outputs.kubernetesVersion as string;
const healthyCluster = () => [...readyNodes(nodeCount(), kubernetesVersion()), ...readyAppObjects(plan)];

/** A deployed stamp's outputs as `pulumi stack output --show-secrets` gives them: the plan's, pointed at the fakes. */
function stampOutputs(changes: Record<string, unknown> = {}): StackOutputs {
  const outputs: StackOutputs = {};
  for (const [name, value] of Object.entries(plan.outputs)) {
    outputs[name] = value === "[secret]" ? { value: `-----BEGIN SECRET-----\n${Buffer.from(`the ${name} of the verify test`).toString("base64")}\n`, secret: true } : { value, secret: false };
  }
  outputs.kubeconfig = { value: adminKubeconfig(kube.url, pki.ca, pki.admin), secret: true };
  outputs.appUrl = { value: app.url, secret: false };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete outputs[name];
    else outputs[name] = { value, secret: outputs[name]?.secret ?? false };
  }
  return outputs;
}

const ENDPOINT_REPORTS: EndpointReport[] = [
  { stamp: "stampa", stack: "organization/azs-ha-kubernetes/stampA", target: "192.0.2.10", status: "Enabled" },
  { stamp: "stampb", stack: "organization/azs-ha-kubernetes/stampB", target: "198.51.100.20", status: "Enabled" },
];

function globalOutputs(endpoints: EndpointReport[] = ENDPOINT_REPORTS): StackOutputs {
  return {
    appUrl: { value: app.url, secret: false },
    trafficManagerFqdn: { value: "contoso-ratings.trafficmanager.net", secret: false },
    trafficManagerProfileId: { value: PROFILE_ID, secret: false },
    workspaceId: { value: "2f8a6c1e-3b4d-4e5f-8a9b-0c1d2e3f4a5b", secret: false },
    workspaceKey: { value: WORKSPACE_KEY, secret: true },
    endpoints: { value: endpoints, secret: false },
  };
}

/** Every text of the test's secrets that must never be printed: whole values, and the key inside the kubeconfig, as data, as PEM, line by line. */
function secretFragments(outputs: StackOutputs): string[] {
  const fragments = [TOKEN];
  for (const { value, secret } of Object.values(outputs)) if (secret) fragments.push(String(value));
  for (const key of [pki.admin.key, pki.foreignAdmin.key]) {
    fragments.push(Buffer.from(key).toString("base64"), key, ...key.split("\n").filter((line) => line.length > 0 && !line.startsWith("-----")));
  }
  return fragments;
}

interface Row {
  readonly check: string;
  readonly result: string;
  readonly detail: string;
}

/** Runs verify as the CLI does, with the fakes; returns the exit code and the table's rows, after checking no secret was printed. */
async function run(stack: string, outputs: StackOutputs, token = TOKEN, timing = FAST, extraArgs: string[] = []): Promise<{ code: number; rows: Row[]; text: string }> {
  let text = "";
  const env: VerifyEnvironment = {
    root: ROOT,
    readOutputs: async (name) => {
      expect(name).toBe(stack);
      return outputs;
    },
    arm: { credential: credential(token), endpoint: arm.url, tlsOptions: { ca: pki.ca } },
    timing,
    clock,
    out: (printed) => {
      text += printed;
    },
  };
  const code = await verify(["--stack", stack, ...extraArgs], env);
  for (const fragment of secretFragments(outputs)) expect({ printed: text.includes(fragment), fragment }).toEqual({ printed: false, fragment });
  const lines = text.split("\n");
  const header = lines.findIndex((line) => /^check +result +detail$/.test(line));
  const rows = lines.slice(header + 1, lines.indexOf("", header)).map((line) => {
    const [check, result, ...detail] = line.split(/ {2,}/);
    return { check, result, detail: detail.join("  ") };
  });
  return { code, rows, text };
}

const STAMP_CHECKS = [
  "API server", "nodes Ready", "node count", "Deployment ratings-api", "Deployment ratings-web",
  "StatefulSet ratings-mongodb", "HorizontalPodAutoscaler ratings-web", "app at appUrl",
];

/** The healthy cluster with one object's status (or metadata) changed. */
function changed(kind: string, name: string, change: (object: any) => void): KubeObject[] {
  const objects = structuredClone(healthyCluster());
  const target = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!target) throw new Error(`the healthy cluster has no ${kind} ${name}`);
  change(target);
  return objects;
}

/** Every stamp test starts from a healthy cluster and an app that answers 200. */
function resetToHealthyStamp(): void {
  kube.objects = healthyCluster();
  kube.version = versionInfo(kubernetesVersion());
  kube.requests.length = 0;
  app.status = 200;
  app.next = [];
  app.hits = 0;
}

describe("verify on a stamp", () => {
  beforeEach(resetToHealthyStamp);

  it("passes every check of a healthy stamp, reading only what it needs, and exits 0", async () => {
    const { code, rows, text } = await run("stampA", stampOutputs());
    expect(rows.map((r) => [r.check, r.result])).toEqual(STAMP_CHECKS.map((check) => [check, "PASS"]));
    expect(rows[0].detail).toBe(`v${kubernetesVersion()} at ${kube.url}`);
    expect(rows[1].detail).toBe(`${nodeCount()} of ${nodeCount()} Ready`);
    expect(rows[3].detail).toBe("2/2 ready"); // ratings-api's replicas, from the plan's Deployment
    expect(rows[7].detail).toBe(`HTTP 200 from ${app.url}`);
    expect(text).toMatch(/^verify stampA \(stamp\)\n/);
    expect(text).toContain(`all ${STAMP_CHECKS.length} checks passed`);
    expect(code).toBe(0);
    const ns = plan.outputs.appNamespace as string;
    expect(kube.requests).toEqual([
      "GET /version",
      "GET /api/v1/nodes",
      `GET /apis/apps/v1/namespaces/${ns}/deployments/ratings-api`,
      `GET /apis/apps/v1/namespaces/${ns}/deployments/ratings-web`,
      `GET /apis/apps/v1/namespaces/${ns}/statefulsets/ratings-mongodb`,
      `GET /apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers/ratings-web`,
    ]);
    expect(app.hits).toBe(1);
  });

  it("serves objects that are valid Kubernetes objects (kubernetes-models' 1.32 schemas)", () => {
    expect(validateKubernetesObjects(healthyCluster()).filter((r) => r.error !== null)).toEqual([]);
  });

  const notChecked = STAMP_CHECKS.slice(1, 7);
  it.each<[string, () => { outputs?: Record<string, unknown>; objects?: KubeObject[]; appStatus?: number }, string[], string]>([
    ["the API server is unreachable", () => ({ outputs: { kubeconfig: adminKubeconfig(`https://${closedUrl}`, pki.ca, pki.admin) } }), ["API server", ...notChecked], "ECONNREFUSED"],
    ["the kubeconfig is another cluster's (HTTP 401)", () => ({ outputs: { kubeconfig: adminKubeconfig(kube.url, pki.ca, pki.foreignAdmin) } }), ["API server", ...notChecked], "HTTP 401 Unauthorized"],
    ["the kubeconfig output is not a kubeconfig", () => ({ outputs: { kubeconfig: `{"users": [{"client-key-data": "${Buffer.from(pki.admin.key).toString("base64")}"` } }), ["API server"], "not a kubeconfig"],
    [
      "a node is NotReady",
      () => ({ objects: changed("Node", "k8s-linuxpool-31415926-1", (n) => (n.status.conditions[3] = { ...n.status.conditions[3], status: "False", reason: "KubeletNotReady" })) }),
      ["nodes Ready"],
      "k8s-linuxpool-31415926-1: Ready False (KubeletNotReady)",
    ],
    [
      "a node stopped reporting (Ready Unknown)",
      () => ({ objects: changed("Node", "k8s-master-31415926-2", (n) => (n.status.conditions[3] = { ...n.status.conditions[3], status: "Unknown", reason: "NodeStatusUnknown" })) }),
      ["nodes Ready"],
      "k8s-master-31415926-2: Ready Unknown (NodeStatusUnknown)",
    ],
    ["fewer nodes than nodeCount", () => ({ objects: healthyCluster().filter((o) => o.metadata.name !== "k8s-linuxpool-31415926-0") }), ["node count"], "nodes, but the stack's nodeCount is"],
    ["more nodes than nodeCount", () => ({ outputs: { nodeCount: nodeCount() - 1 } }), ["node count"], "nodes, but the stack's nodeCount is"],
    ["a Deployment has a replica not ready", () => ({ objects: changed("Deployment", "ratings-api", (d) => ((d.status.readyReplicas = 1), (d.status.availableReplicas = 1))) }), ["Deployment ratings-api"], "1/2 ready"],
    [
      "a Deployment's rollout is still in progress",
      () => ({ objects: changed("Deployment", "ratings-web", (d) => (d.status.updatedReplicas = d.spec.replicas - 1)) }),
      ["Deployment ratings-web"],
      "rollout in progress",
    ],
    [
      "a Deployment exceeded its progress deadline",
      () => ({ objects: changed("Deployment", "ratings-web", (d) => (d.status.conditions[1] = { ...d.status.conditions[1], status: "False", reason: "ProgressDeadlineExceeded" })) }),
      ["Deployment ratings-web"],
      "exceeded its progress deadline",
    ],
    ["a Deployment is missing", () => ({ objects: healthyCluster().filter((o) => !(o.kind === "Deployment" && o.metadata.name === "ratings-web")) }), ["Deployment ratings-web"], "not found in namespace ratings"],
    ["the StatefulSet has no ready replica (zero counts are omitted)", () => ({ objects: changed("StatefulSet", "ratings-mongodb", (s) => delete s.status.readyReplicas) }), ["StatefulSet ratings-mongodb"], "0/"],
    ["the StatefulSet's new spec is not yet observed", () => ({ objects: changed("StatefulSet", "ratings-mongodb", (s) => (s.metadata.generation = 2)) }), ["StatefulSet ratings-mongodb"], "has not yet seen the latest spec"],
    [
      "the autoscaler cannot get its metrics (ScalingActive False)",
      () => ({
        objects: changed("HorizontalPodAutoscaler", "ratings-web", (h) => {
          h.status.conditions[1] = { ...h.status.conditions[1], status: "False", reason: "FailedGetResourceMetric", message: "the HPA was unable to compute the replica count: failed to get cpu utilization" };
          delete h.status.currentMetrics;
        }),
      }),
      ["HorizontalPodAutoscaler ratings-web"],
      "cannot scale: ScalingActive False, FailedGetResourceMetric: the HPA was unable to compute the replica count",
    ],
    [
      "the autoscaler cannot update its target's scale (AbleToScale False)",
      () => ({ objects: changed("HorizontalPodAutoscaler", "ratings-web", (h) => (h.status.conditions[0] = { ...h.status.conditions[0], status: "False", reason: "FailedGetScale" })) }),
      ["HorizontalPodAutoscaler ratings-web"],
      "cannot scale: AbleToScale False, FailedGetScale",
    ],
    ["the autoscaler was never evaluated", () => ({ objects: changed("HorizontalPodAutoscaler", "ratings-web", (h) => delete h.status.conditions) }), ["HorizontalPodAutoscaler ratings-web"], "has not evaluated it yet"],
    ["the autoscaler's target is below its minimum", () => ({ objects: changed("HorizontalPodAutoscaler", "ratings-web", (h) => (h.spec.minReplicas = h.status.currentReplicas + 1)) }), ["HorizontalPodAutoscaler ratings-web"], "fewer than its minReplicas"],
    ["the app answers 500", () => ({ appStatus: 500 }), ["app at appUrl"], "HTTP 500 from"],
    ["the app is unreachable", () => ({ outputs: { appUrl: `http://${closedUrl}/` } }), ["app at appUrl"], "ECONNREFUSED"],
    ["the stack has no appUrl yet", () => ({ outputs: { appUrl: undefined } }), ["app at appUrl"], "no appUrl yet"],
  ])("fails when %s, on that check only, and exits 2", async (_, scenario, failing, detail) => {
    const { outputs, objects, appStatus } = scenario();
    if (objects) kube.objects = objects;
    if (appStatus) app.status = appStatus;
    const { code, rows } = await run("stampA", stampOutputs(outputs));
    expect(rows.filter((r) => r.result === "FAIL").map((r) => r.check)).toEqual(failing);
    expect(rows.filter((r) => r.result === "PASS").map((r) => r.check)).toEqual(rows.map((r) => r.check).filter((check) => !failing.includes(check)));
    expect(rows.find((r) => r.check === failing[0])?.detail).toContain(detail);
    for (const check of failing.slice(1)) expect(rows.find((r) => r.check === check)?.detail).toBe("not checked: the API server did not answer");
    expect(code).toBe(2);
  });

  it("gives up on an API server and an app that never answer, each after its timeout", async () => {
    const silent = await startSilentServer();
    try {
      const timing = { ...FAST, requestTimeoutMs: 300, app: { attempts: 2, timeoutMs: 300, retryDelayMs: 10 } };
      const outputs = stampOutputs({ kubeconfig: adminKubeconfig(`https://${silent.host}`, pki.ca, pki.admin), appUrl: `http://${silent.host}/` });
      const { code, rows } = await run("stampA", outputs, TOKEN, timing);
      expect(rows[0]).toEqual({ check: "API server", result: "FAIL", detail: `https://${silent.host}: no answer within 0.3 s` });
      expect(rows.at(-1)).toEqual({ check: "app at appUrl", result: "FAIL", detail: `http://${silent.host}/: no answer within 0.3 s (2 attempts)` });
      expect(code).toBe(2);
    } finally {
      await silent.close();
    }
  });

  it("tries the app a few times: passes when it recovers, fails after the last attempt", async () => {
    app.next = [503];
    expect((await run("stampA", stampOutputs())).rows.at(-1)).toEqual({ check: "app at appUrl", result: "PASS", detail: `HTTP 200 from ${app.url} (attempt 2)` });
    expect(app.hits).toBe(2);
    app.status = 502;
    expect((await run("stampA", stampOutputs())).rows.at(-1)).toEqual({ check: "app at appUrl", result: "FAIL", detail: `HTTP 502 from ${app.url} (3 attempts)` });
    expect(app.hits).toBe(5);
    expect(clock.sleeps).toEqual([5_000, 5_000, 5_000]); // between attempts, through the injected clock
  });
});

describe("verify --wait on a stamp", () => {
  beforeEach(resetToHealthyStamp);
  const ns = () => plan.outputs.appNamespace as string;
  const hpaPath = () => `GET /apis/autoscaling/v2/namespaces/${ns()}/horizontalpodautoscalers/ratings-web`;

  it.each<[string, () => KubeObject[] | undefined, string, number]>([
    ["the autoscaler before its first sync", () => changed("HorizontalPodAutoscaler", "ratings-web", (h) => delete h.status.conditions), "HorizontalPodAutoscaler ratings-web", 1],
    [
      "the autoscaler without metrics yet (ScalingActive False, FailedGetResourceMetric)",
      () => changed("HorizontalPodAutoscaler", "ratings-web", (h) => (h.status.conditions[1] = { ...h.status.conditions[1], status: "False", reason: "FailedGetResourceMetric", message: "did not receive metrics for targeted pods (pods might be unready)" })),
      "HorizontalPodAutoscaler ratings-web",
      3,
    ],
    ["a Deployment rolling out", () => changed("Deployment", "ratings-web", (d) => (d.status.updatedReplicas = d.spec.replicas - 1)), "Deployment ratings-web", 2],
    ["a Deployment whose new pods are not ready yet", () => changed("Deployment", "ratings-api", (d) => (delete d.status.readyReplicas, delete d.status.availableReplicas)), "Deployment ratings-api", 1],
    ["a Deployment's new spec not yet observed", () => changed("Deployment", "ratings-api", (d) => (d.metadata.generation = 2)), "Deployment ratings-api", 1],
    ["the StatefulSet's pods starting", () => changed("StatefulSet", "ratings-mongodb", (st) => delete st.status.readyReplicas), "StatefulSet ratings-mongodb", 2],
    ["the app not answering yet", () => ((app.next = [503, 503, 503]), undefined), "app at appUrl", 1],
  ])("waits for %s: checks it again every 15 s until it passes, and exits 0", async (_, start, check, rounds) => {
    const objects = start();
    if (objects) kube.objects = objects;
    clock.onSleep = () => {
      // What the first round saw, then the world settling after `rounds` pauses of 15 s.
      if (clock.sleeps.filter((ms) => ms === 15_000).length === rounds) kube.objects = healthyCluster();
    };
    const { code, rows, text } = await run("stampA", stampOutputs(), TOKEN, FAST, ["--wait", "600"]);
    expect(rows.map((r) => [r.check, r.result])).toEqual(STAMP_CHECKS.map((c) => [c, "PASS"]));
    expect(code).toBe(0);
    expect(clock.sleeps.filter((ms) => ms === 15_000)).toHaveLength(rounds);
    // The app's own retries (two pauses of 5 s) count against the time given.
    expect(text).toContain(`waiting for ${check}: again in 15 s (${check === "app at appUrl" ? 590 : 600} s left)\n`);
    expect(text).toContain(`all ${STAMP_CHECKS.length} checks passed`);
    // Later rounds read only the pending object (after the API server, which every cluster check needs); the app is probed again only when it was pending.
    const later = kube.requests.slice(6);
    const object = later.find((r) => r !== "GET /version");
    if (check === "app at appUrl") expect(later).toEqual([]);
    else expect(later).toEqual(Array.from({ length: rounds }, () => ["GET /version", object]).flat());
    expect(app.hits).toBe(check === "app at appUrl" ? 4 : 1);
  });

  it("shows the last result of a transient check that never settles, within the time given, and exits 2", async () => {
    kube.objects = changed("Deployment", "ratings-web", (d) => (d.status.updatedReplicas = d.spec.replicas - 1));
    const { code, rows, text } = await run("stampA", stampOutputs(), TOKEN, FAST, ["--wait", "40"]);
    // Rounds at 0, 15, 30 and 40 s: the last at the deadline.
    expect(clock.sleeps).toEqual([15_000, 15_000, 10_000]);
    expect(text).toContain("waiting for Deployment ratings-web: again in 10 s (10 s left)\n");
    expect(kube.requests.filter((r) => r.endsWith("/deployments/ratings-web"))).toHaveLength(4);
    expect(rows.filter((r) => r.result === "FAIL")).toEqual([{ check: "Deployment ratings-web", result: "FAIL", detail: "rollout in progress: 1 of 2 replicas updated; 2/2 ready" }]);
    expect(code).toBe(2);
  });

  it("never waits for a failure that waiting does not change, and re-checks only the transient ones", async () => {
    kube.objects = changed("Deployment", "ratings-api", (d) => (d.status.conditions[1] = { ...d.status.conditions[1], status: "False", reason: "ProgressDeadlineExceeded" }));
    let result = await run("stampA", stampOutputs(), TOKEN, FAST, ["--wait", "600"]);
    expect(clock.sleeps).toEqual([]);
    expect(result.code).toBe(2);

    // A node NotReady (not transient) and an autoscaler not yet evaluated: only the autoscaler is read again; it passes, the node still fails.
    kube.objects = changed("HorizontalPodAutoscaler", "ratings-web", (h) => delete h.status.conditions);
    const notReady = kube.objects.find((o) => o.metadata.name === "k8s-linuxpool-31415926-1") as any;
    notReady.status.conditions[3] = { ...notReady.status.conditions[3], status: "False", reason: "KubeletNotReady" };
    const hpa = healthyCluster().find((o) => o.kind === "HorizontalPodAutoscaler") as KubeObject;
    const healed = kube.objects.map((o) => (o.kind === "HorizontalPodAutoscaler" ? hpa : o));
    clock.onSleep = () => (kube.objects = healed);
    kube.requests.length = 0;
    result = await run("stampA", stampOutputs(), TOKEN, FAST, ["--wait", "600"]);
    expect(clock.sleeps).toEqual([15_000]);
    expect(kube.requests.slice(6)).toEqual(["GET /version", hpaPath()]);
    expect(result.rows.filter((r) => r.result === "FAIL").map((r) => r.check)).toEqual(["nodes Ready"]);
    expect(result.rows.find((r) => r.check === "HorizontalPodAutoscaler ratings-web")?.result).toBe("PASS");
    expect(result.code).toBe(2);
  });

  it("without --wait (or --wait 0) checks once: a transient failure fails at once", async () => {
    kube.objects = changed("HorizontalPodAutoscaler", "ratings-web", (h) => delete h.status.conditions);
    for (const args of [[], ["--wait", "0"], ["--wait=0"]]) {
      const { code, text } = await run("stampA", stampOutputs(), TOKEN, FAST, args);
      expect({ args, code, waited: text.includes("waiting"), sleeps: clock.sleeps }).toEqual({ args, code: 2, waited: false, sleeps: [] });
    }
  });

  it("stops waiting when a pending check turns into a lasting failure (the object is deleted meanwhile)", async () => {
    kube.objects = changed("HorizontalPodAutoscaler", "ratings-web", (h) => delete h.status.conditions);
    clock.onSleep = () => (kube.objects = healthyCluster().filter((o) => o.kind !== "HorizontalPodAutoscaler"));
    const { code, rows } = await run("stampA", stampOutputs(), TOKEN, FAST, ["--wait", "600"]);
    expect(clock.sleeps).toEqual([15_000]);
    expect(rows.find((r) => r.check === "HorizontalPodAutoscaler ratings-web")).toEqual({ check: "HorizontalPodAutoscaler ratings-web", result: "FAIL", detail: `not found in namespace ${ns()}` });
    expect(code).toBe(2);
  });
});

describe("verify on the global stack", () => {
  const enabledOnline = (name: string, target: string): FakeEndpoint => ({ name, target, endpointStatus: "Enabled", endpointMonitorStatus: "Online" });
  beforeEach(() => {
    arm.endpoints = [enabledOnline("stampa", "192.0.2.10"), enabledOnline("stampb", "198.51.100.20")];
    arm.profileStatus = "Enabled";
    arm.requests.length = 0;
    tokenScopes.length = 0;
    app.status = 200;
  });

  it("passes when every endpoint is Enabled and Online and the app answers through the profile's URL, and exits 0", async () => {
    const { code, rows } = await run("global", globalOutputs());
    expect(rows).toEqual([
      { check: "Traffic Manager profile azs-ha-ratings", result: "PASS", detail: "Enabled, monitor Online, 2 endpoints" },
      { check: "endpoint stampa", result: "PASS", detail: "Enabled, Online (target 192.0.2.10)" },
      { check: "endpoint stampb", result: "PASS", detail: "Enabled, Online (target 198.51.100.20)" },
      { check: "app through Traffic Manager", result: "PASS", detail: `HTTP 200 from ${app.url}` },
    ]);
    expect(code).toBe(0);
    // One read of the profile, at the API version of the REST spec, with the credential's token for ARM's scope.
    expect(arm.requests).toEqual([
      { method: "GET", path: expect.stringMatching(/^\/subscriptions\/1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b\/resourceGroups\/azs-ha-global\/providers\/Microsoft\.Network\/trafficmanagerprofiles\/azs-ha-ratings$/i), apiVersion: "2022-04-01", authorization: `Bearer ${TOKEN}` },
    ]);
    expect(tokenScopes).toEqual([[`${arm.url}/.default`]]);
  });

  it.each<[string, () => void, EndpointReport[], string, string]>([
    ["an endpoint is Disabled", () => (arm.endpoints = [arm.endpoints[0], { ...arm.endpoints[1], endpointStatus: "Disabled", endpointMonitorStatus: "Disabled" }]), ENDPOINT_REPORTS, "endpoint stampb", "Disabled (target 198.51.100.20): it gets no traffic"],
    ["an endpoint is Degraded", () => (arm.endpoints = [{ ...arm.endpoints[0], endpointMonitorStatus: "Degraded" }, arm.endpoints[1]]), ENDPOINT_REPORTS, "endpoint stampa", "Enabled, monitor Degraded (target 192.0.2.10): the health probe fails"],
    ["an endpoint is still being checked", () => (arm.endpoints = [arm.endpoints[0], { ...arm.endpoints[1], endpointMonitorStatus: "CheckingEndpoint" }]), ENDPOINT_REPORTS, "endpoint stampb", "monitor CheckingEndpoint (target 198.51.100.20): the probe has not finished"],
    ["the profile is disabled", () => (arm.profileStatus = "Disabled"), ENDPOINT_REPORTS, "Traffic Manager profile azs-ha-ratings", "Disabled, monitor Online, 2 endpoints: a disabled profile answers no DNS query"],
    ["the app fails through Traffic Manager", () => (app.status = 503), ENDPOINT_REPORTS, "app through Traffic Manager", `HTTP 503 from`],
    [
      "a stamp has no endpoint yet",
      () => undefined,
      [...ENDPOINT_REPORTS, { stamp: "stampc", stack: "organization/azs-ha-kubernetes/stampC", target: null, status: "Skipped" }],
      "endpoint stampc",
      "no endpoint: stack organization/azs-ha-kubernetes/stampC had no ingressAddress",
    ],
  ])("fails when %s, on that check only, and exits 2", async (_, change, reports, failing, detail) => {
    change();
    const { code, rows } = await run("global", globalOutputs(reports));
    expect(rows.filter((r) => r.result === "FAIL").map((r) => [r.check, r.detail.includes(detail) ? detail : r.detail])).toEqual([[failing, detail]]);
    expect(code).toBe(2);
  });

  it("passes an endpoint drained on purpose (Disabled in Azure, reported Disabled by the stack), and exits 0", async () => {
    arm.endpoints = [arm.endpoints[0], { ...arm.endpoints[1], endpointStatus: "Disabled", endpointMonitorStatus: "Disabled" }];
    const reports: EndpointReport[] = [ENDPOINT_REPORTS[0], { ...ENDPOINT_REPORTS[1], status: "Disabled" }];
    const { code, rows } = await run("global", globalOutputs(reports));
    expect(rows.find((r) => r.check === "endpoint stampb")).toEqual({ check: "endpoint stampb", result: "PASS", detail: "drained on purpose (enabled: false) (target 198.51.100.20)" });
    expect(rows.every((r) => r.result === "PASS")).toBe(true);
    expect(code).toBe(0);
  });

  it("judges a drained stamp's endpoint as any other when Azure has it Enabled (the drain not applied yet)", async () => {
    arm.endpoints = [arm.endpoints[0], { ...arm.endpoints[1], endpointMonitorStatus: "Degraded" }];
    const { code, rows } = await run("global", globalOutputs([ENDPOINT_REPORTS[0], { ...ENDPOINT_REPORTS[1], status: "Disabled" }]));
    expect(rows.find((r) => r.check === "endpoint stampb")?.result).toBe("FAIL");
    expect(code).toBe(2);
  });

  it("with --wait, reads the profile again while an endpoint is CheckingEndpoint, until it is Online", async () => {
    const checking = [arm.endpoints[0], { ...arm.endpoints[1], endpointMonitorStatus: "CheckingEndpoint" }];
    arm.endpoints = checking;
    app.hits = 0;
    clock.onSleep = (count) => {
      if (count === 2) arm.endpoints = [arm.endpoints[0], { ...arm.endpoints[1], endpointMonitorStatus: "Online" }];
    };
    const { code, rows, text } = await run("global", globalOutputs(), TOKEN, FAST, ["--wait", "600"]);
    expect(clock.sleeps).toEqual([15_000, 15_000]);
    expect(text).toContain("waiting for endpoint stampb: again in 15 s (600 s left)\n");
    expect(text).toContain("waiting for endpoint stampb: again in 15 s (585 s left)\n");
    expect(rows.map((r) => r.result)).toEqual(["PASS", "PASS", "PASS", "PASS"]);
    expect(rows[2]).toEqual({ check: "endpoint stampb", result: "PASS", detail: "Enabled, Online (target 198.51.100.20)" });
    expect(arm.requests).toHaveLength(3);
    expect(app.hits).toBe(1); // the app passed in the first round: not probed again
    expect(code).toBe(0);
  });

  it("with --wait, does not wait for a Degraded endpoint (the stamp's app fails its probe)", async () => {
    arm.endpoints = [{ ...arm.endpoints[0], endpointMonitorStatus: "Degraded" }, arm.endpoints[1]];
    const { code } = await run("global", globalOutputs(), TOKEN, FAST, ["--wait", "600"]);
    expect(clock.sleeps).toEqual([]);
    expect(arm.requests).toHaveLength(1);
    expect(code).toBe(2);
  });

  it("fails the profile check with ARM's error when the token is refused, and still checks the app", async () => {
    const { code, rows } = await run("global", globalOutputs(), "an-expired-token-of-another-tenant");
    expect(rows).toEqual([
      { check: "Traffic Manager profile azs-ha-ratings", result: "FAIL", detail: "HTTP 401 InvalidAuthenticationToken: The access token is invalid." },
      { check: "app through Traffic Manager", result: "PASS", detail: `HTTP 200 from ${app.url}` },
    ]);
    expect(code).toBe(2);
  });
});

describe("verify's input errors", () => {
  const env = (outputs: StackOutputs | Error): VerifyEnvironment => ({
    root: ROOT,
    readOutputs: async () => {
      if (outputs instanceof Error) throw outputs;
      return outputs;
    },
    arm: { credential: credential(TOKEN), endpoint: arm.url, tlsOptions: { ca: pki.ca } },
    timing: FAST,
    clock,
    out: () => undefined,
  });

  it.each<[string, string[], () => StackOutputs | Error, string]>([
    ["no --stack", [], () => ({}), "--stack is required"],
    ["a --wait that is not a number of seconds", ["--stack", "stampA", "--wait", "ten"], () => stampOutputs(), '--wait: not a whole number of seconds: "ten"'],
    ["a --wait with a fraction", ["--stack", "stampA", "--wait=1.5"], () => stampOutputs(), '--wait: not a whole number of seconds: "1.5"'],
    ["an unknown stack", ["--stack", "stampZ"], () => ({}), '--stack: unknown stack "stampZ"; the stacks are: global, stampA, stampB'],
    ["outputs that cannot be read", ["--stack", "stampA"], () => new Error("no stack named 'stampA' found"), "could not read the outputs of stack stampA (needs the Pulumi CLI, logged in to the stack's backend): no stack named 'stampA' found"],
    ["a stamp never deployed (no kubeconfig)", ["--stack", "stampA"], () => stampOutputs({ kubeconfig: undefined }), "stack stampA has no kubeconfig output: run pulumi up on stampA first"],
    ["a global stack from before trafficManagerProfileId", ["--stack", "global"], () => ({ ...globalOutputs(), trafficManagerProfileId: undefined as never }), "stack global has no trafficManagerProfileId output"],
    [
      "a profile id that is not one",
      ["--stack", "global"],
      () => ({ ...globalOutputs(), trafficManagerProfileId: { value: "traffic-profile-id", secret: false } }),
      'stack global: output trafficManagerProfileId is not a Traffic Manager profile id (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/trafficManagerProfiles/<name>): "traffic-profile-id"',
    ],
  ])("refuses %s with one message naming what is wrong", async (_, argv, outputs, message) => {
    const result = verify(argv, env(outputs()));
    await expect(result).rejects.toBeInstanceOf(InputError);
    await expect(result).rejects.toThrow(message);
  });

  it("as a command, exits 1 with that message only (and loads the ES-module client under plain Node)", () => {
    const cli = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "ts-node", "dist", "bin.js"), "--transpile-only", "tools/verify.ts", "--stack", "nowhere"], { cwd: ROOT, encoding: "utf8" });
    expect({ status: cli.status, stdout: cli.stdout, stderr: cli.stderr }).toEqual({
      status: 1,
      stdout: "",
      stderr: '--stack: unknown stack "nowhere"; the stacks are: global, stampA, stampB\n',
    });
  });
});

describe("the secrets net", () => {
  it("masks any secret output's value, and the key material inside it, should a detail ever hold one", () => {
    const outputs = stampOutputs();
    const key = Buffer.from(pki.admin.key).toString("base64");
    const keyLine = pki.admin.key.split("\n")[1];
    const table = renderResults([{ check: "x", ok: false, detail: `tls: ${key} / ${keyLine} / ${outputs.kubeconfig.value}` }], secretOutputValues(outputs));
    expect(table).not.toContain(key);
    expect(table).not.toContain(keyLine);
    expect(table).toContain("tls: [secret] / [secret] / [secret]");
  });

  it("leaves non-secret text alone, host names included", () => {
    expect(redact(`HTTP 200 from ${app.url} at https://ratings-frankfurt.frankfurt.cloudapp.hub.fabrikam.example`, secretOutputValues(stampOutputs()))).toBe(
      `HTTP 200 from ${app.url} at https://ratings-frankfurt.frankfurt.cloudapp.hub.fabrikam.example`,
    );
  });
});
