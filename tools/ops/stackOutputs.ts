/**
 * The deployed stacks' outputs, for the tools that act on a deployed stack (verify,
 * pipelines:connect). The real reader goes through the Pulumi CLI (Automation API), so it needs
 * the CLI on PATH and a login to the stack's backend; tests inject their own reader.
 */
import { LocalWorkspace, type OutputMap } from "@pulumi/pulumi/automation";
import { InputError } from "../plan/cli";
import { PROJECT_ROOT } from "./project";

export type StackOutputs = OutputMap;
export type ReadStackOutputs = (stack: string) => Promise<StackOutputs>;

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

function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}

/** Every string inside the secret outputs (the kubeconfigs, the keys...), however deep: what tools/ops/redact.ts masks. */
export const secretOutputValues = (outputs: StackOutputs): string[] => Object.values(outputs).flatMap(({ value, secret }) => (secret ? stringsIn(value) : []));
