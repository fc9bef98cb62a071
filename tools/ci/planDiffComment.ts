/**
 * `npx ts-node --transpile-only tools/ci/planDiffComment.ts --base <git ref> --out <file> [--summary <file>] [--details-url <url>]`
 * (`--option=value` works too): `npm run plan:diff` of every stack of the current directory (every
 * `Pulumi.<stack>.yaml`, so a new stack file is never missed) against the base, written as one
 * Markdown comment to --out (tools/ci/comment.ts), with a line per stack on stdout. The GitHub
 * pull-request workflow posts that file. A diff too long for a comment gives way there to a
 * pointer to --details-url (the CI run), whose summary shows --summary: the same text, unabridged.
 * Exit code 0: every stack's diff ran, with or without changes (plan:diff's exit code 2 is a result
 * here, not a failure); 1: a stack's diff failed (the comment says which and why, and is still
 * written), or bad arguments (one message on stderr). See README "Pipelines".
 */
import { mkdirSync, writeFileSync } from "fs";
import * as path from "path";
import { InputError, parseOptions, runCli } from "../plan/cli";
import { stackNames } from "../plan/stackFiles";
import { renderRows } from "../ops/table";
import { outcomeLabel, renderComment } from "./comment";
import { npmPlanDiff, planDiffAll, RunPlanDiff } from "./planDiffRunner";

const USAGE = "usage: npx ts-node --transpile-only tools/ci/planDiffComment.ts --base <git ref> --out <file> [--summary <file>] [--details-url <url>]";

export interface Args {
  readonly base: string;
  readonly out: string;
  readonly summary?: string;
  readonly detailsUrl?: string;
}

export function parseArgs(argv: readonly string[]): Args {
  const { values } = parseOptions(argv, { usage: USAGE, values: ["--base", "--out", "--summary", "--details-url"], required: ["--base", "--out"] });
  const detailsUrl = values["--details-url"];
  if (detailsUrl !== undefined && !/^https?:\/\/\S+$/.test(detailsUrl)) throw new InputError(`--details-url: not an http(s) URL: ${JSON.stringify(detailsUrl)}`);
  return { base: values["--base"], out: values["--out"], summary: values["--summary"], detailsUrl };
}

/** Everything but the process: the stacks of `root`, diffed with `run`, the comment written to args.out. */
export async function planDiffComment(args: Args, root: string, run: RunPlanDiff, log: (line: string) => void): Promise<number> {
  const stacks = stackNames(root);
  if (stacks.length === 0) throw new InputError(`no Pulumi.<stack>.yaml in ${root}`);
  const results = await planDiffAll(stacks, args.base, run);
  const write = (file: string, text: string) => {
    const target = path.resolve(root, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
    return target;
  };
  const out = write(args.out, renderComment(results, { base: args.base, detailsUrl: args.detailsUrl }));
  const summary = args.summary === undefined ? undefined : write(args.summary, renderComment(results, { base: args.base, maxLength: Infinity }));
  log(renderRows(["stack", "plan diff"], results.map((r) => [r.stack, outcomeLabel(r)])));
  log(`comment written to ${out}${summary ? `, the unabridged text to ${summary}` : ""}`);
  return results.some((r) => r.outcome === "failed") ? 1 : 0;
}

async function main(): Promise<number> {
  const root = process.cwd();
  return planDiffComment(parseArgs(process.argv.slice(2)), root, npmPlanDiff(root), (line) => console.log(line));
}

if (require.main === module) runCli(main);
