/**
 * The validated, defaulted configuration model. `S` is how a secret is carried: a
 * `pulumi.Output<string>` in the program, a plain string in pure unit tests.
 */
export interface ImageReference {
  readonly publisher: string;
  readonly offer: string;
  readonly sku: string;
  readonly version: string;
}

export type HubAuth<S> =
  | { readonly method: "client_secret"; readonly clientSecret: S }
  | {
      readonly method: "client_certificate";
      /** PFX path on the machine running Pulumi, for the azure-native provider. */
      readonly certificatePath: string;
      readonly certificatePassword?: S;
      /** PEM certificate and key for aks-engine on the helper VM. */
      readonly certificatePem: string;
      readonly privateKeyPem: S;
    };

export interface HubConfig<S> {
  readonly location: string;
  readonly armEndpoint: string;
  /** Host of armEndpoint: the azure-native provider's `metadataHost`. */
  readonly metadataHost: string;
  readonly portalUrl: string;
  /** The hub's external domain, e.g. `azurestack.contoso.com` (from the portal URL). */
  readonly domain: string;
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly identitySystem: "azure_ad" | "adfs";
  readonly disableInstanceDiscovery: boolean;
  readonly auth: HubAuth<S>;
  readonly rootCaPem?: string;
  readonly resourceGroup: string;
}

export interface SshTuning {
  readonly dialErrorLimit: number;
  readonly perDialTimeoutSeconds: number;
}

/** What every helper mode shares. */
export interface HelperCommon {
  readonly workDir: string;
  readonly ssh: SshTuning;
  /** Bumped by the operator after the helper was rebuilt: re-runs every step on it. */
  readonly generation: number;
  /** helperAllowSecretInProcessList: run client-secret sign-in even where /proc shows command lines to other users. */
  readonly allowSecretInProcessList: boolean;
}

export type HelperConfig<S> =
  | (HelperCommon & {
      readonly mode: "create";
      readonly vmSize: string;
      readonly image: ImageReference;
      readonly adminUsername: string;
      readonly vnetCidr: string;
      readonly subnetCidr: string;
      readonly sshSourceRanges: readonly string[];
      readonly dnsLabel: string;
    })
  | (HelperCommon & {
      readonly mode: "existing";
      readonly host: string;
      readonly user: string;
      readonly privateKey: S;
      readonly hostKey?: string;
    });

export interface AksEngineConfig {
  readonly version: string;
  /** Download URL with `{version}` already substituted. */
  readonly downloadUrl: string;
  readonly sha256?: string;
}

/** The service principal the cluster's cloud provider uses on the nodes (aks-engine's `servicePrincipalProfile`). */
export interface ClusterServicePrincipal<S> {
  readonly clientId: string;
  readonly clientSecret: S;
}

export interface ClusterConfig {
  readonly dnsPrefix: string;
  readonly resourceGroup: string;
  /** Full version, e.g. `1.33.10` (a requested minor is resolved to its latest patch). */
  readonly kubernetesVersion: string;
  readonly kubernetesMinor: string;
  readonly masterCount: number;
  readonly masterVmSize: string;
  readonly agentPool: { readonly name: string; readonly count: number; readonly vmSize: string };
  readonly nodeAdminUsername: string;
  readonly networkPlugin: "kubenet" | "azure";
  readonly containerRuntime: "containerd";
  readonly distro: "aks-ubuntu-22.04";
  readonly etcdDiskSizeGB?: number;
  readonly deployPollSeconds: number;
  readonly deployMaxWaitMinutes: number;
  /** Changing it refreshes the nodes' OS image; "" when never set. */
  readonly nodeImageRefresh: string;
  /** Protect the steps that hold the cluster from `pulumi destroy`. */
  readonly protect: boolean;
}

export type IngressKind = "nginx" | "traefik";

export interface IngressConfig {
  readonly kind: IngressKind;
  readonly chartVersion: string;
  readonly replicas: number;
}

/** Where container insights sends data: the global stack's workspace, or one given in config. */
export type MonitoringConfig<S> =
  | { readonly enabled: false }
  | { readonly enabled: true; readonly chartVersion: string; readonly workspace: { readonly fromStack: string } | { readonly id: string; readonly key: S } };

/** Pod Security Standard the app's namespace enforces; `privileged` is never accepted (issue 8). */
export type PodSecurityLevel = "restricted" | "baseline";

/** The ratings app's MongoDB replica set. */
export interface MongoConfig {
  readonly image: string;
  /** Members: 1, 3, 5 or 7. */
  readonly replicas: number;
  readonly storageClass?: string;
  readonly storageSize: string;
}

export interface AppConfig {
  readonly namespace: string;
  readonly podSecurityLevel: PodSecurityLevel;
  readonly webImage: string;
  readonly apiImage: string;
  readonly mongo: MongoConfig;
  readonly hpa: { readonly minReplicas: number; readonly maxReplicas: number; readonly cpuPercent: number };
}

export interface StampConfig<S> {
  readonly role: "stamp";
  readonly stack: string;
  readonly stampName: string;
  readonly hub: HubConfig<S>;
  readonly helper: HelperConfig<S>;
  readonly aksEngine: AksEngineConfig;
  readonly cluster: ClusterConfig;
  readonly clusterServicePrincipal: ClusterServicePrincipal<S>;
  readonly ingress: IngressConfig;
  readonly monitoring: MonitoringConfig<S>;
  readonly app: AppConfig;
}

export type RoutingMethod = "Weighted" | "Priority" | "Performance" | "Geographic";

/** One stamp behind Traffic Manager. Which routing field is set depends on the routing method. */
export interface EndpointConfig {
  readonly name: string;
  /** Fully qualified stamp stack whose `ingressAddress` is the endpoint's target. */
  readonly stack: string;
  /** false keeps the endpoint but disables it (maintenance drain). */
  readonly enabled: boolean;
  readonly weight?: number;
  readonly priority?: number;
  readonly endpointLocation?: string;
  readonly geoMapping?: readonly string[];
}

export interface HealthMonitor {
  readonly protocol: "HTTP" | "HTTPS" | "TCP";
  readonly port: number;
  /** HTTP(S) only. */
  readonly path?: string;
  readonly intervalSeconds: 10 | 30;
  readonly timeoutSeconds: number;
  readonly toleratedFailures: number;
  /** HTTP(S) only. */
  readonly expectedStatusCodeRanges?: readonly { readonly min: number; readonly max: number }[];
  readonly hostHeader?: string;
}

export interface GlobalConfig {
  readonly role: "global";
  readonly stack: string;
  readonly azure: { readonly subscriptionId: string; readonly location: string; readonly resourceGroup: string };
  readonly workspace: { readonly name: string; readonly sku: string; readonly capacityReservationGB?: number; readonly retentionDays: number };
  readonly trafficManager: {
    readonly name: string;
    readonly dnsName: string;
    readonly ttl: number;
    readonly routingMethod: RoutingMethod;
    readonly monitor: HealthMonitor;
    readonly endpoints: readonly EndpointConfig[];
  };
}

export type StackConfig<S> = StampConfig<S> | GlobalConfig;
