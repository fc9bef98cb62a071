/**
 * Evaluates a pod against a Pod Security Standard at a version, the way the PodSecurity admission
 * plugin does: the check registry of kubernetes/pod-security-admission `policy/registry.go`
 * (checks by level and version, restricted overriding baseline checks, baseline IDs first, each
 * level sorted by ID), the aggregation of `policy/checks.go` (AggregateCheckResults,
 * ForbiddenDetail) and the message of `admission/admission.go` ("violates PodSecurity %q: %s"),
 * all at commit 8f84a87c7f617f64a4ddc1aea24aeeb7a2e07cb8.
 */
import { BASELINE_CHECKS } from "./baseline";
import type { Check, Forbidden, PodMetadata, PodSpec } from "./pod";
import { RESTRICTED_CHECKS } from "./restricted";

export type { PodSpec } from "./pod";
export type Level = "baseline" | "restricted";

export interface Violation extends Forbidden {
  readonly check: string;
}

/** The newest minor any check has a version for: what `latest`, and any newer version, evaluate as. */
const LATEST_MINOR = Math.max(...[...BASELINE_CHECKS, ...RESTRICTED_CHECKS].flatMap((c) => c.versions.map((v) => v.minor)));
/** The checks here are the versions in force from 1.25 on (aks-engine-azurestack creates 1.31 and later). */
const OLDEST_MINOR = 25;

function minorOf(version: string): number {
  if (version === "latest") return LATEST_MINOR;
  const match = /^v1\.(0|[1-9][0-9]*)$/.exec(version);
  if (!match) throw new Error(`${JSON.stringify(version)}: a Pod Security version is "latest" or "v1.x"`);
  const minor = Number(match[1]);
  if (minor < OLDEST_MINOR) throw new Error(`${version}: checks before v1.${OLDEST_MINOR} are not modelled`);
  return Math.min(minor, LATEST_MINOR);
}

/** The version of a check in force at a minor, if the check exists yet. */
function versionAt(check: Check, minor: number) {
  return [...check.versions].reverse().find((v) => v.minor <= minor);
}

/** Every refusal of `pod` by the standard `level` at `version` ("v1.33" or "latest"), in the plugin's order. */
export function evaluatePod(level: Level, version: string, pod: { metadata?: PodMetadata; spec: PodSpec }): Violation[] {
  const minor = minorOf(version);
  const byId = (checks: readonly Check[]) => [...checks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const restricted = level === "restricted" ? RESTRICTED_CHECKS.filter((c) => versionAt(c, minor) !== undefined) : [];
  const overridden = new Set(restricted.flatMap((c) => versionAt(c, minor)!.overrides ?? []));
  const checks = [...byId(BASELINE_CHECKS.filter((c) => !overridden.has(c.id))), ...byId(restricted)];
  return checks.flatMap((check) => {
    const result = versionAt(check, minor)?.checkPod(pod.metadata ?? {}, pod.spec);
    return result ? [{ check: check.id, ...result }] : [];
  });
}

/** The admission error for a pod `level` at `version` refuses (after `pods "<name>" is forbidden: `), or undefined when it is admitted. */
export function podSecurityError(level: Level, version: string, pod: { metadata?: PodMetadata; spec: PodSpec }): string | undefined {
  const violations = evaluatePod(level, version, pod);
  if (violations.length === 0) return undefined;
  return `violates PodSecurity "${level}:${version}": ${violations.map((v) => (v.detail === "" ? v.reason : `${v.reason} (${v.detail})`)).join(", ")}`;
}
