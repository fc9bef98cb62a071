/**
 * The only module that reads Pulumi config. It hands raw values to the pure parser, which
 * applies defaults and reports every problem before any resource is declared.
 */
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig } from "./parse";
import { CONFIG_KEYS, KeySpec } from "./schema";
import type { StackConfig } from "./types";

export type Secret = pulumi.Output<string>;

export function loadStackConfig(): StackConfig<Secret> {
  const config = new pulumi.Config();
  const values: Record<string, string | undefined> = {};
  const secrets: Record<string, Secret | undefined> = {};
  for (const [key, spec] of Object.entries(CONFIG_KEYS) as [string, KeySpec][]) {
    if (spec.secret) secrets[key] = config.getSecret(key);
    else values[key] = config.get(key);
  }
  const prefix = `${pulumi.getProject()}:`;
  const presentKeys = Object.keys(pulumi.runtime.allConfig())
    .filter((key) => key.startsWith(prefix))
    .map((key) => key.slice(prefix.length));
  const { config: parsed, warnings } = parseStackConfig({ stack: pulumi.getStack(), values, secrets, presentKeys });
  for (const warning of warnings) pulumi.log.warn(warning);
  return parsed;
}
