/**
 * Runs `npm run plan:diff` for each stack against one base, one stack after the other (each
 * evaluates two plans and adds a git worktree: in parallel they would only compete for the
 * runner's cores), and turns its exit codes into results: 0 no changes, 2 changes (a result, not a
 * failure), anything else a failure with its stderr.
 */
import { spawn } from "child_process";
import type { StackResult } from "./comment";

export interface ProcessResult {
  /** null when the process was killed by a signal. */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export type RunPlanDiff = (stack: string, base: string) => Promise<ProcessResult>;

/** The real one: `npm run --silent plan:diff -- --stack <stack> --base <base>` in `cwd` (--silent: no npm banner in the Markdown). */
export function npmPlanDiff(cwd: string): RunPlanDiff {
  return (stack, base) =>
    new Promise((resolve, reject) => {
      const child = spawn("npm", ["run", "--silent", "plan:diff", "--", "--stack", stack, "--base", base], { cwd, stdio: ["ignore", "pipe", "pipe"] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
      child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
      child.on("error", reject);
      child.on("close", (exitCode) => resolve({ exitCode, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
    });
}

export function toResult(stack: string, run: ProcessResult): StackResult {
  if (run.exitCode === 0) return { stack, outcome: "unchanged", markdown: run.stdout };
  if (run.exitCode === 2) return { stack, outcome: "changed", markdown: run.stdout };
  return { stack, outcome: "failed", exitCode: run.exitCode, error: run.stderr || run.stdout };
}

export async function planDiffAll(stacks: readonly string[], base: string, run: RunPlanDiff): Promise<StackResult[]> {
  const results: StackResult[] = [];
  for (const stack of stacks) results.push(toResult(stack, await run(stack, base)));
  return results;
}
