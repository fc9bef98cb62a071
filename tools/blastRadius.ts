/**
 * `npm run blast-radius -- --stack <name> [--set key=value ...] [--stack-references <file>]`
 * (`--option=value` works too): what `pulumi up` would create, replace, update or delete if the
 * stack, deployed with its stack file, got these config values (tools/plan/blastRadius.ts).
 * Prints a table; exit code 0 when nothing changes, 2 when something does, 1 on an error (one
 * message on stderr, never a stack trace for the user's mistakes). See README "Blast radius".
 */
import { readFileSync } from "fs";
import * as path from "path";
import { blastRadius, DEFAULT_STACK_REFERENCES } from "./plan/blastRadius";
import { InputError, runCli } from "./plan/cli";
import { renderTable, summarize } from "./plan/diff/table";
import type { StackReferenceFixture } from "./plan/mocks";

const USAGE = "usage: npm run blast-radius -- --stack <name> [--set key=value ...] [--stack-references <file>]";

interface Args {
  readonly stack: string;
  readonly sets: Record<string, string>;
  readonly stackReferences: string;
}

function parseArgs(argv: string[]): Args {
  const sets: Record<string, string> = {};
  let stack: string | undefined;
  let stackReferences = DEFAULT_STACK_REFERENCES;
  for (let i = 0; i < argv.length; i++) {
    const [option, inline] = argv[i].split(/=(.*)/s); // `--stack=stampA` or `--stack stampA`
    if (!["--stack", "--set", "--stack-references"].includes(option)) throw new InputError(`unknown argument ${JSON.stringify(argv[i])}\n${USAGE}`);
    const value = inline ?? argv[++i];
    if (!value) throw new InputError(`${option} needs a value\n${USAGE}`);
    if (option === "--stack") stack = value;
    else if (option === "--stack-references") stackReferences = path.resolve(value);
    else {
      const [key, setting] = value.split(/=(.*)/s);
      if (!key || setting === undefined) throw new InputError(`--set needs key=value, got ${JSON.stringify(value)}\n${USAGE}`);
      sets[key] = setting;
    }
  }
  if (!stack) throw new InputError(USAGE);
  return { stack, sets, stackReferences };
}

/** Errors the mocks threw at the Pulumi runtime, which reports them wrapped in its own messages. */
const failures: Error[] = [];

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  let stackReferences: Record<string, StackReferenceFixture>;
  try {
    stackReferences = JSON.parse(readFileSync(args.stackReferences, "utf8")) as Record<string, StackReferenceFixture>;
  } catch (error) {
    throw new InputError(error instanceof Error ? error.message : String(error));
  }
  const result = await blastRadius(args.stack, args.sets, { stackReferences, failures });
  const what = Object.entries(args.sets).map(([k, v]) => `${k}=${v}`).join(" ") || "its stack file as is";
  console.log(`stack ${args.stack} with ${what}: ${summarize(result.changes)}`);
  if (result.changes.length > 0) console.log(`\n${renderTable(result.changes)}`);
  return result.changesSomething ? 2 : 0;
}

runCli(main, failures);
