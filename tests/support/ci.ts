/**
 * Whether the suite runs under CI (`.ci/run` exports CI=true; so do most CI services). There a
 * missing tool (the real aks-engine, cloud-init, shellcheck) fails its tests instead of skipping them.
 */
export function underCi(): boolean {
  const value = process.env.CI;
  return value !== undefined && value !== "" && value !== "false" && value !== "0";
}
