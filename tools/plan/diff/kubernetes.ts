/**
 * When the Kubernetes provider replaces an object instead of patching it. Source:
 * pulumi/pulumi-kubernetes (snapshot of 2026-07-01, 94977969d; the 4.x line this project pins),
 * - provider/pkg/provider/provider.go `Diff`: `.metadata.name` and `.metadata.namespace` always
 *   replace; otherwise the kind's fields from `forceNewProperties`; a replacement is delete-first
 *   when the object is named (not autonamed) and keeps its name and namespace;
 * - provider/pkg/provider/diff.go `forceNewProperties` and its `forceNew` table (transcribed below):
 *   the fields the API server refuses to change (apps/v1 StatefulSet: podManagementPolicy,
 *   revisionHistoryLimit, selector, serviceName, volumeClaimTemplates; Deployment and DaemonSet:
 *   selector); Secrets replace on `type`, `stringData`, `data` unless the provider has
 *   `enableSecretMutable` (and the Secret is not `immutable`), ConfigMaps likewise with
 *   `enableConfigMapMutable`; `*Patch` kinds replace only on name and namespace;
 * - provider/pkg/provider/helm_release.go `helmReleaseProvider.Diff`: a `helm.sh/v3:Release`
 *   replaces when `.name` or `.namespace` changes, any other change is a `helm upgrade`;
 * - provider/pkg/provider/provider.go `DiffConfig` (with util.go `getActiveClusterFromConfig`):
 *   the provider itself is replaced when the kubeconfig's active cluster (or `context`/`cluster`)
 *   changes, when one of them is unknown, when `renderYamlToDirectory` changes, or when a set
 *   `clusterIdentifier` changes; an unchanged `clusterIdentifier` means no replacement.
 * The provider diffs the new inputs against the live object pruned to the old inputs; offline
 * there is no live object, so drift made by others is not seen.
 */
import * as yaml from "js-yaml";
import { deepEqual, isObject, parsePath, Pattern } from "./paths";

