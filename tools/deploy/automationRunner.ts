/**
 * The real StackRunner: the Pulumi CLI driven by the Automation API, so it needs the CLI on PATH
 * and a login to the stacks' backend (with each stack's credentials, e.g. the hub's service
 * principal secret in its config). Tests inject a stub for `select`.
 *
 * What the API does, from @pulumi/pulumi/automation (3.248.0):
 * - stack.js `Stack.up`: runs `pulumi up --yes --skip-preview ... --stack <name>`, then resolves
 *   with `UpResult.summary` from `info()`, i.e. `pulumi stack history --json --page-size 1`, which
 *   passes `--show-secrets` unless `showSecrets` is false (`history`: `showSecrets ?? true`); so we
 *   pass `showSecrets: false`. `info()` returns undefined for a stack without history.
 * - stack.js `Stack.preview`: resolves with `changeSummary`, the engine's summary event counts.
 * - cmd.js `exec`: a non-zero exit throws `createCommandError(result)` (errors.js), re-wrapped once
 *   by its own catch; the class is chosen from the CLI's stderr: StackNotFoundError ("no stack
 *   named ... found"), ConcurrentUpdateError (the stack is locked by another update), otherwise
 *   CommandError, whose message holds the command's whole stdout and stderr. A missing CLI is a
 *   CommandError too ("spawn pulumi ENOENT", from `PulumiCommand.get`).
 * Neither call prints secrets: the CLI masks secret values in its display.
 */
import { CommandError, ConcurrentUpdateError, LocalWorkspace, StackNotFoundError, type Stack } from "@pulumi/pulumi/automation";
import { PROJECT_ROOT } from "../ops/project";
import type { StackRunner } from "./orchestrate";

export type RunnableStack = Pick<Stack, "up" | "preview">;
export type SelectStack = (stack: string) => Promise<RunnableStack>;


/**
 * `pulumi stack select` of this project's stack. Running several at once only races on which stack
 * stays selected afterwards: `up` and `preview` name theirs with `--stack` (stack.js runPulumiCmd).
 */
const selectProjectStack: SelectStack = (stackName) => LocalWorkspace.selectStack({ stackName, workDir: PROJECT_ROOT });

/** One line saying why `pulumi <command>` failed, without repeating the output already streamed. */
function failureReason(error: CommandError, stack: string, command: string): string {
  if (error instanceof ConcurrentUpdateError) {
    return `another update of ${stack} is running (the stack is locked): wait for it to end; if none is running, clear the stale lock with pulumi cancel --stack ${stack}`;
  }
  if (error instanceof StackNotFoundError) return `the backend you are logged in to has no stack ${stack}: pulumi login <backend>, or pulumi stack init ${stack}`;
  if (/spawn \S*pulumi ENOENT/.test(error.message)) return "the Pulumi CLI is not on PATH (install it: https://www.pulumi.com/docs/install/)";
  const firstError = /(?:^|\s)error: (.+)$/m.exec(error.message)?.[1].trim();
  return `pulumi ${command} failed${firstError ? `: ${firstError}` : ""}`;
}

export function automationRunner(select: SelectStack = selectProjectStack): StackRunner {
  return {
    async run(stackName, operation, onOutput, onError) {
      // No colours in a shared, prefixed stream; no progress dots, which only end their line when the step does.
      const display = { onOutput, onError, color: "never", suppressProgress: true } as const;
      let command = "stack select";
      try {
        const stack = await select(stackName);
        command = operation;
        if (operation === "preview") return { ok: true, changes: (await stack.preview({ ...display, diff: true })).changeSummary };
        const up = await stack.up({ ...display, showSecrets: false });
        return { ok: true, changes: up.summary?.resourceChanges ?? {} };
      } catch (error) {
        if (error instanceof CommandError) return { ok: false, reason: failureReason(error, stackName, command) };
        throw error;
      }
    },
  };
}
