/** Where this project lives, for the tools that act on its stacks (Pulumi.<stack>.yaml, the Pulumi program). */
import * as path from "path";

/** The directory of Pulumi.yaml: two levels up from tools/ops. */
export const PROJECT_ROOT = path.join(__dirname, "..", "..");