const SELECTOR = ["matchExpressions", "matchExpressions.key", "matchExpressions.operator", "matchExpressions.values", "matchLabels"];
const selector = (prefix: string) => [prefix, ...SELECTOR.map((p) => `${prefix}.${p}`)];
const CONTAINER = [
  "args", "command", "env", "env.value", "image", "imagePullPolicy", "lifecycle", "livenessProbe", "ports", "readinessProbe", "resources",
  "securityContext", "stdin", "stdinOnce", "terminationMessagePath", "terminationMessagePolicy", "tty", "volumeDevices", "volumeMounts", "workingDir",
];
const POD = [
  ...["affinity", "automountServiceAccountToken", "dnsConfig", "dnsPolicy", "enableServiceLinks", "hostAliases", "hostIPC", "hostNetwork", "hostPID"],
  ...["hostname", "imagePullSecrets", "nodeName", "nodeSelector", "overhead", "preemptionPolicy", "priority", "priorityClassName", "readinessGates"],
  ...["restartPolicy", "runtimeClassName", "schedulerName", "securityContext", "serviceAccount", "serviceAccountName", "shareProcessNamespace"],
  ...["subdomain", "terminationGracePeriodSeconds", "volumes"],
].map((f) => `spec.${f}`).concat(["containers", "initContainers"].flatMap((c) => CONTAINER.map((f) => `spec.${c}[*].${f}`)));
const PV_SOURCES = ["awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "csi", "fc", "flexVolume", "flocker", "gcePersistentDisk"]
  .concat(["glusterfs", "hostPath", "iscsi", "local", "nfs", "photonPersistentDisk", "portworxVolume", "quobyte", "rbd", "scaleIO", "storageos", "vsphereVolume"]);

const statefulSet = ["spec.podManagementPolicy", "spec.revisionHistoryLimit", "spec.serviceName", "spec.volumeClaimTemplates", ...selector("spec.selector")];
const deployment = selector("spec.selector");
const job = ["spec.completions", "spec.parallelism", "spec.template", ...selector("spec.selector")];
const roleBinding = ["roleRef"];
const core: Record<string, readonly string[]> = {
  PersistentVolume: PV_SOURCES.map((s) => `spec.${s}`),
  PersistentVolumeClaim: ["spec.accessModes", "spec.storageClassName", "spec.volumeName", ...selector("spec.selector")],
  Pod: POD,
  ResourceQuota: ["spec.scopes"],
  Secret: ["type"],
  Service: ["spec.clusterIP"],
};

/** diff.go `forceNew`: group → version → kind → fields (`core` also under its legacy name ""). */
const FORCE_NEW: Record<string, Record<string, Record<string, readonly string[]>>> = {
  apps: {
    v1beta1: { StatefulSet: statefulSet },
    v1beta2: { DaemonSet: deployment, Deployment: deployment, StatefulSet: statefulSet },
    v1: { DaemonSet: deployment, Deployment: deployment, StatefulSet: statefulSet },
  },
  core: { v1: core },
  policy: { v1beta1: { PodDisruptionBudget: ["spec"] } },
  "rbac.authorization.k8s.io": {
    v1alpha1: { ClusterRoleBinding: roleBinding, RoleBinding: roleBinding },
    v1beta1: { ClusterRoleBinding: roleBinding, RoleBinding: roleBinding },
    v1: { ClusterRoleBinding: roleBinding, RoleBinding: roleBinding },
  },
  "storage.k8s.io": { v1: { StorageClass: ["parameters", "provisioner"] } },
  batch: { v1beta1: { Job: job }, v1: { Job: job }, v2alpha1: { Job: job } },
};

export const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

/** `kubernetes:apps/v1:Deployment` → group, version, kind. */
function gvk(type: string): { group: string; version: string; kind: string } | undefined {
  const match = /^kubernetes:([^/:]+)\/([^:]+):(.+)$/.exec(type);
  return match ? { group: match[1], version: match[2], kind: match[3] } : undefined;
}

const truthy = (v: unknown) => v === true || v === "true";

/** The paths whose change replaces this Kubernetes object (or Helm release). */
export function kubernetesReplacePaths(type: string, inputs: Record<string, unknown>, providerInputs: Record<string, unknown> = {}): Pattern[] {
  if (type === HELM_RELEASE) return [["name"], ["namespace"]];
  const fields = ["metadata.name", "metadata.namespace"];
  const id = gvk(type);
  if (id && !id.kind.endsWith("Patch")) {
    const kinds = FORCE_NEW[id.group]?.[id.version];
    const immutable = truthy(inputs.immutable);
    if (kinds && id.group === "core" && id.kind === "Secret" && (!truthy(providerInputs.enableSecretMutable) || immutable)) fields.push("type", "stringData", "data");
    else if (kinds?.[id.kind]) fields.push(...kinds[id.kind]);
    else if (kinds && id.group === "core" && id.kind === "ConfigMap" && (!truthy(providerInputs.enableConfigMapMutable) || immutable)) fields.push("binaryData", "data");
  }
  return fields.map(parsePath);
}

const metadata = (inputs: Record<string, unknown>) => (isObject(inputs.metadata) ? inputs.metadata : {});

/** provider.go `Diff`: a replacement of a named object that keeps its name and namespace deletes first. */
export function kubernetesDeletesFirst(type: string, before: Record<string, unknown>, after: Record<string, unknown>): boolean {
  if (type === HELM_RELEASE) return false;
  const [old, neu] = [metadata(before), metadata(after)];
  const annotations = isObject(neu.annotations) ? neu.annotations : {};
  return typeof neu.name === "string" && neu.name !== "" && annotations["pulumi.com/autonamed"] !== "true" && neu.name === old.name && neu.namespace === old.namespace;
}

interface NamedEntry {
  readonly name?: unknown;
  readonly cluster?: unknown;
  readonly context?: { cluster?: unknown };
}

/** util.go `getActiveClusterFromConfig`: the current context's cluster, `context`/`cluster` overriding. */
function activeCluster(inputs: Record<string, unknown>): unknown {
  const raw = inputs.kubeconfig;
  let config: Record<string, unknown>;
  try {
    config = (typeof raw === "string" ? yaml.load(raw) : raw) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!isObject(config)) return undefined;
  const list = (key: string) => (Array.isArray(config[key]) ? (config[key] as NamedEntry[]) : []);
  const contextName = typeof inputs.context === "string" ? inputs.context : config["current-context"];
  const context = list("contexts").find((c) => c.name === contextName)?.context;
  const clusterName = typeof inputs.cluster === "string" ? inputs.cluster : context?.cluster;
  return context ? list("clusters").find((c) => c.name === clusterName)?.cluster : undefined;
}

/** provider.go `DiffConfig`: which changed provider settings replace the provider (and so all its objects). */
export function kubernetesProviderReplaceKeys(before: Record<string, unknown>, after: Record<string, unknown>, unknown: string): string[] {
  const changed = (key: string) => !deepEqual(before[key], after[key]);
  if (after.clusterIdentifier !== undefined && !changed("clusterIdentifier")) return [];
  const keys: string[] = [];
  if (before.clusterIdentifier !== undefined && after.clusterIdentifier !== undefined && changed("clusterIdentifier")) keys.push("clusterIdentifier");
  const identity = ["kubeconfig", "context", "cluster"];
  const computed = identity.filter((key) => after[key] === unknown);
  if (computed.length > 0) return [...keys, ...computed];
  if (changed("renderYamlToDirectory")) keys.push("renderYamlToDirectory");
  const [old, neu] = [activeCluster(before), activeCluster(after)];
  if (old !== undefined && neu !== undefined && !deepEqual(old, neu)) keys.push(...identity.filter(changed));
  return keys;
}
