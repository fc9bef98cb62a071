/**
 * The ordered deployment, pure apart from the injected runner, terminal and clock. Phases:
 *   1. global: the global stacks (Log Analytics, which the stamps read);
 *   2. stamps: every stamp at the same time;
 *   3. endpoints: the global stacks again, so Traffic Manager targets the stamps' new ingress
 *      addresses (stacks/global.ts skips a stamp without one, which is how phase 1 can run first).
 * A phase starts only when every stack of the previous one succeeded; a phase whose stack fails
 * still waits for its other stacks (stopping a running update would leave that stack locked with
 * pending operations). Preview mode previews phases 1 and 2 only: nothing is deployed, so there
 * are no new addresses for a third phase to wire.
 */
import type { OpMap } from "@pulumi/pulumi/automation";
import { linePrefixer } from "./prefixer";

export type Role = "stamp" | "global";
export type Operation = "up" | "preview";
export type PhaseName = "global" | "stamps" | "endpoints";

export interface DeployStack {
  readonly name: string;
  readonly role: Role;
}

/** How a run ended: its resource change counts, or why it failed (one line, nothing secret). */
export type RunResult = { readonly ok: true; readonly changes: OpMap } | { readonly ok: false; readonly reason: string };

/**
 * Runs one operation on one stack. `onOutput`/`onError` receive the CLI's stdout/stderr in chunks,
 * not necessarily whole lines, as the Automation API delivers them.
 */
export interface StackRunner {
  run(stack: string, operation: Operation, onOutput: (text: string) => void, onError: (text: string) => void): Promise<RunResult>;
}

/** Where whole lines go (each call one line, without its newline). */
export interface Terminal {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export interface Phase {
  readonly name: PhaseName;
  readonly operation: Operation;
  readonly stacks: readonly string[];
}

interface ReportBase {
  readonly stack: string;
  readonly phase: PhaseName;
  readonly operation: Operation;
}
export type StackReport =
  | (ReportBase & { readonly result: "succeeded"; readonly changes: OpMap; readonly durationMs: number })
  | (ReportBase & { readonly result: "failed"; readonly reason: string; readonly durationMs: number })
  | (ReportBase & { readonly result: "not run" });

/** The phases for the selected stacks (in the order given); phases without stacks are left out. */
export function planPhases(stacks: readonly DeployStack[], operation: Operation): Phase[] {
  const named = (role: Role) => stacks.filter((stack) => stack.role === role).map((stack) => stack.name);
  const globals = named("global");
  const stamps = named("stamp");
  const phases: Phase[] = [
    { name: "global", operation, stacks: globals },
    { name: "stamps", operation, stacks: stamps },
  ];
  if (operation === "up" && stamps.length > 0) phases.push({ name: "endpoints", operation, stacks: globals });
  return phases.filter((phase) => phase.stacks.length > 0);
}

async function runStack(phase: Phase, stack: string, runner: StackRunner, terminal: Terminal, now: () => number): Promise<StackReport> {
  const stdout = linePrefixer(`[${stack}] `, terminal.out);
  const stderr = linePrefixer(`[${stack}] `, terminal.err);
  const base = { stack, phase: phase.name, operation: phase.operation };
  const start = now();
  let result: RunResult;
  try {
    result = await runner.run(stack, phase.operation, (text) => stdout.write(text), (text) => stderr.write(text));
  } catch (error) {
    // Not a failure the runner knows (those are results): still only this stack's, so the others go on.
    result = { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  stdout.end();
  stderr.end();
  const durationMs = now() - start;
  if (result.ok) {
    terminal.out(`[deploy] ${stack}: ${phase.operation} succeeded`);
    return { ...base, result: "succeeded", changes: result.changes, durationMs };
  }
  terminal.err(`[deploy] ${stack}: ${phase.operation} failed: ${result.reason}`);
  return { ...base, result: "failed", reason: result.reason, durationMs };
}

/** Runs the phases in order, the stacks of a phase concurrently; one report per stack and phase. */
export async function orchestrate(phases: readonly Phase[], runner: StackRunner, terminal: Terminal, now: () => number = Date.now): Promise<StackReport[]> {
  const reports: StackReport[] = [];
  let failed: string[] = [];
  for (const phase of phases) {
    if (failed.length > 0) {
      reports.push(...phase.stacks.map((stack) => ({ stack, phase: phase.name, operation: phase.operation, result: "not run" as const })));
      continue;
    }
    terminal.out(`[deploy] phase ${phase.name}: ${phase.operation} ${phase.stacks.join(", ")}`);
    const results = await Promise.all(phase.stacks.map((stack) => runStack(phase, stack, runner, terminal, now)));
    reports.push(...results);
    failed = results.filter((report) => report.result === "failed").map((report) => report.stack);
    const later = phases.slice(phases.indexOf(phase) + 1);
    if (failed.length > 0 && later.length > 0) terminal.err(`[deploy] ${failed.join(", ")} failed: phase${later.length > 1 ? "s" : ""} ${later.map((p) => p.name).join(", ")} will not run`);
  }
  return reports;
}
