/**
 * npm run mutation [-- [<part>...] [--score] [--undetected] [--sample=N [--seed=S]]]
 *
 * Runs Stryker Mutator (stryker.config.json) over the named parts of its scope, or over every part,
 * one part after the other, each with its own report and incremental file in .stryker/parts (see
 * tools/mutation/parts.ts), then prints the score of every part that has a report. `--score` only
 * prints it; `--undetected` also lists every surviving or uncovered mutant. `--sample=N` runs instead
 * N mutants drawn at random from the named parts (tools/mutation/sample.ts), in .stryker/sample, and
 * prints the score estimate; with `--score` it prints the last sample's estimate again. tools/mutation.sh sets the paths the tests need from a Stryker sandbox.
 */
import { spawnSync } from "child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import type { FileResult } from "mutation-testing-report-schema";
import { calculateMetrics } from "mutation-testing-metrics";
import { InputError, runCli } from "./plan/cli";
import { PROJECT_ROOT } from "./ops/project";
import { scopeMutants } from "./mutation/mutants";
import { Part, partConfig, partsOf, selectParts } from "./mutation/parts";
import { drawSample, sampleConfig, sampleCounts, SampleFile, sampleSummary } from "./mutation/sample";
import { PartReport, scoreTable, undetected } from "./mutation/score";

const FLAGS = ["--score", "--undetected"];
const VALUED = ["--sample", "--seed"];
const USAGE = "usage: npm run mutation -- [<part>...] [--score] [--undetected] [--sample=N [--seed=S]]";
const SAMPLE_DIR = path.join(".stryker", "sample");

function stryker(config: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return spawnSync("npx", ["stryker", "run", config], { cwd: PROJECT_ROOT, stdio: "inherit", env }).status === 0;
}

function readReport(file: string): Record<string, FileResult> {
  return (JSON.parse(readFileSync(file, "utf8")) as { files: Record<string, FileResult> }).files;
}

function wholeNumber(option: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new InputError(`${option} must be a whole number, not ${JSON.stringify(value)}\n${USAGE}`);
  return Number(value);
}

/** Runs (unless only scoring) and scores a random sample of the selected parts' mutants. */
async function sample(base: Record<string, unknown>, all: Part[], selected: Part[], size: number, seed: number, run: boolean, list: boolean): Promise<number> {
  const sampleFile = path.join(PROJECT_ROOT, SAMPLE_DIR, "sample.json");
  if (run) {
    const population = await scopeMutants(PROJECT_ROOT, selected, (base.mutator as Record<string, unknown> | undefined) ?? {});
    const drawn: SampleFile = { seed, parts: selected.map((part) => part.name), population: population.length, mutants: drawSample(population, size, seed) };
    mkdirSync(path.dirname(sampleFile), { recursive: true });
    writeFileSync(sampleFile, JSON.stringify(drawn, null, 2) + "\n");
    const config = path.join(SAMPLE_DIR, "stryker.config.json");
    const plugin = path.join(PROJECT_ROOT, "tools", "mutation", "sampleIgnorer.cjs");
    writeFileSync(path.join(PROJECT_ROOT, config), JSON.stringify(sampleConfig(base, drawn.mutants, SAMPLE_DIR, plugin), null, 2) + "\n");
    console.log(`\n== mutation sample: ${size} of the ${population.length} mutants of ${drawn.parts.join(", ")} (seed ${seed}) ==`);
    if (!stryker(config, { ...process.env, AZS_MUTATION_SAMPLE: sampleFile })) {
      console.error("Stryker failed on the sample");
      return 1;
    }
  }
  const report = path.join(PROJECT_ROOT, SAMPLE_DIR, "mutation.json");
  if (!existsSync(sampleFile) || !existsSync(report)) throw new InputError(`no sample has been run yet; run npm run mutation -- --sample=N [<part>...]`);
  const drawn = JSON.parse(readFileSync(sampleFile, "utf8")) as SampleFile;
  const counts = sampleCounts(drawn.mutants, readReport(report));
  // The parts outside the sample that have a full run count at their exact numbers.
  const full = all.filter((part) => !drawn.parts.includes(part.name) && existsSync(path.join(PROJECT_ROOT, part.dir, "mutation.json")));
  const files: Record<string, FileResult> = {};
  for (const part of full) Object.assign(files, readReport(path.join(PROJECT_ROOT, part.dir, "mutation.json")));
  const metrics = calculateMetrics(files).metrics;
  console.log(`\n${sampleSummary(drawn, counts, { parts: full.map((part) => part.name), valid: metrics.totalValid, detected: metrics.totalDetected })}`);
  if (list && counts.undetected.length > 0) console.log(`\n${counts.undetected.join("\n")}`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const options = argv.filter((arg) => arg.startsWith("--"));
  const unknown = options.filter((arg) => !FLAGS.includes(arg) && !(VALUED.includes(arg.split("=")[0]) && arg.includes("=")));
  if (unknown.length > 0) throw new InputError(`unknown option ${unknown.join(", ")}\n${USAGE}`);
  const valueOf = (name: string) => options.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);
  const base = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "stryker.config.json"), "utf8")) as Record<string, unknown>;
  const all = partsOf(base.mutate as string[]);
  const selected = selectParts(all, argv.filter((arg) => !arg.startsWith("--")));
  const size = valueOf("--sample");
  if (size !== undefined) return sample(base, all, selected, wholeNumber("--sample", size, 0), wholeNumber("--seed", valueOf("--seed"), 1), !options.includes("--score"), options.includes("--undetected"));
  if (valueOf("--seed") !== undefined) throw new InputError(`--seed goes with --sample\n${USAGE}`);

  if (!options.includes("--score")) {
    for (const part of selected) {
      mkdirSync(path.join(PROJECT_ROOT, part.dir), { recursive: true });
      const config = path.join(part.dir, "stryker.config.json");
      writeFileSync(path.join(PROJECT_ROOT, config), JSON.stringify(partConfig(base, part), null, 2) + "\n");
      console.log(`\n== mutation part ${part.name} ==`);
      if (!stryker(config)) {
        console.error(`Stryker failed on part ${part.name}; the parts before it kept their reports`);
        return 1;
      }
    }
  }

  const reports: PartReport[] = all
    .map((part) => ({ part, file: path.join(PROJECT_ROOT, part.dir, "mutation.json") }))
    .filter(({ file }) => existsSync(file))
    .map(({ part, file }) => ({ part: part.name, files: readReport(file) }));
  if (reports.length === 0) throw new InputError(`no part has a report yet; run npm run mutation -- <part> (the parts are: ${all.map((part) => part.name).join(", ")})`);
  const { table } = scoreTable(reports, (files) => calculateMetrics(files).metrics);
  console.log(`\n${table}`);
  const missing = all.filter((part) => !reports.some((report) => report.part === part.name));
  if (missing.length > 0) console.log(`\nno report yet (not in the total): ${missing.map((part) => part.name).join(", ")}`);
  if (options.includes("--undetected")) console.log(`\n${undetected(reports).join("\n")}`);
  return 0;
}

if (require.main === module) runCli(() => main(process.argv.slice(2)));
