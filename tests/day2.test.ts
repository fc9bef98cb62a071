/**
 * The day-2 rules (aksengine/day2.ts) on the two real releases' tables: every upgrade path
 * allowed and refused, release bumps, immutable settings, and the first deploy, with exact messages.
 */
import type { ClusterState } from "../aksengine/clusterState";
import { day2Problems } from "../aksengine/day2";
import { allowedUpgrades, AKS_ENGINE_RELEASES, manages } from "../aksengine/releases";
import { parseStackConfig } from "../config/parse";
import type { StampConfig } from "../config/types";
import { CREATE_MODE, rawConfig } from "./support/configs";

function stamp(values: Record<string, string> = {}): StampConfig<string> {
  return parseStackConfig(rawConfig(CREATE_MODE, values)).config as StampConfig<string>;
}

/** A cluster as CREATE_MODE's defaults deploy it, at a version and release of the test's choice. */
function deployed(kubernetesVersion: string, aksEngineRelease: string, changes: Partial<ClusterState> = {}): { state: ClusterState; resourceGroup: string } {
  return {
    state: {
      kubernetesVersion, aksEngineRelease, location: "redmond", dnsPrefix: "ratings-redmond", masterCount: 3, masterVmSize: "Standard_DS2_v2",
      agentPool: { name: "linuxpool", vmSize: "Standard_DS2_v2", count: 3 }, networkPlugin: "kubenet", distro: "aks-ubuntu-22.04", nodeCount: 6, ...changes,
    },
    resourceGroup: "ratings-redmond-rg",
  };
}

const messages = (values: Record<string, string>, cluster?: ReturnType<typeof deployed>) => day2Problems(stamp(values), cluster).map((p) => `${p.key}: ${p.message}`);

describe("upgrade paths", () => {
  // [release, deployed, requested, allowed]
  it.each([
    ["v0.84.2", "1.31.13", "1.32.9", true],
    ["v0.84.2", "1.32.9", "1.33.5", true],
    ["v0.84.2", "1.31.13", "1.33.5", false], // two minors at once
    ["v0.84.2", "1.33.5", "1.33.5", true], // nothing to do
    ["v0.85.0", "1.33.5", "1.33.10", true], // a patch with the new release
    ["v0.85.0", "1.33.5", "1.34.4", true],
    ["v0.85.0", "1.33.10", "1.34.4", true],
    ["v0.85.0", "1.34.4", "1.35.0", true],
    ["v0.85.0", "1.33.10", "1.35.0", false],
    ["v0.85.0", "1.32.9", "1.33.10", true],
    ["v0.85.0", "1.35.0", "1.34.4", false], // a downgrade
  ])("with %s from %s to %s: allowed %s", (release, from, to, allowed) => {
    const problems = messages({ aksEngineVersion: release, kubernetesVersion: to }, deployed(from, release));
    expect(problems.length === 0).toBe(allowed);
  });

  it("names the allowed next versions when a step is too far, and refuses downgrades", () => {
    expect(messages({ kubernetesVersion: "1.35.0" }, deployed("1.33.10", "v0.85.0"))).toEqual([
      "kubernetesVersion: cannot upgrade the deployed 1.33.10 to 1.35.0 with aks-engine-azurestack v0.85.0 (one minor at a time); allowed next: 1.34.4",
    ]);
    expect(messages({ kubernetesVersion: "1.34.4" }, deployed("1.35.0", "v0.85.0"))).toEqual([
      "kubernetesVersion: 1.34.4 is below the deployed 1.35.0; aks-engine-azurestack does not downgrade. Set 1.35.0, or upgrade (1.35.0 is the newest v0.85.0 can take it to; change aksEngineVersion to go further)",
    ]);
    // more than one allowed next version: each named
    expect(messages({ kubernetesVersion: "1.35.0" }, deployed("1.33.5", "v0.85.0"))).toEqual([
      "kubernetesVersion: cannot upgrade the deployed 1.33.5 to 1.35.0 with aks-engine-azurestack v0.85.0 (one minor at a time); allowed next: 1.33.10, 1.34.4",
    ]);
    expect(messages({ aksEngineVersion: "v0.84.2", kubernetesVersion: "1.33.5" }, deployed("1.31.13", "v0.84.2"))).toEqual([
      "kubernetesVersion: cannot upgrade the deployed 1.31.13 to 1.33.5 with aks-engine-azurestack v0.84.2 (one minor at a time); allowed next: 1.32.9",
    ]);
  });

  it("keeps v0.85.0's listed two-minor jump from 1.31.13 out: Kubernetes skips no minor", () => {
    expect(AKS_ENGINE_RELEASES["v0.85.0"].upgrades["1.31.13"]).toEqual(["1.33.10"]);
    expect(allowedUpgrades(AKS_ENGINE_RELEASES["v0.85.0"], "1.31.13")).toEqual([]);
  });
});

describe("release bumps", () => {
  it("allows a release that manages the deployed version, with the version unchanged", () => {
    expect(messages({ aksEngineVersion: "v0.85.0", kubernetesVersion: "1.33.5" }, deployed("1.33.5", "v0.84.2"))).toEqual([]);
    expect(manages(AKS_ENGINE_RELEASES["v0.85.0"], "1.32.9")).toBe(true);
  });

  it("refuses one that cannot manage it, naming the path through the current release", () => {
    expect(messages({ aksEngineVersion: "v0.85.0", kubernetesVersion: "1.33.10" }, deployed("1.31.13", "v0.84.2"))).toEqual([
      "aksEngineVersion: aks-engine-azurestack v0.85.0 cannot manage the deployed Kubernetes 1.31.13 (written by v0.84.2); first upgrade with v0.84.2 (kubernetesVersion 1.32.9), then change aksEngineVersion",
    ]);
  });

  it("refuses going back to a release that does not know the deployed version", () => {
    expect(messages({ aksEngineVersion: "v0.84.2", kubernetesVersion: "1.33.5" }, deployed("1.34.4", "v0.85.0"))).toEqual([
      "aksEngineVersion: aks-engine-azurestack v0.84.2 cannot manage the deployed Kubernetes 1.34.4 (written by v0.85.0); first upgrade with v0.85.0 towards a version v0.84.2 manages (1.30.14, 1.31.13, 1.32.9, 1.33.5)",
    ]);
  });
});

