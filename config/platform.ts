/**
 * Parsing of the in-cluster platform settings of a stamp: ingress controller, monitoring and
 * the ratings application. Pure, like the rest of config parsing.
 */
import { GUID, STACK_NAME } from "./patterns";
import type { ConfigReader } from "./reader";
import type { AppConfig, IngressConfig, IngressKind, MonitoringConfig } from "./types";

export const INGRESS_CHART_VERSIONS: Readonly<Record<IngressKind, string>> = { nginx: "2.7.2", traefik: "37.1.2" };

const CHART_VERSION = /^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const IMAGE = /^[a-z0-9]+([._/:@-][A-Za-z0-9_.-]+)*$/;
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
  const image = "must be an image reference like repository/name:tag";
  const namespace = r.matching("appNamespace", NAMESPACE, "must be a Kubernetes namespace name (lower-case letters, digits, hyphens)");
  if (namespace !== undefined && (namespace.startsWith("kube-") || namespace === "default")) {
    r.problem("appNamespace", `${JSON.stringify(namespace)} is reserved; choose the application's own namespace`);
  }
  const podSecurityLevel = r.oneOf("appPodSecurityLevel", ["restricted", "baseline"] as const, " (a privileged or hostPath pod could read the node's cloud credentials)");
  const webImage = r.matching("appWebImage", IMAGE, image);
  const apiImage = r.matching("appApiImage", IMAGE, image);
  const mongoImage = r.matching("appMongoImage", IMAGE, image);
  const mongoStorageClass = r.matching("appMongoStorageClass", STORAGE_CLASS, "must be a storage class name");
  const mongoStorageSize = r.matching("appMongoStorageSize", QUANTITY, "must be a Kubernetes quantity like 8Gi");
  const minReplicas = r.integer("appHpaMinReplicas", { min: 1, max: 100 });
  const maxReplicas = r.integer("appHpaMaxReplicas", { min: 1, max: 100 });
  const cpuPercent = r.integer("appHpaCpuPercent", { min: 10, max: 100 });
  if (minReplicas !== undefined && maxReplicas !== undefined && minReplicas > maxReplicas) {
    r.problem("appHpaMaxReplicas", `${maxReplicas} is below appHpaMinReplicas ${minReplicas}`);
    return undefined;
  }
  if (!namespace || !podSecurityLevel || !webImage || !apiImage || !mongoImage || !mongoStorageSize || minReplicas === undefined || maxReplicas === undefined || cpuPercent === undefined) return undefined;
  if (r.isSet("appMongoStorageClass") && !mongoStorageClass) return undefined;
  return {
    namespace, podSecurityLevel, webImage, apiImage, mongoImage, mongoStorageSize, hpa: { minReplicas, maxReplicas, cpuPercent },
    ...(mongoStorageClass !== undefined ? { mongoStorageClass } : {}),
  };
}
