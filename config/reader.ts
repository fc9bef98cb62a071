/**
 * Typed access to raw config values that collects every problem instead of stopping at the
 * first, so an operator fixes a stack file in one pass.
 */
import { CONFIG_KEYS, ConfigKey, KeySpec, Role } from "./schema";

/** Config as the Pulumi SDK hands it over: plain values as strings (JSON for arrays), secrets opaque. */
export interface RawConfig<S> {
  readonly stack: string;
  readonly values: Readonly<Record<string, string | undefined>>;
  readonly secrets: Readonly<Record<string, S | undefined>>;
  /** Every key set in the stack's config (project namespace), to catch misspelled keys. */
  readonly presentKeys?: readonly string[];
  /**
   * Secret keys (schema `secret`) the stack holds in plain text, not encrypted with `--secret`:
   * they are in `secrets` too (the SDK reads plain text as a secret), and reported as a problem.
   */
  readonly plaintextSecrets?: readonly string[];
  /** The text of secret values, only for checks of their form; never copied into the model. */
  readonly secretTexts?: Readonly<Record<string, string | undefined>>;
}

export interface ConfigProblem {
  readonly key: string;
  readonly message: string;
  /** True when the key is required and absent (the offline plan fills absent secrets with placeholders). */
  readonly missing?: boolean;
}

/**
 * What the offline plan hands over for a secret it cannot decrypt (DESIGN.md section 10): its
 * form is unknown there, so checks of a secret's form skip it.
 */
export function offlinePlanPlaceholder(key: string): string {
  return `<secret:${key}>`;
}

export class ConfigError extends Error {
  constructor(
    readonly stack: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `Invalid configuration for stack "${stack}" (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.key}: ${p.message}`;
}

function show(value: string): string {
  return JSON.stringify(value);
}

/**
 * The problem of a key set to an empty (or whitespace-only) value: only a key with a default (that
 * applies here) may be removed to get one; a required key says how to set it, an optional one that
 * it may be removed.
 */
function emptyMessage(spec: KeySpec, required: boolean, why: string, setCommand: string): string {
  const empty = `is set but empty${spec.secret ? " or only whitespace" : ""}`;
  const toDefault = `${empty}; give it a value, or remove it to use the default`;
  if (spec.default !== undefined) return toDefault;
  if (required) return `${empty}; it is required${why}; set it with: ${setCommand}`;
  if (spec.derivedDefault !== undefined) return toDefault;
  return `${empty}; give it a value, or remove it (it is optional and has no default)`;
}

export class ConfigReader<S> {
  readonly problems: ConfigProblem[] = [];
  /** Accepted but risky settings, reported without failing. */
  readonly warnings: string[] = [];

  constructor(private readonly raw: RawConfig<S>) {}

  problem(key: string, message: string, missing = false): void {
    this.problems.push(missing ? { key, message, missing } : { key, message });
  }

  isSet(key: ConfigKey): boolean {
    const spec: KeySpec = CONFIG_KEYS[key];
    return spec.secret ? this.raw.secrets[key] !== undefined : this.raw.values[key] !== undefined;
  }

  private setCommand(key: ConfigKey): string {
    const spec: KeySpec = CONFIG_KEYS[key];
    return spec.secret ? `pulumi config set --secret ${key} <value>` : `pulumi config set ${key} <value>`;
  }

  required(key: ConfigKey, why = ""): void {
    this.problem(key, `required${why}; set it with: ${this.setCommand(key)}`, true);
  }

  /** A string; the schema default when unset; `undefined` (and a problem) when required and unset, or set but empty. */
  string(key: ConfigKey, opts: { required?: boolean; why?: string } = {}): string | undefined {
    const value = this.raw.values[key];
    if (value !== undefined && value.trim() !== "") return value.trim();
    const spec: KeySpec = CONFIG_KEYS[key];
    if (value !== undefined) {
      this.problem(key, emptyMessage(spec, opts.required === true, opts.why ?? "", this.setCommand(key)));
      return undefined;
    }
    if (spec.default !== undefined) return String(spec.default);
    if (opts.required) this.required(key, opts.why);
    return undefined;
  }

  oneOf<T extends string>(key: ConfigKey, allowed: readonly T[], hint = ""): T | undefined {
    const value = this.string(key, { required: true });
    if (value === undefined) return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problem(key, `${show(value)} is not allowed${hint}; allowed values: ${allowed.join(", ")}`);
    return undefined;
  }

