/**
 * Entry point: parse the stack's configuration (every problem is reported before any
 * resource exists), then build the stack for its role. The returned object is the stack's outputs.
 */
import { loadStackConfig } from "./config/load";
import { globalStack } from "./stacks/global";
import { stampStack } from "./stacks/stamp";

const config = loadStackConfig();

export = async () => (config.role === "stamp" ? stampStack(config) : globalStack(config));
