/**
 * Fault lists for the helper scripts (issue 12, item 4): what a script's tests are known to
 * catch, each shown once by running a deliberately broken copy of the script through the same
 * harness (HelperHost) and watching the tests' assertion fail. Stryker does not reach bash; this
 * is its stand-in. Every fault is a one-line edit; its check is the behaviour the test file
 * asserts, run first on the intact scripts (it must pass there, or it proves nothing) and then on
 * the broken copy (it must fail there).
 */
import { cpSync } from "fs";
import { HelperHost } from "./helperHost";

export interface ScriptFault {
  /** The script broken, as in HELPER_SCRIPTS (e.g. "lib/operation.sh"). */
  readonly script: string;
  /** The fault, as a reviewer would name it. */
  readonly fault: string;
  /** The edit: exact text that occurs once in the script (a line, with context where the line recurs) and what replaces it. */
  readonly edit: readonly [search: string, replace: string];
  /** The behaviour that must break: throws (a failed expect) when the script misbehaves. */
  readonly check: Check;
}

/** A test of a script: a scenario and its assertions, on a host whose scripts may be broken; `name` is the test's title. */
export interface Check {
  readonly name: string;
  readonly run: (host: HelperHost) => void | Promise<void>;
  /** The host the scenario starts from (default: a HelperHost with the fake installed). */
  readonly host?: () => HelperHost;
}

/** Replaces the script's copy on the host by the broken one; refuses an edit that does not match exactly once. */
export function breakScript(host: HelperHost, script: string, [search, replace]: readonly [string, string]): void {
  const text = host.read(`scripts/${script}`);
  const count = text.split(search).length - 1;
  if (count !== 1) throw new Error(`the edit of ${script} must match exactly once, matched ${count} times: ${JSON.stringify(search)}`);
  host.write(`scripts/${script}`, text.replace(search, () => replace));
}

/** A new host with the cluster state (work/cluster) of `template`, e.g. a cluster deployed once per test file. */
export function hostWithClusterOf(template: HelperHost): HelperHost {
  const host = new HelperHost();
  cpSync(template.path("cluster"), host.path("cluster"), { recursive: true });
  return host;
}

/** Each check's run on intact scripts, once per test file: as a test of its own, and as the control of its faults. */
const intactRuns = new Map<Check, Promise<void>>();
const hostFor = (check: Check) => (check.host ?? (() => new HelperHost()))();

function intactRun(check: Check): Promise<void> {
  if (!intactRuns.has(check)) intactRuns.set(check, (async () => check.run(hostFor(check)))());
  return intactRuns.get(check) as Promise<void>;
}

/** Registers checks as tests of the intact scripts (each is then also the control of the faults that use it). */
export function itHolds(checks: readonly Check[]): void {
  it.each(checks.map((check) => [check.name, check] as const))("%s", (_name, check) => intactRun(check));
}

/**
 * One test per fault: the check holds for the intact scripts (run once, shared with the check's
 * own test) and fails on the copy with the fault.
 */
export function describeFaults(title: string, faults: readonly ScriptFault[]): void {
  describe(title, () => {
    it.each(faults.map((f) => [`${f.script}: ${f.fault} (caught by: ${f.check.name})`, f] as const))("%s", async (_title, f) => {
      await intactRun(f.check);
      const broken = hostFor(f.check);
      breakScript(broken, f.script, f.edit);
      let failure: unknown;
      try {
        await f.check.run(broken);
      } catch (error) {
        failure = error;
      }
      expect({ fault: f.fault, caught: failure !== undefined }).toEqual({ fault: f.fault, caught: true });
    });
  });
}
