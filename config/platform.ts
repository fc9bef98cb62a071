/**
 * Parsing of the in-cluster platform settings of a stamp: ingress controller, monitoring and
 * the ratings application. Pure, like the rest of config parsing.
 */
import { GUID, STACK_NAME } from "./patterns";
import type { ConfigReader } from "./reader";
import type { AppConfig, IngressConfig, IngressKind, MongoConfig, MonitoringConfig } from "./types";

export const INGRESS_CHART_VERSIONS: Readonly<Record<IngressKind, string>> = { nginx: "2.7.2", traefik: "37.1.2" };

const CHART_VERSION = /^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const IMAGE = /^[a-z0-9]+([._/:@-][A-Za-z0-9_.-]+)*$/;
const IMAGE_RULE = "must be an image reference like repository/name:tag";
const QUANTITY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/;
const STORAGE_CLASS = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

export function readIngress<S>(r: ConfigReader<S>): IngressConfig | undefined {
  const kind = r.oneOf("ingressController", ["nginx", "traefik"] as const);
  const chartVersion = r.matching("ingressChartVersion", CHART_VERSION, "must be a chart version like 2.7.2");
  const replicas = r.integer("ingressReplicas", { min: 2, max: 10 });
  if (!kind || replicas === undefined || (r.isSet("ingressChartVersion") && !chartVersion)) return undefined;
  return { kind, chartVersion: chartVersion ?? INGRESS_CHART_VERSIONS[kind], replicas };
}

export function readMonitoring<S>(r: ConfigReader<S>): MonitoringConfig<S> | undefined {
  const enabled = r.boolean("monitoringEnabled");
  const chartVersion = r.matching("monitoringChartVersion", CHART_VERSION, "must be a chart version like 3.1.28");
  if (enabled === false) {
    r.unused(["globalStack", "monitoringWorkspaceId", "monitoringWorkspaceKey"], "when monitoringEnabled is false");
    return { enabled };
  }
  const fromStack = r.matching("globalStack", STACK_NAME, "must be a fully qualified stack name like myorg/azs-ha-kubernetes/global");
  const explicit = r.isSet("monitoringWorkspaceId") || r.isSet("monitoringWorkspaceKey");
  if (r.isSet("globalStack") && explicit) {
    r.problem("globalStack", "set either globalStack or monitoringWorkspaceId with monitoringWorkspaceKey, not both");
    return undefined;
  }
  if (enabled === undefined || !chartVersion) return undefined;
  if (fromStack) return { enabled, chartVersion, workspace: { fromStack } };
  if (!explicit) {
    if (!r.isSet("globalStack")) {
      r.problem("globalStack", "required when monitoringEnabled is true (or set monitoringWorkspaceId and monitoringWorkspaceKey); set it with: pulumi config set globalStack <org>/azs-ha-kubernetes/global", true);
    }
    return undefined;
  }
  const id = r.matching("monitoringWorkspaceId", GUID, "must be the workspace's customer id, a GUID", { required: true, why: " with monitoringWorkspaceKey" });
  const key = r.secret("monitoringWorkspaceKey", { required: true, why: " with monitoringWorkspaceId" });
  return id && key !== undefined ? { enabled, chartVersion, workspace: { id: id.toLowerCase(), key } } : undefined;
}

export function readApp<S>(r: ConfigReader<S>): AppConfig | undefined {
  const namespace = r.matching("appNamespace", NAMESPACE, "must be a Kubernetes namespace name (lower-case letters, digits, hyphens)");
  if (namespace !== undefined && (namespace.startsWith("kube-") || namespace === "default")) {
    r.problem("appNamespace", `${JSON.stringify(namespace)} is reserved; choose the application's own namespace`);
  }
  const podSecurityLevel = r.oneOf("appPodSecurityLevel", ["restricted", "baseline"] as const, " (a privileged or hostPath pod could read the node's cloud credentials)");
  const webImage = r.matching("appWebImage", IMAGE, IMAGE_RULE);
  const apiImage = r.matching("appApiImage", IMAGE, IMAGE_RULE);
  const mongo = readMongo(r);
  const minReplicas = r.integer("appHpaMinReplicas", { min: 1, max: 100 });
  const maxReplicas = r.integer("appHpaMaxReplicas", { min: 1, max: 100 });
  const cpuPercent = r.integer("appHpaCpuPercent", { min: 10, max: 100 });
  if (minReplicas !== undefined && maxReplicas !== undefined && minReplicas > maxReplicas) {
    r.problem("appHpaMaxReplicas", `${maxReplicas} is below appHpaMinReplicas ${minReplicas}`);
    return undefined;
  }
  if (minReplicas === 1) {
    r.warnings.push(
      "appHpaMinReplicas is 1 (the guide's value): ratings-web is not drain-safe. Every drain of its node (Kubernetes upgrade, node image refresh, " +
        "scale-down) and every loss of that node leaves the stamp without a web pod until a new one has compiled its front end. Set it to 2 or more",
    );
  }
  if (!namespace || !podSecurityLevel || !webImage || !apiImage || !mongo || minReplicas === undefined || maxReplicas === undefined || cpuPercent === undefined) return undefined;
  return { namespace, podSecurityLevel, webImage, apiImage, mongo, hpa: { minReplicas, maxReplicas, cpuPercent } };
}

/** Voting members a replica set may have (MongoDB allows at most 7), odd so that each one added tolerates one more lost member. */
export const MONGO_MEMBER_COUNTS: readonly number[] = [1, 3, 5, 7];

function readMongo<S>(r: ConfigReader<S>): MongoConfig | undefined {
  const image = r.matching("appMongoImage", IMAGE, IMAGE_RULE);
  const count = r.integer("appMongoReplicas", { min: 1, max: 7 });
  const replicas = count !== undefined && MONGO_MEMBER_COUNTS.includes(count) ? count : undefined;
  if (count !== undefined && replicas === undefined) {
    r.problem("appMongoReplicas", `${count} is not allowed; allowed values: ${MONGO_MEMBER_COUNTS.join(", ")} (an even number of members tolerates no more lost members than one fewer)`);
  }
  if (replicas === 1) {
    r.warnings.push(
      "appMongoReplicas is 1: MongoDB is not drain-safe. Every drain of its node (Kubernetes upgrade, node image refresh, scale-down) and every loss " +
        "of that node stops ratings-api's reads and writes until the member has moved and re-attached its volume. Set it to 3 (at most agentCount)",
    );
  }
  const storageClass = r.matching("appMongoStorageClass", STORAGE_CLASS, "must be a storage class name");
  const storageSize = r.matching("appMongoStorageSize", QUANTITY, "must be a Kubernetes quantity like 8Gi");
  if (!image || replicas === undefined || !storageSize || (r.isSet("appMongoStorageClass") && !storageClass)) return undefined;
  return { image, replicas, storageSize, ...(storageClass !== undefined ? { storageClass } : {}) };
}
