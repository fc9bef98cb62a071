/**
 * evaluate.ts in a fresh module registry, for tools that evaluate more than once per process
 * (outside jest, which has jest.isolateModulesAsync for this): the Pulumi runtime and the program
 * keep module-level state, so every module but the TypeScript compiler is loaded anew.
 */
import type { EvaluateOptions, Plan } from "./evaluate";

/** Kept: the compiler ts-node already holds (reloading it costs seconds and changes nothing). */
const KEEP = /[\\/]node_modules[\\/](typescript|ts-node|@cspotcode|@tsconfig)[\\/]/;

export async function evaluateInFreshRegistry(options: EvaluateOptions): Promise<Plan> {
  for (const id of Object.keys(require.cache)) if (!KEEP.test(id)) delete require.cache[id];
  // Each copy of the Pulumi runtime adds process listeners (tests/support/plan.ts does the same).
  process.setMaxListeners(process.getMaxListeners() + 4);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- must load after the registry is cleared
  const { evaluateStack } = require("./evaluate") as typeof import("./evaluate");
  return evaluateStack(options);
}
