/**
 * `npm run verify -- --stack <name>` (`--stack=<name>` works too): the guide's post-deploy checks
 * as code, on a deployed stack's outputs (read through the Pulumi CLI: tools/ops/stackOutputs.ts).
 * A stamp (tools/verify/stamp.ts): the API server answers with the stack's kubeconfig, every node
 * is Ready and there are `nodeCount`, the ratings app's Deployments, StatefulSet and autoscaler are
 * ready, the app answers on `appUrl`. The global stack (tools/verify/global.ts): every Traffic
 * Manager endpoint is Enabled and Online, and the app answers through the profile's URL (Azure
 * sign-in through DefaultAzureCredential). Prints a table (check, PASS/FAIL, detail); nothing
 * secret. Needs Node 20.19 or newer (it loads the ES-module-only @kubernetes/client-node with
 * require). See README "Post-deploy checks".
 * Exit code 0: every check passed; 2: a check failed; 1: an error (bad arguments, an unknown
 * stack, outputs that cannot be read or lack what the checks need).
 */
import { DefaultAzureCredential } from "@azure/identity";
import * as path from "path";
import { type ReadStackOutputs, readStackOutputs } from "./ops/stackOutputs";
import { InputError, parseOptions, runCli } from "./plan/cli";
import { stackRole, type StackRole } from "./plan/stackFiles";
import { type ArmAccess, PUBLIC_AZURE_ARM, verifyGlobal } from "./verify/global";
import { exitCode, renderResults, secretTexts } from "./verify/report";
import { type VerifyTiming, verifyStamp } from "./verify/stamp";
import { globalTarget, stampTarget } from "./verify/targets";

const ROOT = path.join(__dirname, "..");
const USAGE = "usage: npm run verify -- --stack <name>";

/** Everything verify talks to, passed in: the CLI gives the real ones. */
export interface VerifyEnvironment {
  /** The project directory: its Pulumi.<stack>.yaml files give the stacks and their roles. */
  readonly root: string;
  readonly readOutputs: ReadStackOutputs;
  readonly arm: ArmAccess;
  readonly timing: VerifyTiming;
  readonly out: (text: string) => void;
}

const TIMING: VerifyTiming = { requestTimeoutMs: 15_000, app: { attempts: 3, timeoutMs: 10_000, retryDelayMs: 5_000 } };

/** The stack to check and its role, as the stack file gives it. */
function stackToCheck(argv: readonly string[], root: string): { stack: string; role: StackRole } {
  const { values } = parseOptions(argv, { usage: USAGE, values: ["--stack"], required: ["--stack"] });
  return { stack: values["--stack"], role: stackRole(root, values["--stack"]) };
}

/** The whole command; resolves with the exit code. */
export async function verify(argv: readonly string[], env: VerifyEnvironment): Promise<number> {
  const { stack, role } = stackToCheck(argv, env.root);
  let outputs;
  try {
    outputs = await env.readOutputs(stack);
  } catch (error) {
    throw new InputError(`could not read the outputs of stack ${stack} (needs the Pulumi CLI, logged in to the stack's backend): ${(error as Error).message}`);
  }
  const results = role === "stamp" ? await verifyStamp(stampTarget(outputs, stack), env.timing) : await verifyGlobal(globalTarget(outputs, stack), env.arm, env.timing.app);
  env.out(`verify ${stack} (${role})\n\n${renderResults(results, secretTexts(outputs))}\n`);
  return exitCode(results);
}

if (require.main === module) {
  const arm: ArmAccess = { credential: new DefaultAzureCredential(), endpoint: PUBLIC_AZURE_ARM };
  runCli(() => verify(process.argv.slice(2), { root: ROOT, readOutputs: readStackOutputs, arm, timing: TIMING, out: (text) => process.stdout.write(text) }));
}
