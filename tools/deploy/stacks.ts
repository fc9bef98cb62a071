/**
 * Which stacks a deployment runs, and their roles, from the project's stack files (never from a
 * list in code): every Pulumi.<stack>.yaml, or those `--stacks` names; the role is the `role`
 * config key as the Pulumi CLI would read it (tools/plan/stackFiles.ts).
 */
import { InputError } from "../plan/cli";
import { stackRole } from "../plan/stackFiles";
import type { DeployStack } from "./orchestrate";

/**
 * The stacks named by the `--stacks` values (each comma-separated, possibly repeated), in the
 * project's order and each once; all stacks when none is named.
 */
export function selectStacks(available: readonly string[], requested: readonly string[]): string[] {
  if (available.length === 0) throw new InputError("there is no Pulumi.<stack>.yaml in the project: nothing to deploy");
  if (requested.length === 0) return [...available];
  const names = requested.flatMap((value) => value.split(","));
  const unknown = names.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    throw new InputError(`--stacks: unknown stack${unknown.length === 1 ? "" : "s"} ${unknown.map((name) => JSON.stringify(name)).join(", ")}; the stacks are: ${available.join(", ")}`);
  }
  return available.filter((name) => names.includes(name));
}

/** Each stack with its role; a stack file the CLI would refuse, or another role, is an InputError. */
export const readRoles = (root: string, stacks: readonly string[]): DeployStack[] => stacks.map((name) => ({ name, role: stackRole(root, name, "--stacks") }));
