/**
 * Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the CLI would hand them to the program,
 * without decrypting anything: every `secure:` value becomes the placeholder `<secret:key>`.
 * Secrets a stack file does not hold (they are never committed) get the same placeholder,
 * and are listed so the summary can say so.
 */
import { readFileSync } from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { checkStackConfig } from "../../config/parse";
import { CONFIG_KEYS, KeySpec } from "../../config/schema";

export interface StackFileConfig {
  readonly project: string;
  readonly config: Record<string, string>;
  readonly secretKeys: string[];
  /** Secrets absent from the stack file, replaced by placeholders for the offline plan. */
  readonly placeholderSecrets: string[];
}

export function secretPlaceholder(key: string): string {
  return `<secret:${key}>`;
}

function rawValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function readStackFiles(root: string, stack: string): StackFileConfig {
  const project = (yaml.load(readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { name: string }).name;
  const stackFile = path.join(root, `Pulumi.${stack}.yaml`);
  const document = (yaml.load(readFileSync(stackFile, "utf8")) ?? {}) as { config?: Record<string, unknown> };
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [namespaced, value] of Object.entries(document.config ?? {})) {
    const [namespace, key] = namespaced.includes(":") ? namespaced.split(/:(.*)/s) : [project, namespaced];
    if (namespace !== project) continue; // provider config (e.g. azure-native:...) is not the program's
    if (value !== null && typeof value === "object" && "secure" in value) {
      config[key] = secretPlaceholder(key);
      secretKeys.push(key);
    } else config[key] = rawValue(value);
  }

  const placeholderSecrets: string[] = [];
  const secrets = Object.fromEntries(secretKeys.map((key) => [key, config[key]]));
  const { problems } = checkStackConfig({ stack, values: config, secrets, presentKeys: Object.keys(config) });
  for (const problem of problems) {
    const spec = (CONFIG_KEYS as Record<string, KeySpec>)[problem.key];
    if (problem.missing && spec?.secret && config[problem.key] === undefined) {
      config[problem.key] = secretPlaceholder(problem.key);
      secretKeys.push(problem.key);
      placeholderSecrets.push(problem.key);
    }
  }
  return { project, config, secretKeys: secretKeys.sort(), placeholderSecrets: placeholderSecrets.sort() };
}
