/**
 * `--wait <seconds>`: right after `pulumi up` some checks fail for a while as a matter of course
 * (a rollout in progress, an autoscaler before its first sync or without metrics yet, a Traffic
 * Manager endpoint still CheckingEndpoint, an app not answering yet: CheckResult.transient). This
 * runs every check once, then only the transient failures again, every `intervalMs`, until none is
 * left or the time is up; the last round runs at the deadline. Each row is the last result of its
 * check. A failure that is not transient is never retried: waiting would not change it. Time comes
 * from the injected clock, so tests do not sleep.
 */
import type { CheckFilter, CheckResult } from "./report";

export interface Clock {
  /** Milliseconds, as Date.now. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const REAL_CLOCK: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

export interface WaitOptions {
  /** 0: one round, as without --wait. */
  readonly waitMs: number;
  readonly intervalMs: number;
  readonly clock: Clock;
  /** Told before each pause, with the checks still pending (their names only: details may quote what the net must mask). */
  readonly progress: (pending: readonly string[], nextInMs: number, leftMs: number) => void;
}

/** The checks' results once every transient failure passed, or the last results when the time is up. */
export async function untilSettled(run: (only: CheckFilter) => Promise<CheckResult[]>, options: WaitOptions): Promise<CheckResult[]> {
  const { clock } = options;
  const deadline = clock.now() + options.waitMs;
  let results = await run(undefined);
  for (;;) {
    const pending = results.filter((r) => !r.ok && r.transient).map((r) => r.check);
    const left = deadline - clock.now();
    if (pending.length === 0 || left <= 0) return results;
    const pause = Math.min(options.intervalMs, left);
    options.progress(pending, pause, left);
    await clock.sleep(pause);
    // Merged by check name: a round may also re-report what the pending checks need (the API server).
    const again = new Map((await run(new Set(pending))).map((r) => [r.check, r]));
    results = [...results.map((r) => again.get(r.check) ?? r), ...[...again.values()].filter((r) => !results.some((old) => old.check === r.check))];
  }
}
