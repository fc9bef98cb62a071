/**
 * The apimodel rules aks-engine-azurestack enforces (DESIGN.md section 5), as data shared by
 * config validation (which reports them against config keys) and by `apimodelViolations`
 * (which checks every rendered apimodel before it is uploaded).
 */
import { GUID } from "../config/patterns";
import { AKS_ENGINE_RELEASES, acceptedKubernetesVersions, managedKubernetesVersions } from "./releases";

export const DNS_PREFIX_PATTERN = /^[A-Za-z][A-Za-z0-9-]{1,43}[A-Za-z0-9]$/;
export const POOL_NAME_PATTERN = /^[a-z][a-z0-9]{0,11}$/;
export const MASTER_COUNTS: readonly number[] = [1, 3, 5];
export const POOL_COUNT_RANGE = { min: 1, max: 1000 } as const;
export const IDENTITY_SYSTEMS = ["azure_ad", "adfs"] as const;
export const NETWORK_PLUGINS = ["kubenet", "azure"] as const;
export const CONTAINER_RUNTIMES = ["containerd"] as const;
export const DISTROS = ["aks-ubuntu-22.04"] as const;
export const ETCD_DISK_MAX_GB = 1023;
export const LINUX_USER_PATTERN = /^[a-z_][a-z0-9_-]{0,31}$/;

/** Stands for the cluster service principal's secret in the uploaded apimodel; scripts/deploy-cluster.sh fills it in. */
export const CLUSTER_SECRET_PLACEHOLDER = "{{clusterClientSecret}}";

export function portalUrlPrefix(location: string): string {
  return `https://portal.${location}.`;
}

export interface RuleContext {
  /** The `--location` passed to deploy. */
  readonly location: string;
  /** The aks-engine-azurestack release that will run deploy. */
  readonly aksEngineVersion: string;
  /**
   * The cluster exists already: deploy will not read this file again (its upload is kept as it was
   * first uploaded), so a version the release only manages, not creates, is fine.
   */
  readonly deployed?: boolean;
}

type Json = Record<string, unknown>;

function obj(value: unknown): Json {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}

