/**
 * Issue 8, finding 1: the namespace-scoped deployer account must not be able to become
 * cluster-admin. The app's namespace enforces a Pod Security Standard that refuses privileged and
 * hostPath pods (evaluated with the port of the upstream checks in tests/support/podSecurity/),
 * the app's own pods pass `restricted`, and the deployer's Role grants nothing that escalates.
 */
import type { Plan } from "../tools/plan/evaluate";
import { Level, podSecurityError, PodSpec } from "./support/podSecurity/evaluate";
import { planStack } from "./support/plan";
import type { KubeObject } from "./support/wiring";

const objects = (plan: Plan, kind: string) =>
  plan.resources.map((r) => r.inputs as KubeObject).filter((o) => o.kind === kind && o.metadata?.name !== undefined);
const appNamespace = (plan: Plan) => objects(plan, "Namespace").find((ns) => ns.metadata.labels?.["app.kubernetes.io/part-of"] === "ratings")!;

const plans: Record<string, Plan> = {};
beforeAll(async () => {
  plans.stampA = await planStack("stampA", { showSecrets: true });
  plans.stampB = await planStack("stampB", { showSecrets: true });
  plans["stampA at baseline"] = await planStack("stampA", { showSecrets: true, values: { appPodSecurityLevel: "baseline" } });
});

/** A copy of ratings-api's pod (which passes `restricted`) changed the way an attacker would. */
function attackOn(plan: Plan, change: (spec: PodSpec) => void): { spec: PodSpec } {
  const api = objects(plan, "Deployment").find((d) => d.metadata.name === "ratings-api")!;
  const spec = structuredClone(api.spec.template.spec) as PodSpec;
  change(spec);
  return { spec };
}
// Kubernetes' API validation refuses privileged together with allowPrivilegeEscalation=false, so a privileged pod drops the latter.
const privileged = (spec: PodSpec) => (spec.containers[0].securityContext = { privileged: true, capabilities: { drop: ["ALL"] } });
const hostPath = (spec: PodSpec) => {
  spec.volumes = [{ name: "host", hostPath: { path: "/" } }];
  Object.assign(spec.containers[0], { volumeMounts: [{ name: "host", mountPath: "/host" }] });
};

/** [stack, enforced level, the privileged pod's refusal, the hostPath pod's refusal] */
const STAMPS: [string, Level, string, string][] = [
  ["stampA", "restricted",
    'violates PodSecurity "restricted:v1.33": privileged (container "ratings-api" must not set securityContext.privileged=true), ' +
      'allowPrivilegeEscalation != false (container "ratings-api" must set securityContext.allowPrivilegeEscalation=false)',
    'violates PodSecurity "restricted:v1.33": restricted volume types (volume "host" uses restricted volume type "hostPath")'],
  ["stampB", "restricted",
    'violates PodSecurity "restricted:v1.33": privileged (container "ratings-api" must not set securityContext.privileged=true), ' +
      'allowPrivilegeEscalation != false (container "ratings-api" must set securityContext.allowPrivilegeEscalation=false)',
    'violates PodSecurity "restricted:v1.33": restricted volume types (volume "host" uses restricted volume type "hostPath")'],
  ["stampA at baseline", "baseline",
    'violates PodSecurity "baseline:v1.33": privileged (container "ratings-api" must not set securityContext.privileged=true)',
    'violates PodSecurity "baseline:v1.33": hostPath volumes (volume "host")'],
];

