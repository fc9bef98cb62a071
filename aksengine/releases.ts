/**
 * aks-engine-azurestack releases this project knows: the Kubernetes versions each can create,
 * and the upgrades it can run from each version it manages, exactly as its offline
 * `get-versions --azure-env AzureStackCloud [--version X]` prints them (tests/aksengine.real.test.ts
 * checks both against the real binaries). Adding a release is one entry here.
 */
export interface AksEngineRelease {
  readonly kubernetesVersions: readonly string[];
  /** The minor `deploy` picks when the apimodel names none. */
  readonly defaultMinor: string;
  /** Deployed version -> the versions `upgrade` can take it to (the versions it manages). */
  readonly upgrades: Readonly<Record<string, readonly string[]>>;
}

export const AKS_ENGINE_RELEASES: Readonly<Record<string, AksEngineRelease>> = {
  "v0.84.2": {
    kubernetesVersions: ["1.31.13", "1.32.9", "1.33.5"],
    defaultMinor: "1.31",
    upgrades: { "1.30.14": ["1.31.13"], "1.31.13": ["1.32.9"], "1.32.9": ["1.33.5"], "1.33.5": [] },
  },
  "v0.85.0": {
    kubernetesVersions: ["1.33.10", "1.34.4", "1.35.0"],
    defaultMinor: "1.33",
    upgrades: { "1.31.13": ["1.33.10"], "1.32.9": ["1.33.10"], "1.33.5": ["1.33.10", "1.34.4"], "1.33.10": ["1.34.4"], "1.34.4": ["1.35.0"], "1.35.0": [] },
  },
};

export function knownReleases(): string[] {
  return Object.keys(AKS_ENGINE_RELEASES).sort();
}

export function minorOf(version: string): string {
  return version.split(".").slice(0, 2).join(".");
}

/** Every value `orchestratorVersion` may take for a release: each full version and each minor. */
export function acceptedKubernetesVersions(release: AksEngineRelease): string[] {
  const minors = release.kubernetesVersions.map(minorOf);
  return [...new Set([...minors, ...release.kubernetesVersions])].sort(compareVersions);
}

/** Every full version a release knows: those it creates and those it upgrades from or to. */
export function managedKubernetesVersions(release: AksEngineRelease): string[] {
  const all = [...release.kubernetesVersions, ...Object.keys(release.upgrades), ...Object.values(release.upgrades).flat()];
  return [...new Set(all)].sort(compareVersions);
}

/**
 * Resolves `1.33` to the release's latest 1.33 patch it can create; a full version is returned
 * when the release knows it at all (a deployed cluster may run one it can no longer create).
 */
export function resolveKubernetesVersion(release: AksEngineRelease, requested: string): string | undefined {
  if (managedKubernetesVersions(release).includes(requested)) return requested;
  const patches = release.kubernetesVersions.filter((v) => minorOf(v) === requested).sort(compareVersions);
  return patches[patches.length - 1];
}

/**
 * Where `upgrade` may take a cluster at `deployed`: the release's targets, at most one minor
 * above (Kubernetes supports no skipped minors, although v0.85.0 lists 1.31.13 -> 1.33.10).
 */
export function allowedUpgrades(release: AksEngineRelease, deployed: string): string[] {
  const [major, minor] = deployed.split(".").map(Number);
  return (release.upgrades[deployed] ?? []).filter((target) => {
    const [tMajor, tMinor] = target.split(".").map(Number);
    return tMajor === major && tMinor <= minor + 1;
  });
}

/** Whether a release can run day-2 operations on a cluster at `deployed`. */
export function manages(release: AksEngineRelease, deployed: string): boolean {
  return release.kubernetesVersions.includes(deployed) || allowedUpgrades(release, deployed).length > 0;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}
