/**
 * `npm run verify -- --stack <name> [--wait <seconds>]` (`--option=value` works too): the guide's
 * post-deploy checks as code, on a deployed stack's outputs (read through the Pulumi CLI:
 * tools/ops/stackOutputs.ts). A stamp (tools/verify/stamp.ts): the API server answers with the
 * stack's kubeconfig, every node is Ready and there are `nodeCount`, the ratings app's
 * Deployments, StatefulSet and autoscaler are ready, the app answers on `appUrl`. The global stack
 * (tools/verify/global.ts): every Traffic Manager endpoint is Enabled and Online (or drained on
 * purpose: PASS, "drained on purpose (enabled: false)", when the stack's `endpoints` output reports
 * it Disabled), and the app answers through the profile's URL (Azure sign-in through
 * DefaultAzureCredential). `--wait <seconds>` (default 0: check once) checks the failures that are
 * normal right after a deploy again every 15 s until they pass or the time is up
 * (tools/verify/wait.ts); the table shows each check's last result. Prints a table (check,
 * PASS/FAIL, detail); nothing secret (tools/ops/redact.ts). Needs Node 20.19 or newer (it loads
 * the ES-module-only @kubernetes/client-node with require). See README "Post-deploy checks".
 * Exit code 0: every check passed; 2: a check failed; 1: an error (bad arguments, an unknown
 * stack, outputs that cannot be read or lack what the checks need).
 */
import { DefaultAzureCredential } from "@azure/identity";
import { PROJECT_ROOT } from "./ops/project";
import { type ReadStackOutputs, readStackOutputs, secretOutputValues } from "./ops/stackOutputs";
import { InputError, parseOptions, runCli } from "./plan/cli";
import { stackRole, type StackRole } from "./plan/stackFiles";
import { type ArmAccess, PUBLIC_AZURE_ARM, verifyGlobal } from "./verify/global";
import { type CheckFilter, type CheckResult, exitCode, renderResults } from "./verify/report";
import { type VerifyTiming, verifyStamp } from "./verify/stamp";
import { globalTarget, stampTarget } from "./verify/targets";
import { type Clock, REAL_CLOCK, untilSettled } from "./verify/wait";

const USAGE = "usage: npm run verify -- --stack <name> [--wait <seconds>]";

/** Everything verify talks to, passed in: the CLI gives the real ones. */
export interface VerifyEnvironment {
  /** The project directory: its Pulumi.<stack>.yaml files give the stacks and their roles. */
  readonly root: string;
  readonly readOutputs: ReadStackOutputs;
  readonly arm: ArmAccess;
  readonly timing: VerifyTiming;
  /** Time for --wait and the app's retries; tests pass one that does not sleep. */
  readonly clock: Clock;
  readonly out: (text: string) => void;
}

// 15 s: the autoscaler controller's sync period; Traffic Manager probes every 30 s (the global config's monitor).
const TIMING: VerifyTiming = { requestTimeoutMs: 15_000, app: { attempts: 3, timeoutMs: 10_000, retryDelayMs: 5_000 }, waitIntervalMs: 15_000 };

/** The stack to check, its role as the stack file gives it, and how long to wait for transient failures. */
function parseArgs(argv: readonly string[], root: string): { stack: string; role: StackRole; waitSeconds: number } {
  const { values } = parseOptions(argv, { usage: USAGE, values: ["--stack", "--wait"], required: ["--stack"] });
  const wait = values["--wait"] ?? "0";
  if (!/^\d+$/.test(wait)) throw new InputError(`--wait: not a whole number of seconds: ${JSON.stringify(wait)}`);
  return { stack: values["--stack"], role: stackRole(root, values["--stack"]), waitSeconds: Number(wait) };
}

/** The whole command; resolves with the exit code. */
export async function verify(argv: readonly string[], env: VerifyEnvironment): Promise<number> {
  const { stack, role, waitSeconds } = parseArgs(argv, env.root);
  let outputs;
  try {
    outputs = await env.readOutputs(stack);
  } catch (error) {
    throw new InputError(`could not read the outputs of stack ${stack} (needs the Pulumi CLI, logged in to the stack's backend): ${(error as Error).message}`);
  }
  const sleep = (ms: number) => env.clock.sleep(ms);
  let run: (only: CheckFilter) => Promise<CheckResult[]>;
  if (role === "stamp") {
    const target = stampTarget(outputs, stack);
    run = (only) => verifyStamp(target, env.timing, sleep, only);
  } else {
    const target = globalTarget(outputs, stack);
    run = (only) => verifyGlobal(target, env.arm, env.timing.app, sleep, only);
  }
  env.out(`verify ${stack} (${role})\n`);
  const results = await untilSettled(run, {
    waitMs: waitSeconds * 1000,
    intervalMs: env.timing.waitIntervalMs,
    clock: env.clock,
    progress: (pending, next, left) => env.out(`waiting for ${pending.join(", ")}: again in ${Math.ceil(next / 1000)} s (${Math.ceil(left / 1000)} s left)\n`),
  });
  env.out(`\n${renderResults(results, secretOutputValues(outputs))}\n`);
  return exitCode(results);
}

if (require.main === module) {
  const arm: ArmAccess = { credential: new DefaultAzureCredential(), endpoint: PUBLIC_AZURE_ARM };
  runCli(() => verify(process.argv.slice(2), { root: PROJECT_ROOT, readOutputs: readStackOutputs, arm, timing: TIMING, clock: REAL_CLOCK, out: (text) => process.stdout.write(text) }));
}
