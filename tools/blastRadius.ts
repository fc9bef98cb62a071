/**
 * `npm run blast-radius -- --stack <name> [--set key=value ...] [--stack-references <file>]`
 * (`--option=value` works too): what `pulumi up` would create, replace, update or delete if the
 * stack, deployed with its stack file, got these config values (tools/plan/blastRadius.ts).
 * Prints a table; exit code 0 when nothing changes, 2 when something does, 1 on an error (one
 * message on stderr, never a stack trace for the user's mistakes). See README "Blast radius".
 */
import { readFileSync } from "fs";
import * as path from "path";
import { blastRadius } from "./plan/blastRadius";
import { DEFAULT_STACK_REFERENCES } from "./ops/project";
import { InputError, parseOptions, runCli } from "./plan/cli";
import { renderTable, summarize } from "./plan/diff/table";
import type { StackReferenceFixture } from "./plan/mocks";

const USAGE = "usage: npm run blast-radius -- --stack <name> [--set key=value ...] [--stack-references <file>]";

interface Args {
  readonly stack: string;
  readonly sets: Record<string, string>;
  readonly stackReferences: string;
}

function parseArgs(argv: string[]): Args {
  const { values, lists } = parseOptions(argv, { usage: USAGE, values: ["--stack", "--stack-references"], lists: ["--set"], required: ["--stack"] });
  const sets: Record<string, string> = {};
  for (const value of lists["--set"] ?? []) {
    const [key, setting] = value.split(/=(.*)/s);
    if (!key || setting === undefined) throw new InputError(`--set needs key=value, got ${JSON.stringify(value)}\n${USAGE}`);
    sets[key] = setting;
  }
  return { stack: values["--stack"], sets, stackReferences: values["--stack-references"] ? path.resolve(values["--stack-references"]) : DEFAULT_STACK_REFERENCES };
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
