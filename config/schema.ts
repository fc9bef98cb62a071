/**
 * Every configuration key of the project: type, role, description and default.
 * This table is the single source for defaults (applied by `parse.ts`), for
 * Pulumi.yaml (which declares `role` and documents every other key as a comment) and
 * for the README's configuration table (tests check that both agree with it).
 */
import { formatCount, RESERVED_WORK_DIR_RULE, SSH_MAX_ADDRESSES } from "./guards";

export type Role = "stamp" | "global";
/** `objects` (a list of objects) cannot be declared in Pulumi.yaml; it is documented there as a comment. */
export type ConfigType = "string" | "integer" | "boolean" | "array" | "objects";

export interface KeySpec {
  readonly type: ConfigType;
  readonly roles: readonly Role[];
  readonly description: string;
  readonly secret?: boolean;
  /** Static default, applied by the program (declared in Pulumi.yaml, the CLI would write it into every stack's config). */
  readonly default?: string | number | boolean;
  /** Documentation of a default derived from other keys. */
  readonly derivedDefault?: string;
  /** When a stack must set the key (`always`, or the condition); a test checks it against the parser. */
  readonly requiredWhen?: string;
}

export const PROJECT = "azs-ha-kubernetes";

const STAMP: readonly Role[] = ["stamp"];
const GLOBAL: readonly Role[] = ["global"];
const ALL: readonly Role[] = ["stamp", "global"];

