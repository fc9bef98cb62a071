/**
 * The blast radius of configuration changes: which resources `pulumi up` would create, replace,
 * update or delete if `pulumi config set` gave these values to a stack deployed with its stack file.
 *
 * The stack is evaluated offline three times (tools/plan/evaluate.ts, each in a fresh module
 * registry): once with its stack file, as first deployed, for its outputs; then the deployed state
 * and the changed one, both with those outputs as the stack's own stack reference
 * (`organization/<project>/<stack>`), as a program that reads its previous outputs sees them on
 * day 2. Both sides show secrets (mock values and placeholders only), so changes of secrets are
 * seen; the diff masks them. The diff itself is tools/plan/diff.
 */
import { readFileSync } from "fs";
import { CONFIG_KEYS, KeySpec } from "../../config/schema";
import { InputError } from "./cli";
import { changesSomething, diffPlans, reported, ResourceChange } from "./diff";
import type { EvaluateOptions, Plan } from "./evaluate";
import type { StackReferenceFixture } from "./mocks";
import { readStackFiles, StackFileConfig } from "./stackFiles";
import { DEFAULT_STACK_REFERENCES, PROJECT_ROOT } from "../ops/project";

export type Evaluate = (options: EvaluateOptions) => Promise<Plan>;


export interface BlastRadiusOptions {
  readonly root?: string;
  /** The offline plan's stack references (default tools/plan/stack-references.json). */
  readonly stackReferences?: Readonly<Record<string, StackReferenceFixture>>;
  /** Evaluates a stack in a fresh module registry (default: ./freshEvaluate for Node; tests pass jest's). */
  readonly evaluate?: Evaluate;
  /** Receives the errors the mocks throw at the runtime (an unknown stack). */
  readonly failures?: Error[];
}

export interface BlastRadius {
  readonly stack: string;
  /** Every resource of either side, classified. */
  readonly all: readonly ResourceChange[];
  /** What changes, sorted by name (see diff `reported`). */
  readonly changes: readonly ResourceChange[];
  /** Something would be created, replaced, updated or deleted. */
  readonly changesSomething: boolean;
}


interface StackOverrides {
  /** Stack-file keys to YAML values, as `pulumi config set` writes them. */
  readonly values: Record<string, unknown>;
  /** Secret keys to the values given: passed to the program as secrets. */
  readonly secrets: Record<string, string>;
}

/**
 * `--set key=value` as `pulumi config set` stores it: text for strings, integers and booleans
 * (the program parses and checks them), a list for the schema's `array` and `objects` keys (given
 * as JSON), ciphertext for secrets. Only the project's keys (`key` or `<project>:key`).
 */
export function stackOverrides(project: string, sets: Readonly<Record<string, string>>): StackOverrides {
  const values: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const [given, value] of Object.entries(sets)) {
    const key = given.startsWith(`${project}:`) ? given.slice(project.length + 1) : given;
    if (key.includes(":")) throw new InputError(`--set ${given}: only keys of the project (${project}) can be set here`);
    const spec = (CONFIG_KEYS as Record<string, KeySpec>)[key];
    if (!spec) throw new InputError(`--set ${given}: unknown configuration key (the README's Configuration section lists them)`);
    const full = `${project}:${key}`;
    if (spec.secret) {
      values[full] = { secure: value };
      secrets[key] = value;
    } else if (spec.type === "array" || spec.type === "objects") {
      let list: unknown;
      try {
        list = JSON.parse(value);
      } catch {
        list = undefined;
      }
      if (!Array.isArray(list)) throw new InputError(`--set ${given}: ${key} is a list; give it as JSON, e.g. ${spec.type === "array" ? '["a","b"]' : '[{"stack":"..."}]'}`);
      values[full] = list;
    } else values[full] = value;
  }
  return { values, secrets };
}

function readFixture(): Record<string, StackReferenceFixture> {
  return JSON.parse(readFileSync(DEFAULT_STACK_REFERENCES, "utf8")) as Record<string, StackReferenceFixture>;
}

function readInputs(root: string, stack: string, sets: Readonly<Record<string, string>>) {
  try {
    const deployedFiles = readStackFiles(root, stack);
    const overrides = stackOverrides(deployedFiles.project, sets);
    return { deployedFiles, overrides, changedFiles: readStackFiles(root, stack, overrides.values) };
  } catch (error) {
    throw error instanceof InputError ? error : new InputError(error instanceof Error ? error.message : String(error));
  }
}

export async function blastRadius(stack: string, sets: Readonly<Record<string, string>>, options: BlastRadiusOptions = {}): Promise<BlastRadius> {
  const root = options.root ?? PROJECT_ROOT;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when no evaluator is given
  const evaluate: Evaluate = options.evaluate ?? (require("./freshEvaluate") as typeof import("./freshEvaluate")).evaluateInFreshRegistry;
  const fixture = options.stackReferences ?? readFixture();
  const { deployedFiles, overrides, changedFiles } = readInputs(root, stack, sets);
  const changedConfig = { ...changedFiles.config, ...overrides.secrets };
  const run = (files: StackFileConfig, config: Record<string, string>, stackReferences: Readonly<Record<string, StackReferenceFixture>>, secretOutputs?: string[]) =>
    evaluate({ project: files.project, stack, config, secretKeys: files.secretKeys, stackReferences, showSecrets: true, failures: options.failures, secretOutputs });

  const secretOutputNames: string[] = [];
  const deployed = await run(deployedFiles, deployedFiles.config, fixture, secretOutputNames);
  const self = `organization/${deployedFiles.project}/${stack}`;
  const day2 = { ...fixture, [self]: { outputs: deployed.outputs, secretOutputNames } };
  // The changed side first: an invalid value fails before the second evaluation.
  const after = await run(changedFiles, changedConfig, day2);
  const before = await run(deployedFiles, deployedFiles.config, day2);
  const all = diffPlans(before, after);
  return { stack, all, changes: reported(all), changesSomething: changesSomething(all) };
}
