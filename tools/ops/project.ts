/** Where this project lives, for the tools that act on its stacks (Pulumi.<stack>.yaml, the Pulumi program). */
import * as path from "path";

/** The directory of Pulumi.yaml: two levels up from tools/ops. */
export const PROJECT_ROOT = path.join(__dirname, "..", "..");

/** The stack-reference fixture the offline plan uses unless told otherwise (its README section explains it). */
export const DEFAULT_STACK_REFERENCES = path.join(PROJECT_ROOT, "tools", "plan", "stack-references.json");
