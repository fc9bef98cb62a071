/**
 * Raw config -> validated, defaulted model. Pure: no Pulumi runtime, no environment, no files.
 * Every problem is collected; `parseStackConfig` throws one ConfigError that lists them all,
 * before any resource is declared.
 */
import { AKS_ENGINE_RELEASES, acceptedKubernetesVersions, knownReleases, managedKubernetesVersions, minorOf, resolveKubernetesVersion } from "../aksengine/releases";
import {
  CONTAINER_RUNTIMES,
  DISTROS,
  DNS_PREFIX_PATTERN,
  ETCD_DISK_MAX_GB,
  LINUX_USER_PATTERN,
  MASTER_COUNTS,
  NETWORK_PLUGINS,
  POOL_COUNT_RANGE,
  POOL_NAME_PATTERN,
} from "../aksengine/rules";
import { Cidr, cidrContains, parseCidr } from "../util/cidr";
import { downloadUrlCredentialProblem, sshUnionProblem } from "./guards";
import { existingHelperTrust, readWorkDir } from "./helperChecks";
import { readGlobal } from "./global";
import { RESOURCE_GROUP, RESOURCE_GROUP_RULE } from "./patterns";
import { readApp, readIngress, readMonitoring } from "./platform";
import { readAuth, readClusterServicePrincipal, readHub } from "./hub";
import { ConfigError, ConfigProblem, ConfigReader, RawConfig } from "./reader";
import { ConfigKey } from "./schema";
import type { AksEngineConfig, ClusterConfig, HelperConfig, ImageReference, StackConfig, StampConfig } from "./types";

const STAMP_NAME = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/;
const DNS_LABEL = /^[a-z][a-z0-9-]{1,61}[a-z0-9]$/;
const VM_SIZE = /^[A-Za-z0-9_]+$/;
const HOST_KEY = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521) [A-Za-z0-9+/]+={0,3}$/;
const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
const SHA256 = /^[0-9a-f]{64}$/;
const ANYWHERE = ["0.0.0.0/0", "*", "Internet", "Any"];

const HELPER_CREATE_KEYS: readonly ConfigKey[] = [
  "helperVmSize", "helperImage", "helperAdminUsername", "helperVnetCidr", "helperSubnetCidr",
  "helperSshSourceRanges", "helperAllowSshFromAnywhere", "helperDnsLabel",
];
const HELPER_EXISTING_KEYS: readonly ConfigKey[] = ["helperHost", "helperUser", "helperPrivateKey", "helperHostKey", "helperAllowRootUser", "helperAllowUnverifiedHostKey"];

export interface ParseResult<S> {
  readonly config?: StackConfig<S>;
  readonly problems: readonly ConfigProblem[];
  /** Accepted but risky settings, for the program to log as warnings. */
  readonly warnings: readonly string[];
}

/** Validates and defaults; never throws. `config` is set only when there are no problems. */
export function checkStackConfig<S>(raw: RawConfig<S>): ParseResult<S> {
  const r = new ConfigReader(raw);
  const role = r.oneOf("role", ["stamp", "global"] as const);
  if (role !== undefined) r.unknownOrForeign(role);
  const config = role === "stamp" ? readStamp(r, raw.stack) : role === "global" ? readGlobal(r, raw.stack) : undefined;
  return r.problems.length === 0 ? { config, problems: [], warnings: r.warnings } : { problems: r.problems, warnings: r.warnings };
}

/** The validated config and its warnings; throws one ConfigError listing every problem. */
export function parseStackConfig<S>(raw: RawConfig<S>): { config: StackConfig<S>; warnings: readonly string[] } {
  const { config, problems, warnings } = checkStackConfig(raw);
  if (!config) throw new ConfigError(raw.stack, problems);
  return { config, warnings };
}

function readStamp<S>(r: ConfigReader<S>, stack: string): StampConfig<S> | undefined {
  const stampName = r.matching("stampName", STAMP_NAME, "use 2-20 lower-case letters, digits and hyphens, starting with a letter") ?? defaultStampName(r, stack);
  const auth = readAuth(r);
  const hub = readHub(r, auth);
  const helper = readHelper(r, stampName);
  const aksEngine = readAksEngine(r);
  const cluster = readCluster(r, aksEngine?.version);
  const clusterServicePrincipal = readClusterServicePrincipal(r, auth, hub?.clientId);
  const ingress = readIngress(r);
  const monitoring = readMonitoring(r);
  const app = readApp(r);
  // One member per node (required anti-affinity): a member beyond the worker count would never be scheduled.
  if (app && cluster && app.mongo.replicas > cluster.agentPool.count) {
    r.problem(
      "appMongoReplicas",
      `${app.mongo.replicas} members need ${app.mongo.replicas} worker nodes (one member per node), but agentCount is ${cluster.agentPool.count}; raise agentCount or lower appMongoReplicas`,
    );
  }
  if (!stampName || !hub || !helper || !aksEngine || !cluster || !clusterServicePrincipal || !ingress || !monitoring || !app || r.problems.length > 0) return undefined;
  return { role: "stamp", stack, stampName, hub, helper, aksEngine, cluster, clusterServicePrincipal, ingress, monitoring, app };
}