describe("settings aks-engine cannot change on a running cluster", () => {
  it.each([
    ["masterCount", "5", "3"],
    ["masterVmSize", "Standard_DS3_v2", "Standard_DS2_v2"],
    ["clusterDnsPrefix", "ratings-other", "ratings-redmond"],
    ["agentPoolName", "workers", "linuxpool"],
    ["agentVmSize", "Standard_DS3_v2", "Standard_DS2_v2"],
    ["networkPlugin", "azure", "kubenet"],
    ["clusterResourceGroup", "other-rg", "ratings-redmond-rg"],
  ])("%s: a change is refused, naming the deployed and the requested value", (key, requested, was) => {
    // (the resource group pinned, since its default follows the DNS prefix)
    expect(messages({ clusterResourceGroup: "ratings-redmond-rg", [key]: requested }, deployed("1.33.10", "v0.85.0"))).toEqual([
      `${key}: the deployed cluster has ${was}, not ${requested}: aks-engine-azurestack cannot change it on a running cluster. ` +
        `Set ${key} back to ${was}, or deploy a new stamp (a new stack) with ${requested} and move its traffic over`,
    ]);
  });

  it("the hub location, from the deployed apimodel's location", () => {
    expect(messages({}, deployed("1.33.10", "v0.85.0", { location: "seattle" }))[0]).toMatch(/^hubLocation: the deployed cluster has seattle, not redmond:/);
  });

  it("the agent count is not one of them: it is a scale", () => {
    expect(messages({ agentCount: "7" }, deployed("1.33.10", "v0.85.0"))).toEqual([]);
  });
});

describe("the app's namespace", () => {
  const withNamespace = (appNamespace: string | undefined) => ({ ...deployed("1.33.10", "v0.85.0"), appNamespace });

  it("is refused once deployed (its MongoDB volumes would stay behind), with the deployed and requested names", () => {
    expect(messages({ appNamespace: "ratings-v2" }, withNamespace("ratings"))).toEqual([
      "appNamespace: the deployed app lives in namespace ratings, not ratings-v2: a new namespace means a new MongoDB replica set on new, empty volumes, " +
        "while the data stays behind in ratings. Set appNamespace back to ratings; to move the app, copy its data first (mongodump, mongorestore) " +
        "and remove the old namespace by hand",
    ]);
    expect(messages({}, withNamespace("ratings"))).toEqual([]);
  });

  it("is not checked against a stack whose outputs predate it", () => {
    expect(messages({ appNamespace: "ratings-v2" }, withNamespace(undefined))).toEqual([]);
  });
});

describe("MongoDB's member count (appMongoReplicas)", () => {
  const withMembers = (appMongoReplicas: number | undefined) => ({ ...deployed("1.33.10", "v0.85.0"), appMongoReplicas });
  const refused = (from: number, to: number, instead: string) =>
    `appMongoReplicas: the deployed MongoDB replica set has ${from} members; lowering it to ${to} at once leaves ${to} of them, not a majority: ` +
    `the set would have no primary, and writes that only the removed members hold would be lost with their volumes. Set appMongoReplicas back to ${from}, or ${instead}`;

  it.each([
    [3, 5], [1, 7], [5, 3], [7, 5], [3, 3],
  ])("%i -> %i keeps a majority of the deployed members (or grows): allowed", (from, to) => {
    expect(messages({ appMongoReplicas: String(to), agentCount: "7" }, withMembers(from))).toEqual([]);
  });

  it.each([
    [3, 1, "3 is the fewest members a deployed set of 3 can keep; for fewer, deploy a new stamp with appMongoReplicas 1 and move its traffic and data over"],
    [5, 1, "3 is the fewest members a deployed set of 5 can keep; for fewer, deploy a new stamp with appMongoReplicas 1 and move its traffic and data over"],
    [7, 3, "lower it in steps that each keep a majority: 7 -> 5 -> 3, one `pulumi up` each"],
    [7, 1, "3 is the fewest members a deployed set of 7 can keep; for fewer, deploy a new stamp with appMongoReplicas 1 and move its traffic and data over"],
  ])("%i -> %i loses the majority at once: refused, with the steps that keep it", (from, to, instead) => {
    expect(messages({ appMongoReplicas: String(to), agentCount: "7" }, withMembers(from))).toEqual([refused(from, to, instead)]);
  });

  it("is not checked against a stack whose outputs predate it, nor on a first deploy", () => {
    expect(messages({ appMongoReplicas: "1" }, withMembers(undefined))).toEqual([]);
  });
});

describe("the first deploy", () => {
  it("needs a version the release can create", () => {
    expect(messages({ kubernetesVersion: "1.33.5" })).toEqual([
      "kubernetesVersion: 1.33.5 cannot be created by aks-engine-azurestack v0.85.0 (this stack has no cluster yet); allowed: 1.33, 1.33.10, 1.34, 1.34.4, 1.35, 1.35.0",
    ]);
    expect(messages({})).toEqual([]);
  });
});
