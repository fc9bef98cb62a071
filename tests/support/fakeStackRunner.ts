/**
 * A StackRunner (tools/deploy/orchestrate.ts) for tests, shaped like the real one
 * (tools/deploy/automationRunner.ts): output arrives in chunks that may split lines, as the
 * Automation API hands over each `data` event of the CLI's stdout/stderr
 * (@pulumi/pulumi/automation/cmd.js, function exec); a failed command resolves with a failure
 * result; anything else rejects. It records every run's start and end, in one event log.
 */
import type { OpMap } from "@pulumi/pulumi/automation";
import type { Operation, RunResult, StackRunner } from "../../tools/deploy/orchestrate";

export interface FakeBehaviour {
  /** How long the run takes (a timer), after its output. */
  readonly delayMs?: number;
  /** Chunks written to stdout (`out`) or stderr (`err`), a macrotask apart so other stacks can write in between. */
  readonly chunks?: readonly { readonly out?: string; readonly err?: string }[];
  /** Resolve with this failure reason. */
  readonly fail?: string;
  /** Reject with this error (not a failure the runner knows). */
  readonly reject?: Error;
  readonly changes?: OpMap;
}

export interface FakeRun {
  readonly stack: string;
  readonly operation: Operation;
  readonly start: number;
  end?: number;
}

const tick = (ms = 0) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class FakeStackRunner implements StackRunner {
  readonly runs: FakeRun[] = [];
  /** `start <stack> <operation>` and `end <stack>`, in the order they happened. */
  readonly events: string[] = [];

  constructor(private readonly behaviour: Readonly<Record<string, FakeBehaviour>> = {}) {}

  async run(stack: string, operation: Operation, onOutput: (text: string) => void, onError: (text: string) => void): Promise<RunResult> {
    const run: FakeRun = { stack, operation, start: performance.now() };
    this.runs.push(run);
    this.events.push(`start ${stack} ${operation}`);
    const behaviour = this.behaviour[stack] ?? {};
    for (const chunk of behaviour.chunks ?? []) {
      if (chunk.out !== undefined) onOutput(chunk.out);
      if (chunk.err !== undefined) onError(chunk.err);
      await tick();
    }
    await tick(behaviour.delayMs);
    run.end = performance.now();
    this.events.push(`end ${stack}`);
    if (behaviour.reject) throw behaviour.reject;
    if (behaviour.fail !== undefined) return { ok: false, reason: behaviour.fail };
    return { ok: true, changes: behaviour.changes ?? { same: 3 } };
  }
}