function defaultStampName<S>(r: ConfigReader<S>, stack: string): string | undefined {
  if (r.isSet("stampName")) return undefined; // set but invalid: already reported
  const name = stack.toLowerCase();
  if (STAMP_NAME.test(name)) return name;
  r.problem("stampName", `the stack name ${JSON.stringify(stack)} is not a usable default; set stampName (2-20 lower-case letters, digits and hyphens)`, true);
  return undefined;
}

function readHelper<S>(r: ConfigReader<S>, stampName: string | undefined): HelperConfig<S> | undefined {
  const mode = r.oneOf("helperMode", ["create", "existing"] as const);
  const ssh = {
    dialErrorLimit: r.integer("sshDialErrorLimit", { min: 1, max: 1000 }),
    perDialTimeoutSeconds: r.integer("sshPerDialTimeoutSeconds", { min: 1, max: 600 }),
  };
  const generation = r.integer("helperGeneration", { min: 1, max: 1_000_000 });
  const allowSecretInProcessList = r.boolean("helperAllowSecretInProcessList");
  if (ssh.dialErrorLimit === undefined || ssh.perDialTimeoutSeconds === undefined || generation === undefined || allowSecretInProcessList === undefined) return undefined;
  const tuning = { dialErrorLimit: ssh.dialErrorLimit, perDialTimeoutSeconds: ssh.perDialTimeoutSeconds };
  const common = { ssh: tuning, generation, allowSecretInProcessList };
  const workDir = (user: string | undefined) => readWorkDir(r, user, stampName);

  if (mode === "create") {
    r.unused(HELPER_EXISTING_KEYS, 'when helperMode is "create"');
    const vmSize = r.matching("helperVmSize", VM_SIZE, "use a VM size name like Standard_DS2_v2");
    const image = readImage(r);
    const adminUsername = linuxUser(r, "helperAdminUsername");
    const { vnetCidr, subnetCidr } = readHelperNetwork(r);
    const sshSourceRanges = readSshSourceRanges(r);
    const dnsLabel =
      r.matching("helperDnsLabel", DNS_LABEL, "use 3-63 lower-case letters, digits and hyphens, starting with a letter") ??
      (stampName && !r.isSet("helperDnsLabel") ? `${stampName}-helper` : undefined);
    const dir = workDir(adminUsername);
    if (!vmSize || !image || !adminUsername || !vnetCidr || !subnetCidr || !sshSourceRanges || !dnsLabel || !dir) return undefined;
    return { mode, vmSize, image, adminUsername, vnetCidr, subnetCidr, sshSourceRanges, dnsLabel, workDir: dir, ...common };
  }
  if (mode === "existing") {
    r.unused(HELPER_CREATE_KEYS, 'when helperMode is "existing"');
    const why = ' when helperMode is "existing"';
    const host = r.matching("helperHost", HOST, "must be a host name or IPv4 address", { required: true, why });
    const user = r.string("helperUser", { required: true, why });
    if (user !== undefined && !LINUX_USER_PATTERN.test(user)) r.problem("helperUser", `${JSON.stringify(user)} is invalid; must match ${LINUX_USER_PATTERN.source}`);
    const privateKey = r.secret("helperPrivateKey", { required: true, why });
    const hostKey = r.matching("helperHostKey", HOST_KEY, "must be an OpenSSH public key line like `ssh-ed25519 AAAA...` (no comment)");
    const trusted = existingHelperTrust(r, host, user);
    const dir = workDir(user);
    if (!host || !user || privateKey === undefined || !dir || !trusted) return undefined;
    return { mode, host, user, privateKey, workDir: dir, ...common, ...(hostKey !== undefined ? { hostKey } : {}) };
  }
  return undefined;
}

function linuxUser<S>(r: ConfigReader<S>, key: ConfigKey): string | undefined {
  const user = r.matching(key, LINUX_USER_PATTERN, `must match ${LINUX_USER_PATTERN.source}`);
  if (user === "root" || user === "admin") {
    r.problem(key, `${JSON.stringify(user)} is reserved on Azure Stack Hub VMs; choose another name`);
    return undefined;
  }
  return user;
}

