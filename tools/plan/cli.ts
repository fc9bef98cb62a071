/**
 * What the project's command-line tools share: one option syntax, user mistakes reported in their
 * own words, bugs with their stack trace, and the exit code.
 */

/** A problem with what the user gave (arguments, stack files, a `--set`): its message says it all. */
export class InputError extends Error {}

/** The options a tool takes: `values` need a value, `flags` take none, `lists` need a value and may repeat. */
export interface OptionSpec {
  readonly usage: string;
  readonly values?: readonly string[];
  readonly flags?: readonly string[];
  readonly lists?: readonly string[];
  readonly required?: readonly string[];
}

export interface ParsedOptions {
  readonly values: Readonly<Record<string, string>>;
  readonly flags: ReadonlySet<string>;
  readonly lists: Readonly<Record<string, readonly string[]>>;
}

/**
 * Parses `--option value` and `--option=value` (a value may itself hold `=`); a list option
 * collects every value it is given, in order.
 */
export function parseOptions(argv: readonly string[], spec: OptionSpec): ParsedOptions {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  const lists: Record<string, string[]> = {};
  for (let i = 0; i < argv.length; i++) {
    const [option, inline] = argv[i].split(/=(.*)/s);
    if (spec.flags?.includes(option) && inline === undefined) {
      flags.add(option);
      continue;
    }
    const isList = spec.lists?.includes(option) ?? false;
    if (!isList && !spec.values?.includes(option)) throw new InputError(`unknown argument ${JSON.stringify(argv[i])}\n${spec.usage}`);
    const value = inline ?? argv[++i];
    if (!value || (inline === undefined && value.startsWith("--"))) throw new InputError(`${option} needs a value\n${spec.usage}`);
    if (isList) (lists[option] ??= []).push(value);
    else values[option] = value;
  }
  const missing = (spec.required ?? []).filter((option) => values[option] === undefined && lists[option] === undefined);
  if (missing.length > 0) throw new InputError(`${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} required\n${spec.usage}`);
  return { values, flags, lists };
}

/**
 * Runs a tool's main function and exits with its code. `failures` are the errors the mocks threw
 * at the Pulumi runtime (an unknown stack), which reports them wrapped in its own messages.
 */
export function runCli(main: () => Promise<number>, failures: readonly Error[] = []): void {
  const fail = (error: unknown): never => {
    if (failures.length > 0) console.error(failures[0].message);
    else if (error instanceof InputError || (error instanceof Error && error.name === "ConfigError")) console.error(error.message);
    else console.error(error instanceof Error ? error.stack : String(error));
    process.exit(1);
  };
  // A failed read rejects promises inside the runtime that nothing awaits: Node would print those with a stack trace.
  process.on("unhandledRejection", fail);
  main().then((code) => process.exit(code), fail);
}
