/**
 * Every mutant Stryker would make in some parts of the scope, listed by Stryker's own instrumenter
 * with the options Stryker passes it (@stryker-mutator/core process/2-mutant-instrumenter-executor.js:
 * the config's `mutator` options and the ignorers, none here), so that a sample drawn from the list is
 * a sample of what `stryker run` tests.
 */
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import type { Part } from "./parts";
import type { SampledMutant } from "./sample";

/** The TypeScript files a part's `<dir>/**\/*.ts` glob matches, relative to the root. */
function partFiles(root: string, part: Part): string[] {
  const dir = part.glob.replace(/\/\*\*\/\*\.ts$/, "");
  return (readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" }) as string[])
    .filter((name) => name.endsWith(".ts"))
    .map((name) => path.posix.join(dir, name.split(path.sep).join("/")))
    .sort();
}

// The instrumenter is an ES module; ts-node compiles `import()` to `require()`, which cannot load it.
const importModule = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<any>;

export async function scopeMutants(root: string, parts: readonly Part[], mutatorOptions: Record<string, unknown> = {}): Promise<SampledMutant[]> {
  const { Instrumenter } = await importModule("@stryker-mutator/instrumenter");
  const quiet = { debug() {}, info() {}, warn() {}, error() {}, isDebugEnabled: () => false, isTraceEnabled: () => false };
  const files = parts.flatMap((part) => partFiles(root, part));
  const { mutants } = await new Instrumenter(quiet).instrument(
    files.map((file) => ({ name: path.join(root, file), mutate: true, content: readFileSync(path.join(root, file), "utf8") })),
    { plugins: null, excludedMutations: [], ...mutatorOptions, ignorers: [] },
  );
  return (mutants as Array<{ fileName: string; mutatorName: string; replacement: string; location: SampledMutant["location"] }>).map((mutant) => ({
    file: path.relative(root, mutant.fileName).split(path.sep).join("/"),
    mutatorName: mutant.mutatorName,
    replacement: mutant.replacement,
    location: mutant.location,
  }));
}
