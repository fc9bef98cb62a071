/**
 * `npm run deploy -- [--stacks <name>[,<name>...]] [--preview]` (`--stacks` may repeat;
 * `--stacks=<names>` works too): the ordered deployment of the project's stacks through the Pulumi
 * Automation API (tools/deploy/orchestrate.ts): the global stack, then every stamp at the same
 * time, then the global stack again to point Traffic Manager at the stamps; each stack's output
 * streamed line by line with a `[stack]` prefix, a summary table at the end. `--preview` previews
 * the global stack, then the stamps, and changes nothing. Needs the Pulumi CLI and the backend's
 * login and credentials of every stack (README "Ordered deployment").
 * Exit code 0: every stack succeeded; 1: a stack failed (or did not run because an earlier phase
 * failed), or an input error (bad arguments, an unknown stack, a stack file the CLI would refuse).
 */
import { automationRunner } from "./deploy/automationRunner";
import { orchestrate, planPhases, StackRunner, Terminal } from "./deploy/orchestrate";
import { readRoles, selectStacks } from "./deploy/stacks";
import { exitCode, renderSummary } from "./deploy/summary";
import { parseOptions, runCli } from "./plan/cli";
import { stackNames } from "./plan/stackFiles";
import { PROJECT_ROOT } from "./ops/project";

const USAGE = "usage: npm run deploy -- [--stacks <name>[,<name>...]]... [--preview]";

interface Args {
  readonly stacks: readonly string[];
  readonly preview: boolean;
}

function parseArgs(argv: readonly string[], available: readonly string[]): Args {
  const { lists, flags } = parseOptions(argv, { usage: USAGE, lists: ["--stacks"], flags: ["--preview"] });
  return { stacks: selectStacks(available, lists["--stacks"] ?? []), preview: flags.has("--preview") };
}

/** The whole command on an injected project root, runner and terminal; resolves with the exit code. */
export async function deploy(argv: readonly string[], root: string, runner: StackRunner, terminal: Terminal, now?: () => number): Promise<number> {
  const args = parseArgs(argv, stackNames(root));
  const phases = planPhases(readRoles(root, args.stacks), args.preview ? "preview" : "up");
  const reports = await orchestrate(phases, runner, terminal, now);
  terminal.out("");
  renderSummary(reports).split("\n").forEach((line) => terminal.out(line));
  return exitCode(reports);
}

const processTerminal: Terminal = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };

if (require.main === module) runCli(() => deploy(process.argv.slice(2), PROJECT_ROOT, automationRunner(), processTerminal));
