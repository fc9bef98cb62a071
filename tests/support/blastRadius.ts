/**
 * The blast radius of config values on a stack of this repository, as `npm run blast-radius`
 * computes it, with each evaluation in a fresh jest module registry (the Pulumi runtime keeps
 * process-wide state). Rows of the README's day-2 table are asserted with this.
 */
import { blastRadius, BlastRadius } from "../../tools/plan/blastRadius";
import { isolatedEvaluate } from "./plan";

/** `npm run blast-radius -- --stack <stack> --set k=v ...`, structured. */
export function blastRadiusOf(stack: string, sets: Record<string, string>): Promise<BlastRadius> {
  return blastRadius(stack, sets, { evaluate: isolatedEvaluate });
}

/** The changes as rows: name, action, and each changed path as `path: old → new` (values as JSON). */
export function rows(result: BlastRadius): string[][] {
  return result.changes.map((c) => [c.name, c.action, ...c.changes.map((i) => `${i.path}: ${JSON.stringify(i.old)} → ${JSON.stringify(i.new)}`)]);
}
