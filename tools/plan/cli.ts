/**
 * What the offline plan's command-line tools (npm run plan, npm run blast-radius) share: user
 * mistakes are reported in their own words, bugs with their stack trace, and the exit code.
 */

/** A problem with what the user gave (arguments, stack files, a `--set`): its message says it all. */
export class InputError extends Error {}

/**
 * Runs a tool's main function and exits with its code. `failures` are the errors the mocks threw
 * at the Pulumi runtime (an unknown stack), which reports them wrapped in its own messages.
 */
export function runCli(main: () => Promise<number>, failures: readonly Error[]): void {
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
