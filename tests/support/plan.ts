/**
 * Evaluates a stack of this repository offline, exactly as `npm run plan` does, in a fresh
 * module registry (the Pulumi runtime keeps process-wide state).
 */
import { readFileSync } from "fs";
import * as path from "path";
import type { EvaluateOptions, Plan, PlanResource } from "../../tools/plan/evaluate";
import type { StackReferenceFixture } from "../../tools/plan/mocks";
import { readStackFiles } from "../../tools/plan/stackFiles";
import { sharedPerMutant } from "./mutation/plansPerMutant";

export const ROOT = path.join(__dirname, "..", "..");

// Each fresh copy of the Pulumi runtime registers a process exit handler.
process.setMaxListeners(64);

const PLAN_FIXTURE = JSON.parse(readFileSync(path.join(ROOT, "tools", "plan", "stack-references.json"), "utf8")) as Record<string, StackReferenceFixture>;

export interface PlanOptions {
  /** Config values replacing or adding to the stack file's (undefined removes a key). */
  readonly values?: Record<string, string | undefined>;
  /** Secret config values (planted test secrets). */
  readonly secrets?: Record<string, string>;
  /** Stack references, on top of the offline plan's documented fixture (tools/plan/stack-references.json). */
  readonly stackReferences?: Record<string, StackReferenceFixture>;
  readonly preview?: boolean;
  readonly showSecrets?: boolean;
  /** Receives the names of the outputs that are secret. */
  readonly secretOutputs?: string[];
}

export async function planStack(stack: string, options: PlanOptions = {}): Promise<Plan> {
  const files = readStackFiles(ROOT, stack);
  const config: Record<string, string> = { ...files.config };
  for (const [key, value] of Object.entries(options.values ?? {})) {
    if (value === undefined) delete config[key];
    else config[key] = value;
  }
  const secretKeys = new Set(files.secretKeys);
  for (const [key, value] of Object.entries(options.secrets ?? {})) {
    config[key] = value;
    secretKeys.add(key);
  }
  for (const key of secretKeys) if (config[key] === undefined) secretKeys.delete(key);
  return isolatedEvaluate({
    project: files.project,
    stack,
    config,
    secretKeys: [...secretKeys],
    stackReferences: { ...PLAN_FIXTURE, ...options.stackReferences },
    preview: options.preview,
    showSecrets: options.showSecrets,
    secretOutputs: options.secretOutputs,
  });
}

/** evaluate.ts's evaluateStack in a fresh jest module registry (under a mutant, once per input: see sharedPerMutant). */
export async function isolatedEvaluate(options: EvaluateOptions): Promise<Plan> {
  const { failures, secretOutputs, ...input } = options;
  // The mocks' errors go to the caller's array as they happen: not something a stored plan can replay.
  if (failures) return evaluateInFreshRegistry(options);
  const shared = await sharedPerMutant(input, async () => {
    const names: string[] = [];
    return { plan: await evaluateInFreshRegistry({ ...input, secretOutputs: names }), secretOutputs: names };
  });
  secretOutputs?.push(...shared.secretOutputs);
  return shared.plan;
}

async function evaluateInFreshRegistry(options: EvaluateOptions): Promise<Plan> {
  let plan: Plan | undefined;
  await jest.isolateModulesAsync(async () => {
    const { evaluateStack } = await import("../../tools/plan/evaluate");
    plan = await evaluateStack(options);
  });
  return plan as Plan;
}

/**
 * The stack-reference fixture entry of a stack as its first `pulumi up` would leave it: the outputs
 * of its offline plan (secrets shown, as the engine stores them), so that a later plan of the same
 * stack sees a deployed cluster and plans day-2 operations against it.
 */
export async function deployedReference(stack: string, options: PlanOptions = {}): Promise<Record<string, StackReferenceFixture>> {
  const secretOutputNames: string[] = [];
  const first = await planStack(stack, { ...options, showSecrets: true, secretOutputs: secretOutputNames });
  return { [`organization/${first.project}/${stack}`]: { outputs: first.outputs, secretOutputNames: secretOutputNames.sort() } };
}

export function byName(plan: Plan, name: string): PlanResource {
  const found = plan.resources.find((r) => r.name === name);
  if (!found) throw new Error(`no resource named ${name}; have: ${plan.resources.map((r) => r.name).join(", ")}`);
  return found;
}

export function ofType(plan: Plan, type: string): PlanResource[] {
  return plan.resources.filter((r) => r.type === type);
}