/** Every rule the apimodel breaks, as `<json path>: <problem>`; empty when it is valid. */
export function apimodelViolations(model: unknown, ctx: RuleContext): string[] {
  const problems: string[] = [];
  const add = (path: string, problem: string) => problems.push(`${path}: ${problem}`);
  const root = obj(model);
  const props = obj(root.properties);
  const orchestrator = obj(props.orchestratorProfile);
  const k8s = obj(orchestrator.kubernetesConfig);
  const cloud = obj(props.customCloudProfile);
  const master = obj(props.masterProfile);
  const linux = obj(props.linuxProfile);
  const pools = Array.isArray(props.agentPoolProfiles) ? props.agentPoolProfiles.map(obj) : [];

  if (root.apiVersion !== "vlabs") add("apiVersion", `must be "vlabs"`);
  if (typeof root.location !== "string" || root.location === "") add("location", "is required");
  else if (root.location !== ctx.location) add("location", `"${root.location}" must equal the deploy --location "${ctx.location}"`);

  const portal = cloud.portalURL;
  if (typeof portal !== "string" || !portal.startsWith(portalUrlPrefix(ctx.location))) {
    add("properties.customCloudProfile.portalURL", `must start with ${portalUrlPrefix(ctx.location)}`);
  }
  const identity = cloud.identitySystem ?? "";
  if (!["", ...IDENTITY_SYSTEMS].includes(identity as string)) {
    add("properties.customCloudProfile.identitySystem", `"${String(identity)}" must be one of "", ${IDENTITY_SYSTEMS.join(", ")}`);
  }

  const release = AKS_ENGINE_RELEASES[ctx.aksEngineVersion];
  const version = orchestrator.orchestratorVersion ?? orchestrator.orchestratorRelease;
  if (!release) add("orchestratorProfile", `unknown aks-engine-azurestack release ${ctx.aksEngineVersion}`);
  else {
    const allowed = ctx.deployed ? [...acceptedKubernetesVersions(release), ...managedKubernetesVersions(release)] : acceptedKubernetesVersions(release);
    if (typeof version !== "string" || !allowed.includes(version)) {
      add("properties.orchestratorProfile.orchestratorVersion", `"${String(version)}" is not available in ${ctx.aksEngineVersion}; allowed: ${[...new Set(allowed)].join(", ")}`);
    }
  }

  if (!MASTER_COUNTS.includes(master.count as number)) add("properties.masterProfile.count", `${String(master.count)} must be one of ${MASTER_COUNTS.join(", ")}`);
  if (typeof master.dnsPrefix !== "string" || !DNS_PREFIX_PATTERN.test(master.dnsPrefix)) {
    add("properties.masterProfile.dnsPrefix", `"${String(master.dnsPrefix)}" must match ${DNS_PREFIX_PATTERN.source}`);
  }
  checkDistro(master.distro, "properties.masterProfile.distro", add);

  if (pools.length === 0) add("properties.agentPoolProfiles", "needs at least one pool");
  const seen = new Set<string>();
  pools.forEach((pool, i) => {
    const at = `properties.agentPoolProfiles[${i}]`;
    const name = pool.name;
    if (typeof name !== "string" || !POOL_NAME_PATTERN.test(name)) add(`${at}.name`, `"${String(name)}" must match ${POOL_NAME_PATTERN.source}`);
    else if (seen.has(name)) add(`${at}.name`, `"${name}" is not unique`);
    else seen.add(name);
    const count = pool.count;
    if (typeof count !== "number" || !Number.isInteger(count) || count < POOL_COUNT_RANGE.min || count > POOL_COUNT_RANGE.max) {
      add(`${at}.count`, `${String(count)} must be an integer from ${POOL_COUNT_RANGE.min} to ${POOL_COUNT_RANGE.max}`);
    }
    if (pool.availabilityProfile !== "AvailabilitySet") add(`${at}.availabilityProfile`, `must be "AvailabilitySet"`);
    if (pool.AcceleratedNetworkingEnabled === true || pool.acceleratedNetworkingEnabled === true) {
      add(`${at}.AcceleratedNetworkingEnabled`, "must be false on Azure Stack Hub");
    }
    checkDistro(pool.distro, `${at}.distro`, add);
  });

  const k8sPath = "properties.orchestratorProfile.kubernetesConfig";
  if (k8s.useCloudControllerManager !== true) add(`${k8sPath}.useCloudControllerManager`, "must be true");
  if (k8s.useInstanceMetadata === true) add(`${k8sPath}.useInstanceMetadata`, "must not be true on Azure Stack Hub");
  if (k8s.containerRuntime === "docker") add(`${k8sPath}.containerRuntime`, `"docker" is not supported; use containerd`);
  if (!NETWORK_PLUGINS.includes(k8s.networkPlugin as (typeof NETWORK_PLUGINS)[number])) {
    add(`${k8sPath}.networkPlugin`, `"${String(k8s.networkPlugin)}" must be one of ${NETWORK_PLUGINS.join(", ")}`);
  }
  if (k8s.etcdDiskSizeGB !== undefined && !(Number(k8s.etcdDiskSizeGB) >= 1 && Number(k8s.etcdDiskSizeGB) <= ETCD_DISK_MAX_GB)) {
    add(`${k8sPath}.etcdDiskSizeGB`, `${String(k8s.etcdDiskSizeGB)} must be from 1 to ${ETCD_DISK_MAX_GB}`);
  }

  if (typeof linux.adminUsername !== "string" || linux.adminUsername === "") add("properties.linuxProfile.adminUsername", "is required");
  const keys = obj(linux.ssh).publicKeys;
  const keyData = Array.isArray(keys) ? obj(keys[0]).keyData : undefined;
  if (typeof keyData !== "string" || keyData.trim() === "") add("properties.linuxProfile.ssh.publicKeys[0].keyData", "must be a non-empty SSH public key");

  // Our own rule: the secret is filled in on the helper at deploy time, so the uploaded apimodel stays reviewable.
  const sp = obj(props.servicePrincipalProfile);
  if (typeof sp.clientId !== "string" || !GUID.test(sp.clientId)) add("properties.servicePrincipalProfile.clientId", "must be the cluster service principal's client id (a GUID)");
  if (sp.secret !== CLUSTER_SECRET_PLACEHOLDER) add("properties.servicePrincipalProfile.secret", `must be the placeholder ${CLUSTER_SECRET_PLACEHOLDER}; the secret is filled in on the helper`);
  for (const key of Object.keys(sp).filter((k) => k !== "clientId" && k !== "secret")) add(`properties.servicePrincipalProfile.${key}`, "must not be set");
  return problems;
}

function checkDistro(distro: unknown, path: string, add: (path: string, problem: string) => void): void {
  if (!DISTROS.includes(distro as (typeof DISTROS)[number])) add(path, `"${String(distro)}" must be ${DISTROS.join(", ")}`);
}