function readImage<S>(r: ConfigReader<S>): ImageReference | undefined {
  const text = r.string("helperImage");
  if (text === undefined) return undefined;
  const parts = text.split(":");
  if (parts.length !== 4 || parts.some((p) => p.trim() === "")) {
    r.problem("helperImage", `${JSON.stringify(text)} is invalid; use publisher:offer:sku:version, e.g. Canonical:0001-com-ubuntu-server-jammy:22_04-lts:latest`);
    return undefined;
  }
  const [publisher, offer, sku, version] = parts;
  return { publisher, offer, sku, version };
}

function readHelperNetwork<S>(r: ConfigReader<S>): { vnetCidr?: string; subnetCidr?: string } {
  const cidr = (key: ConfigKey) => {
    const text = r.string(key);
    if (text === undefined) return undefined;
    const parsed = parseCidr(text);
    if (!parsed || parsed.prefix > 29) r.problem(key, `${JSON.stringify(text)} is not a valid IPv4 network in CIDR form (a.b.c.d/n, n <= 29, no host bits)`);
    return parsed && parsed.prefix <= 29 ? { text, parsed } : undefined;
  };
  const vnet = cidr("helperVnetCidr");
  const subnet = cidr("helperSubnetCidr");
  if (vnet && subnet && !cidrContains(vnet.parsed, subnet.parsed)) {
    r.problem("helperSubnetCidr", `${subnet.text} is not inside helperVnetCidr ${vnet.text}`);
    return {};
  }
  return { vnetCidr: vnet?.text, subnetCidr: subnet?.text };
}

function readSshSourceRanges<S>(r: ConfigReader<S>): string[] | undefined {
  const ranges = r.stringList("helperSshSourceRanges", '["203.0.113.0/24"]', { required: true, why: ' when helperMode is "create" (who may reach the helper over SSH)' });
  const allowAnywhere = r.boolean("helperAllowSshFromAnywhere");
  if (!ranges || allowAnywhere === undefined) return undefined;
  let ok = true;
  for (const range of ranges) {
    if (ANYWHERE.includes(range)) {
      if (!allowAnywhere) {
        r.problem("helperSshSourceRanges", `${range} opens SSH to the whole internet; list your own ranges, or set helperAllowSshFromAnywhere to true`);
        ok = false;
      }
    } else if (!parseCidr(range, true)) {
      r.problem("helperSshSourceRanges", `${JSON.stringify(range)} is not an IPv4 address or CIDR (a.b.c.d/n, no host bits)`);
      ok = false;
    }
  }
  const normalized = ranges.map((range) => (ANYWHERE.includes(range) ? "0.0.0.0/0" : range));
  if (ok && new Set(normalized).size !== normalized.length) {
    r.problem("helperSshSourceRanges", "lists a range twice");
    ok = false;
  }
  // Ranges that each look narrow can together open SSH to the internet, e.g. 0.0.0.0/1 and 128.0.0.0/1.
  const tooBroad = ok && !allowAnywhere ? sshUnionProblem(ranges, normalized.map((range) => parseCidr(range, true) as Cidr)) : undefined;
  if (tooBroad !== undefined) r.problem("helperSshSourceRanges", tooBroad);
  return ok && tooBroad === undefined ? normalized : undefined;
}