export const CONFIG_KEYS = {
  role: { requiredWhen: "always", type: "string", roles: ALL, description: "What this stack deploys: `stamp` (one Azure Stack Hub) or `global` (Traffic Manager and Log Analytics in public Azure)." },

  stampName: { type: "string", roles: STAMP, derivedDefault: "the stack name, lower-cased", description: "Short name of this stamp, used in resource names (lower-case letters, digits, hyphens; 2-20 characters)." },
  hubLocation: { requiredWhen: "always", type: "string", roles: STAMP, description: "The hub's region name, e.g. `redmond` (`local` on an ASDK)." },
  hubArmEndpoint: { requiredWhen: "always", type: "string", roles: STAMP, description: "The hub's tenant ARM endpoint, e.g. `https://management.redmond.azurestack.contoso.com`: scheme and host only, optionally with a trailing `/`." },
  hubPortalUrl: { requiredWhen: "always", type: "string", roles: STAMP, description: "The hub's tenant portal URL, `https://portal.<hubLocation>.<hub domain>` with an optional trailing `/` and nothing else (no path, query, fragment, port or user info): aks-engine derives the hub's endpoints from it by text replacement." },
  hubSubscriptionId: { requiredWhen: "always", type: "string", roles: STAMP, description: "The hub subscription (GUID) that holds the helper VM and the cluster." },
  hubTenantId: { requiredWhen: "always", type: "string", roles: STAMP, description: "Directory tenant (GUID) of the service principal." },
  hubClientId: { requiredWhen: "always", type: "string", roles: STAMP, description: "Application (client) id (GUID) of the service principal used by Pulumi and by aks-engine." },
  hubAuthMethod: { type: "string", roles: STAMP, default: "client_secret", description: "How the service principal signs in: `client_secret` or `client_certificate`." },
  hubClientSecret: { requiredWhen: "hubAuthMethod is client_secret", type: "string", roles: STAMP, secret: true, description: "Service principal secret (when hubAuthMethod is client_secret)." },
  hubClientCertificatePath: { requiredWhen: "hubAuthMethod is client_certificate", type: "string", roles: STAMP, description: "Path, on the machine running Pulumi, of the service principal's PFX certificate (when hubAuthMethod is client_certificate)." },
  hubClientCertificatePassword: { type: "string", roles: STAMP, secret: true, description: "Password of that PFX file, if it has one." },
  hubClientCertificatePem: { requiredWhen: "hubAuthMethod is client_certificate", type: "string", roles: STAMP, description: "The service principal's certificate as PEM, given to aks-engine on the helper VM (client_certificate only); CRLF or CR line endings are turned into LF." },
  hubClientPrivateKeyPem: { requiredWhen: "hubAuthMethod is client_certificate", type: "string", roles: STAMP, secret: true, description: "The certificate's private key as PEM, given to aks-engine on the helper VM (client_certificate only)." },
  clusterClientId: { type: "string", roles: STAMP, derivedDefault: "hubClientId", description: "Application (client) id (GUID) of the service principal the cluster's cloud provider uses on the nodes (aks-engine's `servicePrincipalProfile`)." },
  clusterClientSecret: { requiredWhen: "hubAuthMethod is client_certificate, or clusterClientId is set", type: "string", roles: STAMP, secret: true, derivedDefault: "hubClientSecret with client_secret sign-in", description: "Secret of that service principal; required with client_certificate sign-in (the cluster's cloud provider needs a secret, and aks-engine cannot derive one from a certificate) and whenever clusterClientId is set." },
  hubIdentitySystem: { type: "string", roles: STAMP, default: "azure_ad", description: "The hub's identity system: `azure_ad` or `adfs` (AD FS is untested by anyone: see the README)." },
  hubDisableInstanceDiscovery: { type: "boolean", roles: STAMP, default: false, description: "Skip Microsoft Entra instance discovery (disconnected or AD FS hubs)." },
  hubRootCaPem: { type: "string", roles: STAMP, description: "PEM of the hub's root CA, trusted on the helper VM (needed when the hub uses an internal CA); CRLF or CR line endings are turned into LF." },
  hubResourceGroup: { requiredWhen: "always", type: "string", roles: STAMP, description: "Existing resource group on the hub for the helper VM (the program cannot create resource groups on a hub)." },

  helperMode: { type: "string", roles: STAMP, default: "create", description: "`create` a helper VM on the hub, or use an `existing` Linux host reachable over SSH." },
  helperVmSize: { type: "string", roles: STAMP, default: "Standard_DS2_v2", description: "Helper VM size (create mode)." },
  helperImage: { type: "string", roles: STAMP, default: "Canonical:0001-com-ubuntu-server-jammy:22_04-lts:latest", description: "Helper VM image as `publisher:offer:sku:version`; must be in the hub's marketplace (create mode)." },
  helperAdminUsername: { type: "string", roles: STAMP, default: "azureuser", description: "Helper VM admin user; password login is disabled (create mode)." },
  helperVnetCidr: { type: "string", roles: STAMP, default: "10.100.0.0/16", description: "Address space of the helper's virtual network (create mode)." },
  helperSubnetCidr: { type: "string", roles: STAMP, default: "10.100.0.0/24", description: "Helper subnet; must lie inside helperVnetCidr (create mode)." },
  helperSshSourceRanges: { requiredWhen: "helperMode is create", type: "array", roles: STAMP, description: `IPv4 CIDRs allowed to reach the helper on SSH, e.g. \`["203.0.113.0/24"]\` (create mode, required). Together (overlaps merged) they may cover at most ${formatCount(SSH_MAX_ADDRESSES)} addresses, one /8, unless helperAllowSshFromAnywhere is true.` },
  helperAllowSshFromAnywhere: { type: "boolean", roles: STAMP, default: false, description: `Explicit opt-in to SSH sources that are too broad: \`0.0.0.0/0\`, or helperSshSourceRanges whose union (overlaps merged) covers more than ${formatCount(SSH_MAX_ADDRESSES)} addresses (a /8), e.g. \`["0.0.0.0/1", "128.0.0.0/1"]\`.` },
  helperDnsLabel: { type: "string", roles: STAMP, derivedDefault: "`<stampName>-helper`", description: "DNS label of the helper's public IP (create mode)." },
  helperHost: { requiredWhen: "helperMode is existing", type: "string", roles: STAMP, description: "Host name or IP address of the existing helper (existing mode, required)." },
  helperUser: { requiredWhen: "helperMode is existing", type: "string", roles: STAMP, description: "SSH user on the existing helper (existing mode, required); `root` only with helperAllowRootUser." },
  helperAllowRootUser: { type: "boolean", roles: STAMP, default: false, description: "Explicit opt-in to `root` as helperUser: every step on the helper then runs as root (existing mode)." },
  helperPrivateKey: { requiredWhen: "helperMode is existing", type: "string", roles: STAMP, secret: true, description: "SSH private key (PEM or OpenSSH) for the existing helper (existing mode, required)." },
  helperHostKey: { requiredWhen: "helperMode is existing, unless helperAllowUnverifiedHostKey is true", type: "string", roles: STAMP, description: "The existing helper's SSH host public key, e.g. `ssh-ed25519 AAAA...`, pinned on every connection (existing mode; required unless helperAllowUnverifiedHostKey is true). Get it with `ssh-keyscan -t ed25519 <host> | cut -d' ' -f2-` and compare it with the helper's own." },
  helperAllowUnverifiedHostKey: { type: "boolean", roles: STAMP, default: false, description: "Explicit opt-in to an existing helper without helperHostKey: the host key is then not verified on any connection (the command provider accepts any key), so whoever answers at helperHost receives the credential (existing mode)." },
  helperWorkDir: { type: "string", roles: STAMP, derivedDefault: "`/home/<ssh user>/azs-ha/<stampName>` (`/root/azs-ha/<stampName>` for root)", description: `Directory on the helper for aks-engine, scripts and the cluster's generated files (one per stamp, so stamps can share a helper): an absolute path at least two levels deep. ${RESERVED_WORK_DIR_RULE}` },
  helperGeneration: { type: "integer", roles: STAMP, default: 1, description: "Bump it after the helper was lost and rebuilt: every step on the helper runs again, and the cluster's files are restored from the stack's backup instead of the cluster being redeployed." },
  helperAllowSecretInProcessList: { type: "boolean", roles: STAMP, default: false, description: "With client-secret sign-in, aks-engine-azurestack only takes the secret as a command-line flag (cmd/root.go); the deploy step refuses to run it on a helper whose /proc lets other users read command lines (mounted without hidepid) unless this is true. Helpers created here mount /proc with hidepid=2." },
  sshDialErrorLimit: { type: "integer", roles: STAMP, default: 30, description: "How many failed SSH dials a remote command tolerates (a new VM takes minutes to boot)." },
  sshPerDialTimeoutSeconds: { type: "integer", roles: STAMP, default: 30, description: "Timeout of one SSH dial, in seconds." },

  aksEngineVersion: { type: "string", roles: STAMP, default: "v0.85.0", description: "aks-engine-azurestack release installed on the helper (known: see `aksengine/releases.ts`)." },
  aksEngineDownloadUrl: { type: "string", roles: STAMP, default: "https://github.com/Azure/aks-engine-azurestack/releases/download/{version}/aks-engine-azurestack-{version}-linux-amd64.tar.gz", description: "Release archive URL; `{version}` is replaced by aksEngineVersion. Point it at an internal mirror for air-gapped hubs. No credentials (`user:password@`) or query string (`?sig=...`): the URL is kept in plain text in the stack's state and printed by the install script." },
  aksEngineSha256: { requiredWhen: "aksEngineDownloadUrl is plain http", type: "string", roles: STAMP, description: "Expected sha256 of the release archive; verified before install when set, required for a plain-http URL." },

  clusterDnsPrefix: { requiredWhen: "always", type: "string", roles: STAMP, description: "DNS prefix of the cluster's API server; unique per hub location." },
  clusterResourceGroup: { type: "string", roles: STAMP, derivedDefault: "`<clusterDnsPrefix>-rg`", description: "Resource group aks-engine deploys the cluster into (created by aks-engine)." },
  kubernetesVersion: { type: "string", roles: STAMP, derivedDefault: "the release's default minor, at its latest patch", description: "Kubernetes version, `1.33` (latest patch) or `1.33.10`; must be one the aks-engine release can create." },
  masterCount: { type: "integer", roles: STAMP, default: 3, description: "Control-plane nodes: 1, 3 or 5 (1 is not highly available)." },
  masterVmSize: { type: "string", roles: STAMP, default: "Standard_DS2_v2", description: "Control-plane VM size." },
  agentPoolName: { type: "string", roles: STAMP, default: "linuxpool", description: "Name of the single worker pool (`^[a-z][a-z0-9]{0,11}$`)." },
  agentCount: { type: "integer", roles: STAMP, default: 3, description: "Worker nodes, 1 to 1000." },
  agentVmSize: { type: "string", roles: STAMP, default: "Standard_DS2_v2", description: "Worker VM size." },
  nodeAdminUsername: { type: "string", roles: STAMP, default: "azureuser", description: "Admin user on the cluster nodes (its SSH key is generated by the program)." },
  networkPlugin: { type: "string", roles: STAMP, default: "kubenet", description: "`kubenet` or `azure`." },
  containerRuntime: { type: "string", roles: STAMP, default: "containerd", description: "Container runtime; only `containerd` (docker is not supported by aks-engine-azurestack)." },
  nodeDistro: { type: "string", roles: STAMP, default: "aks-ubuntu-22.04", description: "Node OS distro; only `aks-ubuntu-22.04` (16.04 and 18.04 are rejected by aks-engine-azurestack)." },
  etcdDiskSizeGB: { type: "integer", roles: STAMP, description: "etcd disk size in GB, at most 1023 (aks-engine picks a size from the cluster size when unset)." },
  nodeImageRefresh: { type: "string", roles: STAMP, description: "Any text, e.g. a date: changing it refreshes every node's OS image (aks-engine-azurestack `upgrade --force` to the deployed Kubernetes version), one node at a time. The value a cluster is first deployed with is recorded without a refresh." },
  protectCluster: { type: "boolean", roles: STAMP, default: true, description: "Protect the deploy step and the apimodel backup from `pulumi destroy` (the cluster lives on in its resource group either way: see the README's \"Removing a stamp\"). Set false only to remove the stack." },
  deployPollSeconds: { type: "integer", roles: STAMP, default: 30, description: "How often the deploy command prints progress while aks-engine runs (10-60 s; keeps the SSH session from idling out)." },
  deployMaxWaitMinutes: { type: "integer", roles: STAMP, default: 180, description: "How long one `pulumi up` waits for the deploy; a longer deploy keeps running on the helper and the next `pulumi up` resumes waiting." },

  ingressController: { type: "string", roles: STAMP, default: "nginx", description: "Ingress controller: `nginx` (F5 NGINX Ingress Controller; ingress-nginx was retired in March 2026) or `traefik`." },
  ingressChartVersion: { type: "string", roles: STAMP, derivedDefault: "`2.7.2` for nginx, `37.1.2` for traefik", description: "Chart version of the ingress controller (pinned; the tests validate values against that chart's schema)." },
  ingressReplicas: { type: "integer", roles: STAMP, default: 2, description: "Ingress controller replicas, 2 to 10 (a PodDisruptionBudget keeps one available)." },
  monitoringEnabled: { type: "boolean", roles: STAMP, default: true, description: "Install Azure Monitor container insights (chart azuremonitor-containers)." },
  monitoringChartVersion: { type: "string", roles: STAMP, default: "3.1.28", description: "Version of the azuremonitor-containers chart." },
  globalStack: { requiredWhen: "monitoringEnabled is true and no monitoringWorkspaceId is set", type: "string", roles: STAMP, description: "Fully qualified name of the global stack (`<org>/azs-ha-kubernetes/<stack>`) whose outputs `workspaceId` and `workspaceKey` feed monitoring." },
  monitoringWorkspaceId: { requiredWhen: "monitoringWorkspaceKey is set", type: "string", roles: STAMP, description: "Log Analytics workspace (customer) id, instead of globalStack." },
  monitoringWorkspaceKey: { requiredWhen: "monitoringWorkspaceId is set", type: "string", roles: STAMP, secret: true, description: "Log Analytics primary shared key, with monitoringWorkspaceId instead of globalStack." },
  appNamespace: { type: "string", roles: STAMP, default: "ratings", description: "Namespace of the ratings application (and of the pipeline's deployer account)." },
  appPodSecurityLevel: { type: "string", roles: STAMP, default: "restricted", description: "Pod Security Standard enforced on the app's namespace: `restricted` or `baseline` (`privileged` is refused: a privileged or hostPath pod could read the node's cloud credentials). Warnings and audit always use `restricted`." },
  appWebImage: { type: "string", roles: STAMP, default: "heoelri/demo-rating-web:latest", description: "Image of ratings-web (the sample only publishes `latest`: pin a digest or your own build)." },
  appApiImage: { type: "string", roles: STAMP, default: "heoelri/demo-rating-api:latest", description: "Image of ratings-api (the sample only publishes `latest`: pin a digest or your own build)." },
  appMongoImage: { type: "string", roles: STAMP, default: "mongo:4.4", description: "MongoDB image; 4.4 speaks the wire protocol of ratings-api's old driver (6.0 and later do not)." },
  appMongoReplicas: { type: "integer", roles: STAMP, default: 3, description: "Members of MongoDB's replica set, one per worker node (at most agentCount): 3, 5 or 7, so that a node drain or loss leaves a majority that keeps a primary; 1 is accepted with a warning (not drain-safe: every drain of its node stops the API's database). Even numbers are refused: they tolerate no more lost members than one fewer. On a deployed stamp it may drop only to a majority of the deployed members at a time (5 to 3, not 5 to 1)." },
  appMongoStorageClass: { type: "string", roles: STAMP, derivedDefault: "the cluster's default storage class", description: "Storage class of MongoDB's volumes (one per member). Its reclaim policy decides what happens to a volume once its claim is deleted by hand: `Retain` keeps the disk. Set it before the first deploy: a change recreates the StatefulSet (every member restarts at once; existing claims are kept as they are)." },
  appMongoStorageSize: { type: "string", roles: STAMP, default: "8Gi", description: "Size of each MongoDB member's volume (a Kubernetes quantity such as `8Gi`). Set it before the first deploy: a change recreates the StatefulSet (every member restarts at once) and only sizes new claims; grow existing ones by expanding their claims." },
  appHpaMinReplicas: { type: "integer", roles: STAMP, default: 2, description: "Autoscaler minimum replicas of ratings-web: 2 or more, so that a node drain or loss leaves a web pod; the guide's 1 is accepted with a warning (not drain-safe)." },
  appHpaMaxReplicas: { type: "integer", roles: STAMP, default: 10, description: "Autoscaler maximum replicas of ratings-web." },
  appHpaCpuPercent: { type: "integer", roles: STAMP, default: 80, description: "Average CPU utilisation (% of requests) the autoscaler aims for." },

  azureSubscriptionId: { requiredWhen: "always", type: "string", roles: GLOBAL, description: "Public Azure subscription (GUID) for Log Analytics and Traffic Manager; credentials come from the usual ARM_* environment variables or the Azure CLI." },
  azureLocation: { requiredWhen: "always", type: "string", roles: GLOBAL, description: "Public Azure region of the resource group and the workspace, e.g. `westeurope`." },
  globalResourceGroup: { type: "string", roles: GLOBAL, default: "azs-ha-global", description: "Resource group the global stack creates for its resources." },
  workspaceName: { type: "string", roles: GLOBAL, default: "azs-ha-logs", description: "Log Analytics workspace name (4-63 letters, digits, hyphens)." },
  workspaceSku: { type: "string", roles: GLOBAL, default: "PerGB2018", description: "Workspace pricing tier: `PerGB2018` or `CapacityReservation` (the older tiers only exist in subscriptions that had them in 2018)." },
  workspaceCapacityReservationGB: { requiredWhen: "workspaceSku is CapacityReservation", type: "integer", roles: GLOBAL, description: "GB per day reserved with the CapacityReservation tier: 100, 200, 300, 400, 500, 1000, 2000 or 5000." },
  workspaceRetentionDays: { type: "integer", roles: GLOBAL, default: 30, description: "Days the workspace keeps data, 30 to 730." },
  trafficManagerName: { type: "string", roles: GLOBAL, default: "azs-ha-ratings", description: "Traffic Manager profile name (resource name)." },
  trafficManagerDnsName: { requiredWhen: "always", type: "string", roles: GLOBAL, description: "Relative DNS name of the profile, globally unique: users reach `<name>.trafficmanager.net`." },
  trafficManagerTtl: { type: "integer", roles: GLOBAL, default: 30, description: "DNS TTL in seconds of the profile's answers (0 to 2147483647)." },
  trafficRoutingMethod: { type: "string", roles: GLOBAL, default: "Weighted", description: "`Weighted` (the sample's), `Priority`, `Performance` or `Geographic`." },
  monitorProtocol: { type: "string", roles: GLOBAL, default: "HTTP", description: "Health probe protocol: `HTTP`, `HTTPS` or `TCP`." },
  monitorPort: { type: "integer", roles: GLOBAL, default: 80, description: "Health probe port, 1 to 65535." },
  monitorPath: { type: "string", roles: GLOBAL, derivedDefault: "`/` for HTTP and HTTPS", description: "Health probe path, starting with `/`; HTTP(S) only (forbidden for TCP)." },
  monitorIntervalSeconds: { type: "integer", roles: GLOBAL, default: 30, description: "Probe interval: 30, or 10 (fast probing, billed extra)." },
  monitorTimeoutSeconds: { type: "integer", roles: GLOBAL, derivedDefault: "10 for a 30 s interval, 9 for 10 s", description: "Probe timeout: 5 to 10 s with a 30 s interval, 5 to 9 s with 10 s." },
  monitorToleratedFailures: { type: "integer", roles: GLOBAL, default: 3, description: "Failed probes before an endpoint is degraded, 0 to 9." },
  monitorExpectedStatusCodeRanges: { type: "array", roles: GLOBAL, derivedDefault: "`[\"200-299\"]`", description: "HTTP(S) status ranges counted as healthy, e.g. `[\"200-299\", \"301-301\"]` (at most 8)." },
  monitorHostHeader: { type: "string", roles: GLOBAL, description: "Host header the HTTP(S) probe sends (the app answers `/` for any host)." },
  trafficManagerEndpoints: { type: "objects", roles: GLOBAL, description: "One entry per stamp whose stack exists (`pulumi stack init` it first): `stack` (fully qualified stamp stack), optional `name`, `enabled` (false drains it), and per routing method `weight` (1-1000), `priority` (unique 1-1000), `endpointLocation` (Azure region) or `geoMapping` (list of codes)." },
} as const satisfies Record<string, KeySpec>;

export type ConfigKey = keyof typeof CONFIG_KEYS;

export function keySpec(key: ConfigKey): KeySpec {
  return CONFIG_KEYS[key];
}

export const SECRET_KEYS: readonly ConfigKey[] = (Object.keys(CONFIG_KEYS) as ConfigKey[]).filter(
  (k) => (CONFIG_KEYS[k] as KeySpec).secret === true,
);