  matching(key: ConfigKey, pattern: RegExp, what: string, opts: { required?: boolean; why?: string } = {}): string | undefined {
    const value = this.string(key, opts);
    if (value === undefined) return undefined;
    if (pattern.test(value)) return value;
    this.problem(key, `${show(value)} is invalid; ${what}`);
    return undefined;
  }

  integer(key: ConfigKey, range: { min: number; max: number }, opts: { required?: boolean } = {}): number | undefined {
    const text = this.string(key, opts);
    if (text === undefined) return undefined;
    if (!/^-?[0-9]+$/.test(text)) {
      this.problem(key, `${show(text)} is not an integer`);
      return undefined;
    }
    const value = Number(text);
    if (value < range.min || value > range.max) {
      this.problem(key, `${value} is out of range; allowed: ${range.min} to ${range.max}`);
      return undefined;
    }
    return value;
  }

  boolean(key: ConfigKey): boolean | undefined {
    const text = this.string(key);
    if (text === undefined) return undefined;
    if (text === "true" || text === "false") return text === "true";
    this.problem(key, `${show(text)} is not a boolean; allowed values: true, false`);
    return undefined;
  }

  /** A structured value as the CLI passes it (JSON text), parsed; undefined when unset (a problem when required). */
  private structured(key: ConfigKey, opts: { required?: boolean; why?: string }): { text: string; parsed: unknown } | undefined {
    const text = this.raw.values[key];
    if (text === undefined) {
      if (opts.required) this.required(key, opts.why);
      return undefined;
    }
    try {
      return { text, parsed: JSON.parse(text) };
    } catch {
      return { text, parsed: undefined };
    }
  }

  /** A list of strings (`type: array` config); `example` is a valid value of this key, shown when the value is not a list. */
  stringList(key: ConfigKey, example: string, opts: { required?: boolean; why?: string } = {}): string[] | undefined {
    const value = this.structured(key, opts);
    if (!value) return undefined;
    const { text, parsed } = value;
    if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === "string")) {
      this.problem(key, `${show(text)} is not a list of strings, e.g. ${example}`);
      return undefined;
    }
    if (parsed.length === 0 && opts.required) {
      this.problem(key, `must not be empty${opts.why ?? ""}`);
      return undefined;
    }
    return parsed;
  }

  /** A list of objects (structured config that Pulumi.yaml cannot declare). */
  objectList(key: ConfigKey, opts: { required?: boolean; why?: string } = {}): Record<string, unknown>[] | undefined {
    const value = this.structured(key, opts);
    if (!value) return undefined;
    const { parsed } = value;
    if (!Array.isArray(parsed) || !parsed.every((v) => v !== null && typeof v === "object" && !Array.isArray(v))) {
      this.problem(key, "must be a list of objects (see the README's example)");
      return undefined;
    }
    return parsed as Record<string, unknown>[];
  }

  /** A secret; a problem when required and unset, or when stored in plain text (it is then in the stack file for anyone to read). */
  secret(key: ConfigKey, opts: { required?: boolean; why?: string } = {}): S | undefined {
    const value = this.raw.secrets[key];
    if (value !== undefined && this.raw.plaintextSecrets?.includes(key)) {
      this.problem(key, `is stored in plain text in the stack's config; encrypt it with: ${this.setCommand(key)}`);
      return undefined;
    }
    if (value === undefined && opts.required) this.required(key, opts.why);
    // Only the form is checked; the value is never part of a message.
    if (value !== undefined && this.secretText(key)?.trim() === "") {
      this.problem(key, emptyMessage(CONFIG_KEYS[key], opts.required === true, opts.why ?? "", this.setCommand(key)));
      return undefined;
    }
    return value;
  }

  /** The text of a set secret, for checks of its form only (undefined where unknown: not given, or the offline plan's placeholder). */
  secretText(key: ConfigKey): string | undefined {
    const text = this.raw.secretTexts?.[key];
    return text === offlinePlanPlaceholder(key) ? undefined : text;
  }

  /** Reports keys that are set but mean nothing for this role or mode. */
  unused(keys: readonly ConfigKey[], reason: string): void {
    for (const key of keys) if (this.isSet(key)) this.problem(key, `is not used ${reason}; remove it`);
  }

  /** Reports keys in the stack's config that this project does not define, or that belong to another role. */
  unknownOrForeign(role: Role): void {
    for (const key of [...(this.raw.presentKeys ?? [])].sort()) {
      const spec = (CONFIG_KEYS as Record<string, KeySpec>)[key];
      if (!spec) this.problem(key, "is not a configuration key of this project (misspelled?); see the README's configuration table");
      else if (!spec.roles.includes(role)) this.problem(key, `is not used by a ${role} stack; remove it`);
    }
  }
}
