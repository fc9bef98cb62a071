/**
 * aks-engine-azurestack releases this project knows, with the Kubernetes versions each
 * can create (DESIGN.md section 5; tests/aksengine.real.test.ts checks each against the real
 * binary's `get-versions`). Adding a release is one entry here. Upgrades go one minor at a
 * time and only to versions the installed release knows.
 */
export interface AksEngineRelease {
  readonly kubernetesVersions: readonly string[];
  /** The minor `deploy` picks when the apimodel names none. */
  readonly defaultMinor: string;
}

export const AKS_ENGINE_RELEASES: Readonly<Record<string, AksEngineRelease>> = {
  "v0.84.2": { kubernetesVersions: ["1.31.13", "1.32.9", "1.33.5"], defaultMinor: "1.31" },
  "v0.85.0": { kubernetesVersions: ["1.33.10", "1.34.4", "1.35.0"], defaultMinor: "1.33" },
};

export function knownReleases(): string[] {
  return Object.keys(AKS_ENGINE_RELEASES).sort();
}

function minorOf(version: string): string {
  return version.split(".").slice(0, 2).join(".");
}

/** Every value `orchestratorVersion` may take for a release: each full version and each minor. */
export function acceptedKubernetesVersions(release: AksEngineRelease): string[] {
  const minors = release.kubernetesVersions.map(minorOf);
  return [...new Set([...minors, ...release.kubernetesVersions])].sort(compareVersions);
}

/**
 * Resolves `1.33` to the release's latest 1.33 patch and returns a full version unchanged;
 * undefined when the release cannot create it.
 */
export function resolveKubernetesVersion(release: AksEngineRelease, requested: string): string | undefined {
  if (release.kubernetesVersions.includes(requested)) return requested;
  const patches = release.kubernetesVersions.filter((v) => minorOf(v) === requested).sort(compareVersions);
  return patches[patches.length - 1];
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
