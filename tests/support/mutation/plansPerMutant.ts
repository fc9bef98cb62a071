/**
 * Under `npm run mutation`, one offline plan per mutant and input, shared by the test files.
 *
 * jest loads every test file in its own module registry, so each file that plans stamp A evaluates
 * the whole program again: a surviving mutant of the program costs every plan test file's plans,
 * minutes each. Under one mutant the plan is a function of its input (the stack, its config and the
 * fixtures: the program and the mock runtime read no clock and no randomness, and
 * tests/stamp.plan.test.ts proves two plans equal), so the first file to plan an input under a
 * mutant stores the plan and the others read it. That determinism test itself then reads the stored
 * plan: no mutant can add a clock or randomness, so it has nothing to catch there.
 *
 * Only while Stryker runs a mutant: it names the mutant in this variable for the test run
 * (@stryker-mutator/api, core/instrument.js, INSTRUMENTER_CONSTANTS; set by @stryker-mutator/
 * jest-runner, jest-test-runner.js, mutantRun). Its dry run, where each test's coverage is measured,
 * never sets it, so every test still reaches the code it covers there. Failed plans are not stored.
 */
import { createHash } from "crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";

const ACTIVE_MUTANT = "__STRYKER_ACTIVE_MUTANT__";

/**
 * One directory per runner process, holding the current mutant's plans only: a runner runs one
 * mutant at a time, and the directory name carries this sandbox's path so that a reused process id
 * in a later run never reads an earlier run's plans.
 */
function directoryOf(mutant: string): string {
  const sandbox = createHash("sha256").update(__dirname).digest("hex").slice(0, 16);
  return path.join(os.tmpdir(), `azs-plans-per-mutant-${sandbox}-${process.pid}`, mutant);
}

export async function sharedPerMutant<T>(input: unknown, evaluate: () => Promise<T>): Promise<T> {
  const mutant = process.env[ACTIVE_MUTANT];
  if (mutant === undefined) return evaluate();
  const directory = directoryOf(mutant);
  const file = path.join(directory, `${createHash("sha256").update(JSON.stringify(input)).digest("hex")}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as T;
  if (!existsSync(directory)) {
    rmSync(path.dirname(directory), { recursive: true, force: true });
    mkdirSync(directory, { recursive: true });
  }
  const value = await evaluate();
  writeFileSync(`${file}.tmp`, JSON.stringify(value));
  renameSync(`${file}.tmp`, file);
  return value;
}