function readAksEngine<S>(r: ConfigReader<S>): AksEngineConfig | undefined {
  const version = r.oneOf("aksEngineVersion", knownReleases());
  let url = r.string("aksEngineDownloadUrl");
  if (url !== undefined && (!/^https?:\/\/[^\s'"$`\\]+$/.test(url) || !URL.canParse(url))) {
    r.problem("aksEngineDownloadUrl", `${JSON.stringify(url)} must be an http(s) URL without spaces, quotes or $`);
    url = undefined;
  }
  const credentials = url === undefined ? undefined : downloadUrlCredentialProblem(url, new URL(url));
  if (credentials !== undefined) {
    r.problem("aksEngineDownloadUrl", credentials);
    url = undefined;
  }
  const sha256 = r.matching("aksEngineSha256", SHA256, "must be 64 lower-case hex digits");
  // The binary receives the service principal's credential: never run one fetched unauthenticated.
  if (url?.startsWith("http://") && !r.isSet("aksEngineSha256")) {
    r.problem("aksEngineSha256", `required when aksEngineDownloadUrl is plain http (${url}); set it with: pulumi config set aksEngineSha256 <sha256 of the archive>`, true);
  }
  if (!version || !url || (r.isSet("aksEngineSha256") && !sha256) || (url.startsWith("http://") && !sha256)) return undefined;
  return { version, downloadUrl: url.split("{version}").join(version), ...(sha256 !== undefined ? { sha256 } : {}) };
}

function readCluster<S>(r: ConfigReader<S>, aksEngineVersion: string | undefined): ClusterConfig | undefined {
  const dnsPrefix = r.matching("clusterDnsPrefix", DNS_PREFIX_PATTERN, "3-45 letters, digits and hyphens, starting with a letter and not ending with a hyphen", { required: true });
  const resourceGroup =
    r.matching("clusterResourceGroup", RESOURCE_GROUP, RESOURCE_GROUP_RULE) ??
    (dnsPrefix && !r.isSet("clusterResourceGroup") ? `${dnsPrefix}-rg` : undefined);
  const kubernetes = readKubernetesVersion(r, aksEngineVersion);
  const masterCount = r.integer("masterCount", { min: 1, max: 5 });
  if (masterCount !== undefined && !MASTER_COUNTS.includes(masterCount)) {
    r.problem("masterCount", `${masterCount} is not allowed; allowed values: ${MASTER_COUNTS.join(", ")} (1 is not highly available)`);
  }
  const masterVmSize = r.matching("masterVmSize", VM_SIZE, "use a VM size name like Standard_DS2_v2");
  const poolName = r.matching("agentPoolName", POOL_NAME_PATTERN, `must match ${POOL_NAME_PATTERN.source} (1-12 lower-case letters and digits)`);
  const agentCount = r.integer("agentCount", POOL_COUNT_RANGE);
  const agentVmSize = r.matching("agentVmSize", VM_SIZE, "use a VM size name like Standard_DS2_v2");
  const nodeAdminUsername = linuxUser(r, "nodeAdminUsername");
  const networkPlugin = r.oneOf("networkPlugin", NETWORK_PLUGINS);
  const containerRuntime = r.oneOf("containerRuntime", CONTAINER_RUNTIMES, " (docker is not supported by aks-engine-azurestack)");
  const distro = r.oneOf("nodeDistro", DISTROS, " (aks-engine-azurestack rejects Ubuntu 16.04 and 18.04)");
  const etcdDiskSizeGB = r.integer("etcdDiskSizeGB", { min: 1, max: ETCD_DISK_MAX_GB });
  const deployPollSeconds = r.integer("deployPollSeconds", { min: 10, max: 60 });
  const deployMaxWaitMinutes = r.integer("deployMaxWaitMinutes", { min: 5, max: 600 });
  // Free text, but it travels in a command line: the characters of a date, a ticket or a word.
  const nodeImageRefresh = r.matching("nodeImageRefresh", /^(?!none$)[A-Za-z0-9._:-]{1,64}$/, "use 1-64 letters, digits and ._:- (e.g. 2026-12-02); not \"none\", which stands for never set") ?? "";
  const protect = r.boolean("protectCluster");
  if (
    protect === undefined || (r.isSet("nodeImageRefresh") && nodeImageRefresh === "") ||
    !dnsPrefix || !resourceGroup || !kubernetes || masterCount === undefined || !masterVmSize || !poolName || agentCount === undefined ||
    !agentVmSize || !nodeAdminUsername || !networkPlugin || !containerRuntime || !distro || deployPollSeconds === undefined ||
    deployMaxWaitMinutes === undefined || (r.isSet("etcdDiskSizeGB") && etcdDiskSizeGB === undefined)
  ) {
    return undefined;
  }
  return {
    dnsPrefix, resourceGroup, kubernetesVersion: kubernetes.version, kubernetesMinor: kubernetes.minor, masterCount, masterVmSize,
    agentPool: { name: poolName, count: agentCount, vmSize: agentVmSize }, nodeAdminUsername, networkPlugin, containerRuntime, distro,
    deployPollSeconds, deployMaxWaitMinutes, nodeImageRefresh, protect, ...(etcdDiskSizeGB !== undefined ? { etcdDiskSizeGB } : {}),
  };
}

function readKubernetesVersion<S>(r: ConfigReader<S>, aksEngineVersion: string | undefined): { version: string; minor: string } | undefined {
  const release = aksEngineVersion ? AKS_ENGINE_RELEASES[aksEngineVersion] : undefined;
  const requested = r.string("kubernetesVersion") ?? release?.defaultMinor;
  if (!release || requested === undefined) return undefined;
  const version = resolveKubernetesVersion(release, requested);
  if (!version) {
    r.problem(
      "kubernetesVersion",
      `${JSON.stringify(requested)} is not a version aks-engine-azurestack ${aksEngineVersion} knows; it creates ${acceptedKubernetesVersions(release).join(", ")} ` +
        `and manages ${managedKubernetesVersions(release).join(", ")}`,
    );
    return undefined;
  }
  return { version, minor: minorOf(version) };
}
