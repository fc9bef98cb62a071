/**
 * The only module that reads Pulumi config. It hands raw values to the pure parser, which
 * applies defaults and reports every problem (secrets stored in plain text included) before any
 * resource is declared, and warns about config namespaces nothing reads.
 */
import * as pulumi from "@pulumi/pulumi";
import { unknownNamespaceWarnings } from "./namespaces";
import { parseStackConfig } from "./parse";
import { CONFIG_KEYS, KeySpec } from "./schema";
import type { StackConfig } from "./types";

export type Secret = pulumi.Output<string>;

/**
 * Whether the CLI handed a key over as a secret (encrypted in the stack file). @pulumi/pulumi
 * 3.248.0 exports it (runtime/config.js) but marks it @internal, so its typings omit it.
 */
const isConfigSecret = (pulumi.runtime as unknown as { isConfigSecret(fullKey: string): boolean }).isConfigSecret;

export function loadStackConfig(): StackConfig<Secret> {
  const config = new pulumi.Config();
  const prefix = `${pulumi.getProject()}:`;
  const values: Record<string, string | undefined> = {};
  const secrets: Record<string, Secret | undefined> = {};
  const plaintextSecrets: string[] = [];
  const secretTexts: Record<string, string | undefined> = {};
  for (const [key, spec] of Object.entries(CONFIG_KEYS) as [string, KeySpec][]) {
    if (!spec.secret) {
      values[key] = config.get(key);
      continue;
    }
    secrets[key] = config.getSecret(key);
    secretTexts[key] = config.get(key);
    if (secrets[key] !== undefined && !isConfigSecret(prefix + key)) plaintextSecrets.push(key);
  }
  const allKeys = Object.keys(pulumi.runtime.allConfig());
  // Before parsing: a misspelled namespace is what explains the "required" problems it causes.
  for (const warning of unknownNamespaceWarnings(pulumi.getProject(), allKeys)) pulumi.log.warn(warning);
  const presentKeys = allKeys.filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
  const { config: parsed, warnings } = parseStackConfig({ stack: pulumi.getStack(), values, secrets, presentKeys, plaintextSecrets, secretTexts });
  for (const warning of warnings) pulumi.log.warn(warning);
  return parsed;
}
