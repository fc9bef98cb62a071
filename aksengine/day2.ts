/**
 * Day-2 rules: what a configuration may ask of a cluster that exists (its state read from the
 * stack's previous outputs), checked before any resource is declared. Every problem names the
 * config key, the deployed value, the requested value and what to do instead. Pure.
 *
 * Upgrades go to a version the configured release lists for the deployed one, at most one minor
 * above, never down (aksengine/releases.ts); a release may replace another only if it manages the
 * deployed version; settings aks-engine-azurestack cannot change on a running cluster are refused.
 * The app's namespace cannot change either: its MongoDB volumes would stay behind (issue 11). Nor
 * can MongoDB lose a majority of its deployed members in one step (mongoShrinkProblem).
 */
import { MONGO_MEMBER_COUNTS } from "../config/platform";
import type { ConfigProblem } from "../config/reader";
import type { ConfigKey } from "../config/schema";
import type { StampConfig } from "../config/types";
import type { ClusterState } from "./clusterState";
import { acceptedKubernetesVersions, AKS_ENGINE_RELEASES, allowedUpgrades, compareVersions, manages, managedKubernetesVersions } from "./releases";

export interface DeployedCluster {
  readonly state: ClusterState;
  /** The resource group the previous run deployed into (it is not in the apimodel). */
  readonly resourceGroup?: string;
  /** The namespace the previous run deployed the app into (stack output `appNamespace`). */
  readonly appNamespace?: string;
  /** The members of MongoDB's replica set the previous run deployed (stack output `appMongoReplicas`). */
  readonly appMongoReplicas?: number;
}

type Stamp = Pick<StampConfig<unknown>, "hub" | "aksEngine" | "cluster" | "app">;

function immutable(stamp: Stamp, deployed: DeployedCluster): [ConfigKey, string | number | undefined, string | number][] {
  const { state } = deployed;
  const { cluster } = stamp;
  return [
    ["hubLocation", state.location, stamp.hub.location],
    ["clusterResourceGroup", deployed.resourceGroup, cluster.resourceGroup],
    ["clusterDnsPrefix", state.dnsPrefix, cluster.dnsPrefix],
    ["masterCount", state.masterCount, cluster.masterCount],
    ["masterVmSize", state.masterVmSize, cluster.masterVmSize],
    ["agentPoolName", state.agentPool.name, cluster.agentPool.name],
    ["agentVmSize", state.agentPool.vmSize, cluster.agentPool.vmSize],
    ["networkPlugin", state.networkPlugin, cluster.networkPlugin],
    ["nodeDistro", state.distro, cluster.distro],
  ];
}

function releaseProblem(stamp: Stamp, state: ClusterState): ConfigProblem | undefined {
  const release = AKS_ENGINE_RELEASES[stamp.aksEngine.version];
  if (stamp.aksEngine.version === state.aksEngineRelease || manages(release, state.kubernetesVersion)) return undefined;
  const previous = AKS_ENGINE_RELEASES[state.aksEngineRelease];
  const stepping = previous ? allowedUpgrades(previous, state.kubernetesVersion).filter((v) => manages(release, v)) : [];
  const path = stepping.length > 0
    ? `first upgrade with ${state.aksEngineRelease} (kubernetesVersion ${stepping[stepping.length - 1]}), then change aksEngineVersion`
    : `first upgrade with ${state.aksEngineRelease} towards a version ${stamp.aksEngine.version} manages (${managedKubernetesVersions(release).join(", ")})`;
  return {
    key: "aksEngineVersion",
    message: `aks-engine-azurestack ${stamp.aksEngine.version} cannot manage the deployed Kubernetes ${state.kubernetesVersion} (written by ${state.aksEngineRelease}); ${path}`,
  };
}

function versionProblem(stamp: Stamp, state: ClusterState): ConfigProblem | undefined {
  const release = AKS_ENGINE_RELEASES[stamp.aksEngine.version];
  const deployed = state.kubernetesVersion;
  const requested = stamp.cluster.kubernetesVersion;
  const next = allowedUpgrades(release, deployed);
  const allowedNext = next.length > 0 ? `allowed next: ${next.join(", ")}` : `${deployed} is the newest ${stamp.aksEngine.version} can take it to; change aksEngineVersion to go further`;
  const order = compareVersions(requested, deployed);
  if (order === 0 || next.includes(requested)) return undefined;
  if (order < 0) {
    return { key: "kubernetesVersion", message: `${requested} is below the deployed ${deployed}; aks-engine-azurestack does not downgrade. Set ${deployed}, or upgrade (${allowedNext})` };
  }
  return { key: "kubernetesVersion", message: `cannot upgrade the deployed ${deployed} to ${requested} with aks-engine-azurestack ${stamp.aksEngine.version} (one minor at a time); ${allowedNext}` };
}

