/**
 * What a deployed cluster really is, read from the generated apimodel (`_output/apimodel.json`,
 * which aks-engine-azurestack rewrites after every deploy, upgrade and scale), plus the release
 * that last wrote it (recorded on the helper). Published as the stack output `clusterState`, and
 * read back from the stack's previous outputs to plan day-2 operations. Pure.
 */
export interface ClusterState {
  readonly kubernetesVersion: string;
  readonly location: string;
  readonly dnsPrefix: string;
  readonly masterCount: number;
  readonly masterVmSize: string;
  readonly agentPool: { readonly name: string; readonly vmSize: string; readonly count: number };
  readonly networkPlugin: string;
  readonly distro: string;
  /** The aks-engine-azurestack release that last wrote the apimodel. */
  readonly aksEngineRelease: string;
  /** Masters plus workers. */
  readonly nodeCount: number;
}

/** What read-apimodel.sh prints: the release that last wrote the apimodel, and the apimodel. */
export interface ApimodelEnvelope {
  readonly aksEngineRelease: string;
  readonly apimodel: Record<string, unknown>;
}

type Json = Record<string, unknown>;

function object(value: unknown, path: string): Json {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error(`the generated apimodel has no ${path}`);
  return value as Json;
}

function field<T extends "string" | "number">(from: Json, key: string, type: T, path: string): T extends "string" ? string : number {
  const value = from[key];
  if (typeof value !== type) throw new Error(`the generated apimodel has no ${type} ${path}.${key}`);
  return value as T extends "string" ? string : number;
}

export function parseEnvelope(text: string): ApimodelEnvelope {
  const parsed = object(JSON.parse(text), "envelope from read-apimodel.sh");
  return { aksEngineRelease: field(parsed, "aksEngineRelease", "string", "envelope"), apimodel: object(parsed.apimodel, "apimodel") };
}

/** The apimodel of an envelope as the stack keeps it (apimodelBackup): aks-engine's own layout, 2-space JSON. */
export function backupText(envelope: ApimodelEnvelope): string {
  return JSON.stringify(envelope.apimodel, null, 2) + "\n";
}

export function clusterStateOf(apimodel: Json, aksEngineRelease: string): ClusterState {
  const properties = object(apimodel.properties, "properties");
  const orchestrator = object(properties.orchestratorProfile, "properties.orchestratorProfile");
  const master = object(properties.masterProfile, "properties.masterProfile");
  const pools = properties.agentPoolProfiles;
  if (!Array.isArray(pools) || pools.length !== 1) throw new Error("the generated apimodel must have exactly one agent pool (this project deploys one per cluster)");
  const pool = object(pools[0], "properties.agentPoolProfiles[0]");
  const kubernetesConfig = object(orchestrator.kubernetesConfig, "properties.orchestratorProfile.kubernetesConfig");
  const masterCount = field(master, "count", "number", "properties.masterProfile");
  const count = field(pool, "count", "number", "properties.agentPoolProfiles[0]");
  return {
    kubernetesVersion: field(orchestrator, "orchestratorVersion", "string", "properties.orchestratorProfile"),
    location: field(apimodel, "location", "string", "root"),
    dnsPrefix: field(master, "dnsPrefix", "string", "properties.masterProfile"),
    masterCount,
    masterVmSize: field(master, "vmSize", "string", "properties.masterProfile"),
    agentPool: { name: field(pool, "name", "string", "properties.agentPoolProfiles[0]"), vmSize: field(pool, "vmSize", "string", "properties.agentPoolProfiles[0]"), count },
    networkPlugin: field(kubernetesConfig, "networkPlugin", "string", "properties.orchestratorProfile.kubernetesConfig"),
    distro: field(master, "distro", "string", "properties.masterProfile"),
    aksEngineRelease,
    nodeCount: masterCount + count,
  };
}
