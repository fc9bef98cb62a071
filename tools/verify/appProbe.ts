/**
 * Does the app answer? An HTTP GET of its URL must return 200, as Traffic Manager's probe expects
 * of `/`. A few attempts, each with a timeout: right after a deploy the ingress or a new
 * ratings-web pod (which compiles its front end first) may need a moment. A failure is transient
 * (`--wait` probes again): an app not answering yet is normal right after a deploy.
 */
import { CheckResult, pass, pending } from "./report";

export interface AppProbeTiming {
  readonly attempts: number;
  readonly timeoutMs: number;
  readonly retryDelayMs: number;
}

/** Waits that long; the CLI's uses a timer, tests' return at once. */
export type Sleep = (ms: number) => Promise<void>;

/** One GET: the status code, or why there was none. */
async function get(url: string, timeoutMs: number): Promise<{ status: number } | { error: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
    await response.body?.cancel();
    return { status: response.status };
  } catch (error) {
    const e = error as Error & { cause?: { message?: string } };
    if (e.name === "TimeoutError") return { error: `no answer within ${timeoutMs / 1000} s` };
    return { error: e.cause?.message ?? e.message };
  }
}

export async function probeApp(check: string, url: string, timing: AppProbeTiming, sleep: Sleep): Promise<CheckResult> {
  let last = "";
  for (let attempt = 1; attempt <= timing.attempts; attempt++) {
    if (attempt > 1) await sleep(timing.retryDelayMs);
    const result = await get(url, timing.timeoutMs);
    if ("status" in result && result.status === 200) return pass(check, `HTTP 200 from ${url}${attempt > 1 ? ` (attempt ${attempt})` : ""}`);
    last = "status" in result ? `HTTP ${result.status} from ${url}` : `${url}: ${result.error}`;
  }
  return pending(check, `${last} (${timing.attempts} attempt${timing.attempts === 1 ? "" : "s"})`);
}
