/**
 * What the Pulumi CLI does to a stack's config before the program starts, emulated so the
 * offline plan fails wherever `pulumi up` / `pulumi preview` would. Pure: parsed YAML in, merged
 * config out, or an Error with the CLI's own text.
 *
 * Emulated from pulumi/pulumi (rules identical at tag v3.248.0, commit a88168d865b7, and at
 * 1b5949891b3c, v3.259+):
 * - `mergeConfig`, `validateStackConfigValues`, `validateStackConfigValue`, `formatMissingKeys`,
 *   `createConfigValue` and `parseConfigKey`: sdk/go/common/workspace/config.go at v3.248.0,
 *   pkg/workspace/config.go since v3.254.0 (called by `ValidateStackConfigAndApplyProjectConfig`
 *   from `pulumi up`, `preview`, `refresh`, `destroy`, which prefix "validating stack config: ");
 * - `Project.Validate`, `RewriteShorthandConfigValues`, `ValidateConfigValue` and
 *   `InferFullTypeName`: sdk/go/common/workspace/project.go (run when Pulumi.yaml is loaded);
 * - `stackConfigNamespacedWithProject`: sdk/go/common/workspace/loaders.go; `ParseKey`:
 *   sdk/go/common/resource/config/key.go; `unmarshalObject`, `MarshalString`, `Secure`:
 *   sdk/go/common/resource/config/object.go (how a stack file's YAML becomes config values).
 *
 * Not emulated: ESC environments (`environment:` in a stack file), keys that are property paths
 * (names with `.` or `[`; this project has none), and type checks of `secure:` values, which
 * need the decrypted text (the secret check itself is emulated).
 */

/** `items` of an array declaration (ProjectConfigItemsType). */
export interface ConfigItemsType {
  readonly type: string;
  readonly items?: ConfigItemsType;
}

/** One `config:` declaration of Pulumi.yaml (ProjectConfigType). */
export interface ConfigDeclaration {
  readonly type?: string;
  readonly items?: ConfigItemsType;
  readonly description?: string;
  readonly default?: unknown;
  readonly value?: unknown;
  readonly secret?: boolean;
}

/** Pulumi.yaml as parsed YAML: `config` values are declarations or shorthand values. */
export interface ProjectFile {
  readonly name: string;
  readonly config?: Readonly<Record<string, unknown>> | null;
}

/** A config value as the CLI holds it (config.Value): plain text, JSON text when `object`, ciphertext when `secure`. */
export interface StackValue {
  readonly text: string;
  readonly secure: boolean;
  readonly object: boolean;
}

/** The merged config, by full key (`<namespace>:<name>`). */
export type MergedConfig = Record<string, StackValue>;

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
/** Go's `!= nil`: YAML `null` is no value. */
const isSet = (v: unknown) => v !== undefined && v !== null;
const isPrimitive = (v: unknown) => typeof v === "string" || typeof v === "boolean" || Number.isInteger(v);

/**
 * sdk/go/common/resource/config/key.go `ParseKey`: `<namespace>:<name>`, or the old
 * `<namespace>:config:<name>` (tokens.go `ParseModuleMember` checks only the count of colons, so
 * an empty part is taken as it is).
 */
export function parseKey(key: string): { namespace: string; name: string } {
  const parts = key.split(":");
  if (parts.length === 2) return { namespace: parts[0], name: parts[1] };
  if (parts.length === 3 && parts[1] === "config") return { namespace: parts[0], name: parts[2] };
  throw new Error(`could not parse ${key} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)`);
}

/** parseConfigKey / stackConfigNamespacedWithProject: a key without a namespace is the project's. */
function fullKey(projectName: string, key: string): string {
  if (!key.includes(":")) return `${projectName}:${key}`;
  const { namespace, name } = parseKey(key);
  return `${namespace}:${name}`;
}

/** isSecureValue: a map whose only key is `secure`, holding a string. */
function isSecure(v: unknown): boolean {
  return isMap(v) && Object.keys(v).length === 1 && typeof v.secure === "string";
}

function containsSecure(v: unknown): boolean {
  if (isSecure(v)) return true;
  if (Array.isArray(v)) return v.some(containsSecure);
  return isMap(v) && Object.values(v).some(containsSecure);
}

/** A stack file's YAML value as a config value (unmarshalObject, then MarshalString). */
function stackValue(raw: unknown): StackValue {
  if (isSecure(raw)) return { text: String((raw as { secure: string }).secure), secure: true, object: false };
  if (typeof raw === "string") return { text: raw, secure: false, object: false };
  if (typeof raw === "boolean" || typeof raw === "number") return { text: JSON.stringify(raw), secure: false, object: false };
  return { text: JSON.stringify(raw ?? null), secure: containsSecure(raw), object: true };
}

/** createConfigValue: how a declared `default` or `value` is written into the stack's config. */
function declaredValue(raw: unknown): StackValue {
  return isPrimitive(raw) ? { text: String(raw), secure: false, object: false } : { text: JSON.stringify(raw), secure: false, object: true };
}

/** strconv.Atoi: an optionally signed decimal that fits in 64 bits. */
function isAtoiInteger(text: string): boolean {
  if (!/^[+-]?[0-9]+$/.test(text)) return false;
  const n = BigInt(text);
  return n >= -(2n ** 63n) && n < 2n ** 63n;
}

