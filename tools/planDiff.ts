/**
 * `npm run plan:diff -- --stack <name> --base <git ref> [--out <file>]` (`--option=value` works
 * too): the offline plan of the stack at the base ref and in the working tree, compared, as
 * Markdown for a pull-request comment (tools/plan/diff/markdown.ts). The base is evaluated in a
 * temporary `git worktree` of the ref (removed afterwards), with the working tree's node_modules,
 * by that tree's own tools/plan.ts; both sides with `--show-secrets` (placeholders and mock values
 * only), masked by the diff. The working tree is the git repository of the current directory.
 * Exit code 0: no changes; 2: changes; 1: an error (one message on stderr). See README "Plan diff
 * for pull requests".
 */
import { execFileSync, spawnSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { InputError, parseOptions, runCli } from "./plan/cli";
import { DiffablePlan, renderPlanDiff } from "./plan/diff/markdown";
import { readPlanJson } from "./plan/planFile";

const USAGE = "usage: npm run plan:diff -- --stack <name> --base <git ref> [--out <file>]";

interface Args {
  readonly stack: string;
  readonly base: string;
  readonly out?: string;
}

export function parseArgs(argv: string[]): Args {
  const { values } = parseOptions(argv, { usage: USAGE, values: ["--stack", "--base", "--out"], required: ["--stack", "--base"] });
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(values["--stack"])) throw new InputError(`--stack: not a stack name: ${JSON.stringify(values["--stack"])}`);
  return { stack: values["--stack"], base: values["--base"], out: values["--out"] };
}

function git(cwd: string, args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

function repositoryRoot(): string {
  try {
    return git(process.cwd(), ["rev-parse", "--show-toplevel"]);
  } catch {
    throw new InputError(`${process.cwd()} is not in a git repository`);
  }
}

function resolveBase(root: string, ref: string): string {
  if (ref.startsWith("-")) throw new InputError(`--base: not a git ref: ${JSON.stringify(ref)}`);
  try {
    return git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new InputError(`--base: ${JSON.stringify(ref)} is not a commit of ${root}`);
  }
}

/** Runs a tree's own tools/plan.ts for the stack, with secrets shown (placeholders only), and reads the plan. */
function planOf(tree: string, nodeModules: string, stack: string, out: string, side: string): DiffablePlan {
  const tsNode = path.join(nodeModules, "ts-node", "dist", "bin.js");
  const result = spawnSync(process.execPath, [tsNode, "--transpile-only", "tools/plan.ts", "--stack", stack, "--out", out, "--show-secrets"], {
    cwd: tree,
    encoding: "utf8",
    env: { ...process.env, TS_NODE_PROJECT: path.join(tree, "tsconfig.json") },
  });
  if (result.status !== 0) throw new InputError(`the offline plan of ${stack} at ${side} failed:\n${(result.stderr || result.stdout || String(result.error ?? "")).trim()}`);
  return readPlanJson<DiffablePlan>(readFileSync(out, "utf8"));
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const root = repositoryRoot();
  const commit = resolveBase(root, args.base);
  const nodeModules = path.join(root, "node_modules");
  if (!existsSync(nodeModules)) throw new InputError(`${nodeModules} is missing: run npm ci first`);
  const temp = mkdtempSync(path.join(os.tmpdir(), "plan-diff-"));
  const tree = path.join(temp, "base");
  let added = false;
  try {
    const after = planOf(root, nodeModules, args.stack, path.join(temp, "after.json"), "the working tree");
    let before: DiffablePlan;
    let newStack = false;
    try {
      git(root, ["cat-file", "-e", `${commit}:Pulumi.${args.stack}.yaml`]);
    } catch {
      newStack = true;
    }
    if (newStack) before = { resources: [], files: {} };
    else {
      git(root, ["worktree", "add", "--detach", "--quiet", tree, commit]);
      added = true;
      symlinkSync(nodeModules, path.join(tree, "node_modules"), "dir");
      before = planOf(tree, nodeModules, args.stack, path.join(temp, "before.json"), `${args.base}`);
    }
    const report = renderPlanDiff(before, after, { stack: args.stack, base: args.base, baseCommit: commit, newStack });
    if (args.out) {
      const out = path.resolve(args.out);
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, report.markdown);
    }
    process.stdout.write(report.markdown);
    return report.changesSomething ? 2 : 0;
  } finally {
    let removed = !added;
    if (added) {
      try {
        git(root, ["worktree", "remove", "--force", tree]);
        removed = true;
      } catch {
        /* pruned below */
      }
    }
    rmSync(temp, { recursive: true, force: true });
    if (!removed) git(root, ["worktree", "prune"]);
  }
}

if (require.main === module) runCli(main);
