/**
 * The deployed stacks' outputs, for the tools that act on a deployed stack (verify,
 * pipelines:connect). The real reader goes through the Pulumi CLI (Automation API), so it needs
 * the CLI on PATH and a login to the stack's backend; tests inject their own reader.
 */
import { LocalWorkspace, type OutputMap } from "@pulumi/pulumi/automation";
import * as path from "path";
import { InputError } from "../plan/cli";

export type StackOutputs = OutputMap;
export type ReadStackOutputs = (stack: string) => Promise<StackOutputs>;

const PROJECT_ROOT = path.join(__dirname, "..", "..");

/** `pulumi stack output --json --show-secrets` of one of this project's stacks, with secretness kept. */
export const readStackOutputs: ReadStackOutputs = async (stack) => (await LocalWorkspace.selectStack({ stackName: stack, workDir: PROJECT_ROOT })).outputs();

/** An output the tool cannot work without; the error names the stack, the output and what to run. */
export function requireOutput<T>(outputs: StackOutputs, stack: string, name: string, check: (value: unknown) => value is T, expected: string): T {
  const value = outputs[name]?.value;
  if (value === undefined || value === null || value === "") {
    throw new InputError(`stack ${stack} has no ${name} output: run pulumi up on ${stack} first (is it the right stack?)`);
  }
  if (!check(value)) throw new InputError(`stack ${stack}: output ${name} is not ${expected}`);
  return value;
}

export const isString = (value: unknown): value is string => typeof value === "string";
export const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);
