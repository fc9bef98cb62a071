/**
 * verify's results: one row per check (PASS or FAIL with a short detail), the table printed from
 * them with every secret masked, and the exit code. Pure.
 */
import type { StackOutputs } from "../ops/stackOutputs";
import { renderRows } from "../ops/table";

export interface CheckResult {
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
}

export const pass = (check: string, detail: string): CheckResult => ({ check, ok: true, detail });
export const fail = (check: string, detail: string): CheckResult => ({ check, ok: false, detail });

/** Exit code 0: every check passed; 2: at least one failed (1 is for errors: tools/plan/cli.ts runCli). */
export const exitCode = (results: readonly CheckResult[]): 0 | 2 => (results.every((r) => r.ok) ? 0 : 2);

// Runs of base64 long enough to be key material, a token or a PEM line (host names and words stop at `.` and `-`).
const KEY_MATERIAL = /[A-Za-z0-9+/=]{20,}/g;

function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}

/**
 * Every text a detail must never show: each secret output's values (the kubeconfig, the workspace
 * key...), and the key material inside them, as written and base64-decoded line by line (a client
 * key inside the kubeconfig is base64 of a PEM whose lines are base64 again). Verify never puts
 * these in a detail; this is the net under that rule, should a library echo one in an error.
 */
export function secretTexts(outputs: StackOutputs): string[] {
  const texts = new Set<string>();
  for (const { value, secret } of Object.values(outputs)) {
    if (!secret) continue;
    for (const text of stringsIn(value)) {
      texts.add(text);
      for (const run of text.match(KEY_MATERIAL) ?? []) {
        texts.add(run);
        for (const line of Buffer.from(run, "base64").toString("utf8").split("\n")) if (line.trim().length >= 20) texts.add(line.trim());
      }
    }
  }
  // Longest first, so a secret is masked whole before any part of it.
  return [...texts].filter((text) => text.length >= 8).sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((masked, secret) => masked.split(secret).join("[secret]"), text);
}

/** The table: check, PASS/FAIL, detail (on one line, secrets masked). */
export function renderResults(results: readonly CheckResult[], secrets: readonly string[]): string {
  const rows = results.map((r) => [r.check, r.ok ? "PASS" : "FAIL", redact(r.detail, secrets).replace(/\s+/g, " ").trim()]);
  const failed = results.filter((r) => !r.ok).length;
  const summary = failed === 0 ? `all ${results.length} checks passed` : `${failed} of ${results.length} checks failed`;
  return `${renderRows(["check", "result", "detail"], rows)}\n\n${summary}`;
}
