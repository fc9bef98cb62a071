/**
 * The mutation run split into parts, one per directory of the scope, so that it can be run a part at
 * a time (the whole scope is many hours on 2 cores) and each part keeps its own Stryker report and
 * incremental file: Stryker writes both for the files of the current run only, so one shared file
 * would forget every other part.
 */
import * as path from "path";
import { InputError } from "../plan/cli";

/** Where the parts keep their config, report and incremental file. */
export const PARTS_DIR = path.join(".stryker", "parts");

export interface Part {
  /** The scope directory, as the user names it (`config`, `tools/plan`). */
  readonly name: string;
  /** The mutate glob of stryker.config.json it comes from. */
  readonly glob: string;
  /** Its directory under PARTS_DIR (the name with `/` as `-`). */
  readonly dir: string;
}

/** The parts of a Stryker config's mutate globs, each of the form `<dir>/**\/*.ts`. */
export function partsOf(mutate: readonly string[]): Part[] {
  return mutate.map((glob) => {
    const match = /^([\w./-]+?)\/\*\*\/\*\.ts$/.exec(glob);
    if (!match) throw new Error(`stryker.config.json: mutate entry ${JSON.stringify(glob)} is not of the form <dir>/**/*.ts, so it is not a part`);
    return { name: match[1], glob, dir: path.join(PARTS_DIR, match[1].replace(/\//g, "-")) };
  });
}

/** The parts named on the command line (all of them when none is named), in the config's order. */
export function selectParts(all: readonly Part[], names: readonly string[]): Part[] {
  const unknown = names.filter((name) => !all.some((part) => part.name === name));
  if (unknown.length > 0) throw new InputError(`unknown part ${unknown.map((name) => JSON.stringify(name)).join(", ")}; the parts are: ${all.map((part) => part.name).join(", ")}`);
  return names.length === 0 ? [...all] : all.filter((part) => names.includes(part.name));
}

/** The project's Stryker config limited to `mutate`, with its report and incremental file in `dir`. */
export function scopedConfig(base: Readonly<Record<string, unknown>>, mutate: readonly string[], dir: string): Record<string, unknown> {
  const { $schema: _schema, ...rest } = base;
  return {
    ...rest,
    mutate: [...mutate],
    incrementalFile: path.join(dir, "incremental.json"),
    jsonReporter: { fileName: path.join(dir, "mutation.json") },
    htmlReporter: { fileName: path.join(dir, "mutation.html") },
  };
}

/** The Stryker config of one part: the project's, limited to the part's files, with the part's own report and incremental file. */
export function partConfig(base: Readonly<Record<string, unknown>>, part: Part): Record<string, unknown> {
  return scopedConfig(base, [part.glob], part.dir);
}