/** The smallest member count a set of `from` members can drop to while keeping a majority of them. */
const smallestStep = (from: number) => MONGO_MEMBER_COUNTS.find((n) => n * 2 > from) ?? from;

/**
 * Lowering appMongoReplicas deletes the highest members' pods at once (the StatefulSet), before
 * the primary has removed them from the set. While the members left are a majority of the
 * deployed set (5 -> 3, 7 -> 5), a primary stays and removes the others one by one, and every
 * majority-acknowledged write is on a member left. Below that (3 -> 1, 7 -> 3) the set has no
 * primary until its first member reconfigures it with force, which can drop writes only the
 * removed members held, and their claims are deleted with them (whenScaled: Delete,
 * components/mongoReplicaSet.ts): refused, with the steps that keep a majority.
 */
export function mongoShrinkProblem(deployedReplicas: number | undefined, replicas: number): ConfigProblem | undefined {
  if (deployedReplicas === undefined || replicas * 2 > deployedReplicas) return undefined;
  const steps: number[] = [];
  for (let at = deployedReplicas; at > replicas && smallestStep(at) < at; ) steps.push((at = smallestStep(at)));
  const instead = steps[steps.length - 1] === replicas
    ? `lower it in steps that each keep a majority: ${[deployedReplicas, ...steps].join(" -> ")}, one \`pulumi up\` each`
    : `${steps[steps.length - 1] ?? deployedReplicas} is the fewest members a deployed set of ${deployedReplicas} can keep; for fewer, deploy a new stamp with appMongoReplicas ${replicas} and move its traffic and data over`;
  return {
    key: "appMongoReplicas",
    message:
      `the deployed MongoDB replica set has ${deployedReplicas} members; lowering it to ${replicas} at once leaves ${replicas} of them, not a majority: ` +
      `the set would have no primary, and writes that only the removed members hold would be lost with their volumes. Set appMongoReplicas back to ${deployedReplicas}, or ${instead}`,
  };
}

/** Problems with asking this configuration of the deployed cluster (or of a first deploy, when there is none). */
export function day2Problems(stamp: Stamp, deployed: DeployedCluster | undefined): ConfigProblem[] {
  const release = AKS_ENGINE_RELEASES[stamp.aksEngine.version];
  if (!deployed) {
    const version = stamp.cluster.kubernetesVersion;
    return release.kubernetesVersions.includes(version)
      ? []
      : [{ key: "kubernetesVersion", message: `${version} cannot be created by aks-engine-azurestack ${stamp.aksEngine.version} (this stack has no cluster yet); allowed: ${acceptedKubernetesVersions(release).join(", ")}` }];
  }
  const problems: ConfigProblem[] = [];
  for (const [key, was, wanted] of immutable(stamp, deployed)) {
    if (was !== undefined && was !== wanted) {
      problems.push({
        key,
        message: `the deployed cluster has ${was}, not ${wanted}: aks-engine-azurestack cannot change it on a running cluster. Set ${key} back to ${was}, or deploy a new stamp (a new stack) with ${wanted} and move its traffic over`,
      });
    }
  }
  const { appNamespace } = deployed;
  if (appNamespace !== undefined && appNamespace !== stamp.app.namespace) {
    problems.push({
      key: "appNamespace",
      message:
        `the deployed app lives in namespace ${appNamespace}, not ${stamp.app.namespace}: a new namespace means a new MongoDB replica set on new, ` +
        `empty volumes, while the data stays behind in ${appNamespace}. Set appNamespace back to ${appNamespace}; to move the app, copy its data ` +
        "first (mongodump, mongorestore) and remove the old namespace by hand",
    });
  }
  const shrink = mongoShrinkProblem(deployed.appMongoReplicas, stamp.app.mongo.replicas);
  if (shrink) problems.push(shrink);
  const bump = releaseProblem(stamp, deployed.state);
  if (bump) problems.push(bump);
  else {
    const version = versionProblem(stamp, deployed.state);
    if (version) problems.push(version);
  }
  return problems;
}
