/**
 * Guarantees of the stamp's plan that one-line bugs broke without a test noticing (issue 12,
 * item 3): the deployer account's ordering after the app's namespace, ratings-api's PORT against
 * its container port, the namespace of the deployer kubeconfig's context, the helper's Static
 * public IP, secret stdin on every remote step whatever the previous outputs hold, and the plan's
 * URN order; and, from the mutation sample, every kubeconfig's API server and the app's labels.
 * Read from the rendered plan, with a non-default app namespace so that nothing passes by
 * coincidence with the default one.
 */
import type { Plan, PlanResource } from "../tools/plan/evaluate";
import type { StackReferenceFixture } from "../tools/plan/mocks";
import { byName, deployedReference, ofType, planStack } from "./support/plan";
import type { KubeObject } from "./support/wiring";

const NAMESPACE = "storefront";
const SELF = "organization/azs-ha-kubernetes/stampA";
let plan: Plan;
let previous: Record<string, StackReferenceFixture>;

beforeAll(async () => {
  plan = await planStack("stampA", { values: { appNamespace: NAMESPACE }, showSecrets: true });
  previous = await deployedReference("stampA");
});

const objectsOf = (p: Plan): KubeObject[] =>
  p.resources.filter((r) => r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:helm.sh") && (r.inputs as KubeObject).kind !== undefined).map((r) => r.inputs as KubeObject);

describe("the deployer account", () => {
  it("creates each of its objects only after the app's namespace exists (the read-back of its token after the token)", () => {
    const namespace = byName(plan, "stampa-app-namespace");
    expect((namespace.inputs as KubeObject).metadata.name).toBe(NAMESPACE);
    const objects = plan.resources.filter((r) => r.name.startsWith("stampa-deployer-"));
    expect(objects.map((r) => r.name).sort()).toEqual(
      ["stampa-deployer-account", "stampa-deployer-binding", "stampa-deployer-role", "stampa-deployer-token", "stampa-deployer-token-issued"],
    );
    const waitsFor = (r: PlanResource) => (r.name === "stampa-deployer-token-issued" ? byName(plan, "stampa-deployer-token").urn : namespace.urn);
    for (const r of objects) expect({ name: r.name, waitsForIt: r.dependsOn.includes(waitsFor(r)) }).toEqual({ name: r.name, waitsForIt: true });
  });

  it("hands out a kubeconfig whose current context is the app's namespace, as the deployer", () => {
    const kubeconfig = JSON.parse(plan.outputs.deployerKubeconfig as string);
    const current = kubeconfig.contexts.find((c: { name: string }) => c.name === kubeconfig["current-context"]);
    expect(current).toEqual({ name: "deployer@ratings-redmond", context: { cluster: "ratings-redmond", user: "deployer", namespace: NAMESPACE } });
    expect(kubeconfig.users).toEqual([{ name: "deployer", user: { token: "mock-token-of-stampa-deployer-token-issued" } }]);
  });

  it("points every kubeconfig it uses or hands out at the API server it reports (the hub's domain, from the generated apimodel)", () => {
    const servers = (text: string) => (JSON.parse(text) as { clusters: { cluster: { server: string } }[] }).clusters.map((c) => c.cluster.server);
    const provider = byName(plan, "stampa-kubernetes").inputs as { kubeconfig: string };
    expect(plan.outputs.apiServerUrl).toBe("https://ratings-redmond.redmond.cloudapp.azurestack.contoso.com");
    expect([...servers(provider.kubeconfig), ...servers(plan.outputs.kubeconfig as string), ...servers(plan.outputs.deployerKubeconfig as string)])
      .toEqual(Array(3).fill(plan.outputs.apiServerUrl));
  });
});

describe("the app's containers", () => {
  it("listen where they are told to: a PORT variable is the container port the Service sends traffic to", () => {
    const objects = objectsOf(plan);
    const checked: string[] = [];
    for (const workload of objects.filter((o) => o.kind === "Deployment" || o.kind === "StatefulSet")) {
      const podLabels: Record<string, string> = workload.spec.template.metadata.labels;
      const services = objects.filter((o) => o.kind === "Service" && Object.entries(o.spec.selector ?? {}).every(([k, v]) => podLabels[k] === v));
      for (const container of workload.spec.template.spec.containers as { name: string; env?: { name: string; value?: string }[]; ports?: { name?: string; containerPort: number }[] }[]) {
        const port = container.env?.find((e) => e.name === "PORT");
        if (!port) continue;
        const targets = services.flatMap((s) => (s.spec.ports as { targetPort?: string | number; port: number }[]).map((p) => p.targetPort ?? p.port));
        const served = targets.map((t) => (typeof t === "number" ? t : container.ports?.find((p) => p.name === t)?.containerPort));
        expect({ container: container.name, PORT: port.value, served }).toEqual({ container: container.name, PORT: port.value, served: [Number(port.value)] });
        checked.push(container.name);
      }
    }
    expect(checked).toContain("ratings-api");
  });
});

describe("the app's objects", () => {
  it("carry their tier as `app` and `app.kubernetes.io/part-of: ratings`, so `kubectl get -l` finds a tier, or the whole app", () => {
    const app = objectsOf(plan).filter((o) => o.metadata.namespace === NAMESPACE && !o.metadata.name.startsWith("deployer"));
    const tierOf = (name: string) => ["ratings-api", "ratings-web", "ratings-mongodb"].find((tier) => name.startsWith(tier));
    expect(app.map((o) => `${o.kind}/${o.metadata.name.replace(/-[0-9a-f]{10}$/, "-<hash>")}`).sort()).toEqual([
      "ConfigMap/ratings-mongodb-members", "ConfigMap/ratings-mongodb-scripts-<hash>", "Deployment/ratings-api", "Deployment/ratings-web",
      "HorizontalPodAutoscaler/ratings-web", "Ingress/ratings-web", "PodDisruptionBudget/ratings-api", "PodDisruptionBudget/ratings-mongodb",
      "PodDisruptionBudget/ratings-web", "Secret/ratings-mongodb", "Service/ratings-api", "Service/ratings-mongodb", "Service/ratings-web", "StatefulSet/ratings-mongodb",
    ]);
    for (const o of app) {
      expect({ object: `${o.kind}/${o.metadata.name}`, labels: o.metadata.labels }).toEqual({
        object: `${o.kind}/${o.metadata.name}`, labels: { app: tierOf(o.metadata.name), "app.kubernetes.io/part-of": "ratings" },
      });
    }
  });
});

describe("the helper VM", () => {
  it("gets a Static public IP, so its DNS name and pinned host stay with the same address across reboots", () => {
    const ips = ofType(plan, "azure-native:resources:Resource").filter((r) => (r.inputs as { resourceType: string }).resourceType === "publicIPAddresses");
    expect(ips.map((r) => [r.name, (r.inputs as { properties: Record<string, unknown> }).properties])).toEqual([
      ["stampa-helper-pip", expect.objectContaining({ publicIPAllocationMethod: "Static", dnsSettings: { domainNameLabel: "stampa-helper" } })],
    ]);
  });
});

describe("stdin of every remote step", () => {
  const withoutSecretBackup = (fixture: Record<string, StackReferenceFixture>) => ({
    [SELF]: { ...fixture[SELF], secretOutputNames: (fixture[SELF].secretOutputNames ?? []).filter((name) => name !== "apimodelBackup") },
  });
  const cases: [string, () => Promise<Plan>][] = [
    ["before the first deploy (no backup: the restore's stdin is a bare newline)", async () => plan],
    ["with the previous backup stored as a secret", () => planStack("stampA", { stackReferences: previous })],
    ["with the previous backup stored in plain text (a stack from before it was secret)", () => planStack("stampA", { stackReferences: withoutSecretBackup(previous) })],
  ];

  it.each(cases)("is secret %s", async (_case, planOf) => {
    const p = await planOf();
    const steps = ofType(p, "command:remote:Command").filter((r) => (r.inputs as { stdin?: unknown }).stdin !== undefined);
    expect(steps.map((r) => r.name).sort()).toEqual(
      ["deploy", "operations-kubernetes-upgrade", "operations-node-image-refresh", "operations-scale", "restore-g1"].map((s) => `stampa-cluster-${s}`),
    );
    for (const r of steps) expect({ step: r.name, secret: r.secretInputs.includes("stdin") }).toEqual({ step: r.name, secret: true });
  });

  it("the plan-text fixture really holds the backup in plain text (the third case tests what it says)", () => {
    expect(withoutSecretBackup(previous)[SELF].secretOutputNames).not.toContain("apimodelBackup");
    expect(typeof previous[SELF].outputs.apimodelBackup).toBe("string");
    expect(previous[SELF].secretOutputNames).toContain("apimodelBackup");
  });
});

describe("the plan", () => {
  it("lists its resources sorted by URN (what keeps plan diffs in one order)", async () => {
    const urns = plan.resources.map((r) => r.urn);
    expect(urns).toEqual([...urns].sort());
    const stampB = (await planStack("stampB")).resources.map((r) => r.urn);
    expect(stampB).toEqual([...stampB].sort());
  });
});
