/**
 * Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the CLI hands them to the program. First the
 * CLI's merge of the project's config declarations (cliConfigMerge.ts): where `pulumi up` would
 * stop, this throws the CLI's error. Then the project's keys, without decrypting anything: every
 * `secure:` value becomes the placeholder `<secret:key>`. Secrets a stack file does not hold
 * (they are never committed) get the same placeholder, and are listed so the summary can say so.
 * A secret held in plain text stays a plain value, as the CLI passes it, so the program reports it.
 */
import { existsSync, readdirSync, readFileSync } from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { unknownNamespaceWarnings } from "../../config/namespaces";
import { checkStackConfig } from "../../config/parse";
import { offlinePlanPlaceholder } from "../../config/reader";
import { SECRET_KEYS } from "../../config/schema";
import { InputError } from "./cli";
import { mergeProjectConfig, parseKey, ProjectFile } from "./cliConfigMerge";

export interface StackFileConfig {
  readonly project: string;
  readonly config: Record<string, string>;
  readonly secretKeys: string[];
  /** Secrets absent from the stack file, replaced by placeholders for the offline plan. */
  readonly placeholderSecrets: string[];
  /** Config namespaces of the stack file that nothing reads (config/namespaces.ts). */
  readonly warnings: string[];
}

/** The stacks of a project directory, from its Pulumi.<stack>.yaml files. */
export function stackNames(root: string): string[] {
  return readdirSync(root)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

export type StackRole = "stamp" | "global";

/**
 * A stack's `role`, as the CLI would hand it to the program (the tools that act on deployed stacks
 * choose what to do by it). `option` names the argument the stack came from, for the messages.
 */
export function stackRole(root: string, stack: string, option = "--stack"): StackRole {
  const stacks = stackNames(root);
  if (!stacks.includes(stack)) throw new InputError(`${option}: unknown stack ${JSON.stringify(stack)}; the stacks are: ${stacks.join(", ")}`);
  let role: string | undefined;
  try {
    role = readStackFiles(root, stack).config.role;
  } catch (error) {
    throw new InputError(`Pulumi.${stack}.yaml: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (role !== "stamp" && role !== "global") throw new InputError(`Pulumi.${stack}.yaml: role must be "stamp" or "global", not ${JSON.stringify(role)}`);
  return role;
}

function readStackConfig(root: string, stack: string): Record<string, unknown> {
  const stackFile = path.join(root, `Pulumi.${stack}.yaml`);
  if (!existsSync(stackFile)) throw new Error(`unknown stack "${stack}": there is no Pulumi.${stack}.yaml; the stacks are: ${stackNames(root).join(", ")}`);
  const document = (yaml.load(readFileSync(stackFile, "utf8")) ?? {}) as { config?: Record<string, unknown> | null };
  return document.config ?? {};
}

const isSecretKey = (key: string) => (SECRET_KEYS as readonly string[]).includes(key);

/** Required secrets the config lacks, by the program's own check (which reads plain-text secrets as the SDK does). */
function missingSecrets(stack: string, config: Record<string, string>, secretKeys: string[], plaintextSecrets: string[]): string[] {
  const secrets = Object.fromEntries([...secretKeys, ...plaintextSecrets].map((key) => [key, config[key]]));
  const { problems } = checkStackConfig({ stack, values: config, secrets, presentKeys: Object.keys(config), plaintextSecrets });
  return problems.filter((p) => p.missing && isSecretKey(p.key) && config[p.key] === undefined).map((p) => p.key);
}

/**
 * `overrides` (stack-file keys to YAML values: text, a list, `{ secure: text }`) replace or add to
 * the stack file's `config:`, as `pulumi config set` would write them (used by the blast radius).
 */
export function readStackFiles(root: string, stack: string, overrides: Readonly<Record<string, unknown>> = {}): StackFileConfig {
  const project = yaml.load(readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as ProjectFile;
  const merged = mergeProjectConfig(stack, project, { ...readStackConfig(root, stack), ...overrides });
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  const plaintextSecrets: string[] = [];
  for (const [fullKey, value] of Object.entries(merged)) {
    const { namespace, name: key } = parseKey(fullKey);
    if (namespace !== project.name) continue; // provider config (e.g. azure-native:...) is not the program's
    if (value.secure) {
      config[key] = offlinePlanPlaceholder(key);
      secretKeys.push(key);
    } else {
      config[key] = value.text;
      if (isSecretKey(key)) plaintextSecrets.push(key);
    }
  }

  const placeholderSecrets: string[] = [];
  // A section of the check stops at its first missing value, so one placeholder can reveal the need for another.
  let missing = missingSecrets(stack, config, secretKeys, plaintextSecrets);
  while (missing.length > 0) {
    for (const key of missing) config[key] = offlinePlanPlaceholder(key);
    secretKeys.push(...missing);
    placeholderSecrets.push(...missing);
    missing = missingSecrets(stack, config, secretKeys, plaintextSecrets);
  }
  return {
    project: project.name,
    config,
    secretKeys: secretKeys.sort(),
    placeholderSecrets: placeholderSecrets.sort(),
    warnings: unknownNamespaceWarnings(project.name, Object.keys(merged)),
  };
}
