/**
 * verify's results: one row per check (PASS or FAIL with a short detail), the table printed from
 * them with every secret masked (tools/ops/redact.ts), and the exit code. Pure.
 */
import { redactor } from "../ops/redact";
import { renderRows } from "../ops/table";

export interface CheckResult {
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
  /**
   * A failure that is normal for a while right after a deploy (a rollout in progress, an
   * autoscaler not yet evaluated or without metrics, an endpoint still CheckingEndpoint, an app
   * not answering yet): `--wait` checks it again (tools/verify/wait.ts). It fails all the same.
   */
  readonly transient?: true;
}

export const pass = (check: string, detail: string): CheckResult => ({ check, ok: true, detail });
export const fail = (check: string, detail: string): CheckResult => ({ check, ok: false, detail });
/** A failure that may pass on its own soon (see CheckResult.transient). */
export const pending = (check: string, detail: string): CheckResult => ({ check, ok: false, detail, transient: true });

/** Which checks to run: all (undefined), or (a `--wait` round) only these, plus what they need first (the API server). */
export type CheckFilter = ReadonlySet<string> | undefined;
export const selected = (only: CheckFilter, check: string): boolean => only === undefined || only.has(check);

/** Exit code 0: every check passed; 2: at least one failed (1 is for errors: tools/plan/cli.ts runCli). */
export const exitCode = (results: readonly CheckResult[]): 0 | 2 => (results.every((r) => r.ok) ? 0 : 2);

/**
 * The table: check, PASS/FAIL, detail (on one line). `secrets` are the secret values (the stack's
 * secret outputs): verify never puts one in a detail; the mask is the net under that rule, should a
 * library echo one in an error.
 */
export function renderResults(results: readonly CheckResult[], secrets: readonly string[]): string {
  const mask = redactor(secrets);
  const rows = results.map((r) => [r.check, r.ok ? "PASS" : "FAIL", mask(r.detail).replace(/\s+/g, " ").trim()]);
  const failed = results.filter((r) => !r.ok).length;
  const summary = failed === 0 ? `all ${results.length} checks passed` : `${failed} of ${results.length} checks failed`;
  return `${renderRows(["check", "result", "detail"], rows)}\n\n${summary}`;
}