/** ValidateConfigValue (project.go). */
function validateConfigValue(typeName: string, items: ConfigItemsType | undefined, value: unknown): boolean {
  switch (typeName) {
    case "string":
      return typeof value === "string";
    case "integer":
      return Number.isInteger(value) || (typeof value === "string" && isAtoiInteger(value));
    case "boolean":
      return value === "true" || value === "false" || typeof value === "boolean";
    case "object":
      return isMap(value);
  }
  return Array.isArray(value) && items !== undefined && value.every((item) => validateConfigValue(items.type, items.items, item));
}

/** InferFullTypeName: `array<string>` for an array of strings. */
function fullTypeName(typeName: string, items: ConfigItemsType | undefined): string {
  return items ? `array<${fullTypeName(items.type, items.items)}>` : typeName;
}

/** RewriteShorthandConfigValues, then Project.Validate (keys sorted, so the first error is stable). */
function projectDeclarations(project: ProjectFile): Record<string, ConfigDeclaration> {
  const declarations: Record<string, ConfigDeclaration> = {};
  for (const key of Object.keys(project.config ?? {}).sort()) {
    const raw = (project.config ?? {})[key];
    const own = !key.includes(":") || key.startsWith(`${project.name}:`);
    // A plain value is a default of the project's own key, a value of another namespace's.
    const d: ConfigDeclaration = isPrimitive(raw) || Array.isArray(raw) ? (own ? { default: raw } : { value: raw }) : ((raw ?? {}) as ConfigDeclaration);
    if (isSet(d.default) && isSet(d.value)) throw new Error(`project config '${key}' cannot have both a 'default' and 'value' attribute`);
    if (own) {
      if (d.type === "array" && d.items === undefined) {
        throw new Error(`The configuration key '${key}' declares an array but does not specify the underlying type via the 'items' attribute`);
      }
      if (d.type !== undefined && isSet(d.default) && !validateConfigValue(d.type, d.items, d.default)) {
        throw new Error(`The default value specified for configuration key '${key}' is not of the expected type '${fullTypeName(d.type, d.items)}'`);
      }
    } else if (d.type !== undefined) {
      throw new Error(`Configuration key '${key}' is not namespaced by the project and should not define a type`);
    } else if (isSet(d.default)) {
      throw new Error(
        `Configuration key '${key}' is not namespaced by the project and should not define a default value. Did you mean to use the 'value' attribute instead of 'default'?`,
      );
    } else if (!isSet(d.value)) {
      throw new Error(`Configuration key '${key}' is namespaced and must provide an attribute 'value'`);
    }
    declarations[key] = d;
  }
  return declarations;
}

/** formatMissingKeys: 'a'; 'a' and 'b'; 'a', 'b' and 'c' (sorted). */
function formatMissingKeys(keys: string[]): string {
  const quoted = [...keys].sort().map((k) => `'${k}'`);
  return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

/** validateStackConfigValue: secret first, then type; returns the CLI's error text, if any. */
function valueError(stack: string, key: string, type: string, d: ConfigDeclaration, value: StackValue): string | undefined {
  if (d.secret && !value.secure) return `Stack '${stack}' with configuration key '${key}' must be encrypted as it's secret`;
  if (value.secure) return undefined; // a secure value's type needs its decrypted text
  const content: unknown = value.object ? JSON.parse(value.text) : value.text;
  if (validateConfigValue(type, d.items, content)) return undefined;
  return `Stack '${stack}' with configuration key '${key}' must be of type '${fullTypeName(type, d.items)}'`;
}

/**
 * mergeConfig with validation on (ValidateStackConfigAndApplyProjectConfig): the stack file's
 * `config:` map, namespaced, plus every declared `default`/`value` the stack does not set;
 * throws the CLI's error for missing required keys, then for the first invalid declared key.
 */
export function mergeProjectConfig(stack: string, project: ProjectFile, stackConfig: Readonly<Record<string, unknown>>): MergedConfig {
  const declarations = projectDeclarations(project);
  const merged: MergedConfig = {};
  for (const [key, raw] of Object.entries(stackConfig)) merged[fullKey(project.name, key)] = stackValue(raw);

  const missing: string[] = [];
  for (const [key, d] of Object.entries(declarations)) {
    const full = fullKey(project.name, key);
    if (merged[full] !== undefined) continue;
    const declared = isSet(d.default) ? d.default : d.value;
    if (isSet(declared)) merged[full] = declaredValue(declared);
    else if (parseKey(full).namespace === project.name) missing.push(key);
  }
  if (missing.length > 0) {
    throw new Error(`Stack '${stack}' is missing configuration ${missing.length === 1 ? "value" : "values"} ${formatMissingKeys(missing)}`);
  }
  for (const [key, d] of Object.entries(declarations)) {
    // Only typed declarations are checked, `secret` included (IsExplicitlyTyped); each has a value by now.
    if (d.type === undefined) continue;
    const error = valueError(stack, key, d.type, d, merged[fullKey(project.name, key)]);
    if (error) throw new Error(error);
  }
  return merged;
}