describe.each(STAMPS)("the app namespace of %s", (stack, level, privilegedRefusal, hostPathRefusal) => {
  const labels = () => appNamespace(plans[stack]).metadata.labels!;

  it(`enforces ${level} at the cluster's minor, and warns and audits at restricted, latest`, () => {
    expect(labels()).toEqual({
      "app.kubernetes.io/part-of": "ratings",
      "pod-security.kubernetes.io/enforce": level,
      "pod-security.kubernetes.io/enforce-version": "v1.33",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/warn-version": "latest",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/audit-version": "latest",
    });
  });

  it("admits every pod the stamp declares, at the enforced level and at restricted", () => {
    const templates = [...objects(plans[stack], "Deployment"), ...objects(plans[stack], "StatefulSet")].filter((w) => w.metadata.namespace === "ratings");
    expect(templates.map((w) => `${w.kind} ${w.metadata.name}`).sort()).toEqual(["Deployment ratings-api", "Deployment ratings-web", "StatefulSet ratings-mongodb"]);
    for (const { template } of templates.map((w) => w.spec)) {
      expect(podSecurityError(labels()["pod-security.kubernetes.io/enforce"] as Level, labels()["pod-security.kubernetes.io/enforce-version"], template)).toBeUndefined();
      expect(podSecurityError("restricted", "latest", template)).toBeUndefined();
    }
  });

  it("refuses a privileged pod", () => {
    expect(podSecurityError(level, "v1.33", attackOn(plans[stack], privileged))).toBe(privilegedRefusal);
  });

  it("refuses a pod that mounts the node's root directory", () => {
    expect(podSecurityError(level, "v1.33", attackOn(plans[stack], hostPath))).toBe(hostPathRefusal);
  });
});

describe("the app's pods", () => {
  it("run as the users their images were built for, never root", () => {
    const pods = Object.fromEntries(
      [...objects(plans.stampA, "Deployment"), ...objects(plans.stampA, "StatefulSet")].map((w) => [w.metadata.name, w.spec.template.spec]),
    );
    const contexts = Object.fromEntries(Object.entries(pods).map(([name, spec]) => [name, spec.securityContext]));
    expect(contexts).toEqual({
      "ratings-mongodb": { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999, fsGroupChangePolicy: "OnRootMismatch", seccompProfile: { type: "RuntimeDefault" } },
      "ratings-api": { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
      "ratings-web": { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
    });
    for (const [name, spec] of Object.entries(pods)) {
      expect(spec.automountServiceAccountToken).toBe(false);
      for (const container of [...spec.containers, ...(spec.initContainers ?? [])] as { name: string; securityContext: object }[]) {
        expect({ pod: name, container: container.name, securityContext: container.securityContext }).toEqual({
          pod: name, container: container.name, securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
        });
      }
    }
  });
});

describe("the deployer Role", () => {
  const rules = () => objects(plans.stampA, "Role").find((r) => r.metadata.name === "deployer")!.rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[];

  it("grants exactly what deploying the app needs", () => {
    const deploy = ["get", "list", "watch", "create", "update", "patch", "delete"];
    const read = ["get", "list", "watch"];
    expect(rules()).toEqual([
      { apiGroups: ["apps"], resources: ["deployments", "statefulsets"], verbs: deploy },
      { apiGroups: ["apps"], resources: ["replicasets"], verbs: read },
      { apiGroups: [""], resources: ["services", "configmaps"], verbs: deploy },
      { apiGroups: [""], resources: ["persistentvolumeclaims"], verbs: read },
      { apiGroups: [""], resources: ["pods", "events"], verbs: read },
      { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] },
      { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: deploy },
      { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: deploy },
      { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: deploy },
    ]);
  });

  it("grants no verb on RBAC objects, pods/exec, pods/attach, pods/portforward, pods themselves, Secrets or service account tokens, and no wildcard", () => {
    const granted = rules().flatMap((r) => r.apiGroups.flatMap((group) => r.resources.map((resource) => ({ group, resource, verbs: r.verbs }))));
    const escalating = granted.filter(
      ({ group, resource, verbs }) =>
        group === "*" || resource === "*" || verbs.includes("*") || ["escalate", "bind", "impersonate"].some((v) => verbs.includes(v)) ||
        group === "rbac.authorization.k8s.io" ||
        (group === "" && ["pods/exec", "pods/attach", "pods/portforward", "secrets", "serviceaccounts", "serviceaccounts/token"].includes(resource)) ||
        (group === "" && resource === "pods" && verbs.some((v) => !["get", "list", "watch"].includes(v))),
    );
    expect(escalating).toEqual([]);
  });

  it("is the only grant in the namespace: one RoleBinding, to the deployer account", () => {
    expect(objects(plans.stampA, "RoleBinding").map((b) => ({ roleRef: b.roleRef, subjects: b.subjects }))).toEqual([
      { roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "deployer" }, subjects: [{ kind: "ServiceAccount", name: "deployer", namespace: "ratings" }] },
    ]);
    expect(objects(plans.stampA, "ClusterRoleBinding")).toEqual([]);
  });
});
