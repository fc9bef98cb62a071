/**
 * npm run mutation [-- [<part>...] [--score] [--undetected]]
 *
 * Runs Stryker Mutator (stryker.config.json) over the named parts of its scope, or over every part,
 * one part after the other, each with its own report and incremental file in .stryker/parts (see
 * tools/mutation/parts.ts), then prints the score of every part that has a report. `--score` only
 * prints it; `--undetected` also lists every surviving or uncovered mutant. tools/mutation.sh sets
 * the paths the tests need from a Stryker sandbox.
 */
import { spawnSync } from "child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import type { FileResult } from "mutation-testing-report-schema";
import { calculateMetrics } from "mutation-testing-metrics";
import { InputError, runCli } from "./plan/cli";
import { PROJECT_ROOT } from "./ops/project";
import { partConfig, partsOf, selectParts } from "./mutation/parts";
import { PartReport, scoreTable, undetected } from "./mutation/score";

const FLAGS = ["--score", "--undetected"];

async function main(argv: string[]): Promise<number> {
  const options = argv.filter((arg) => arg.startsWith("--"));
  const unknown = options.filter((arg) => !FLAGS.includes(arg));
  if (unknown.length > 0) throw new InputError(`unknown option ${unknown.join(", ")}\nusage: npm run mutation -- [<part>...] [--score] [--undetected]`);
  const base = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "stryker.config.json"), "utf8")) as Record<string, unknown>;
  const all = partsOf(base.mutate as string[]);
  const selected = selectParts(all, argv.filter((arg) => !arg.startsWith("--")));

  if (!options.includes("--score")) {
    for (const part of selected) {
      mkdirSync(path.join(PROJECT_ROOT, part.dir), { recursive: true });
      const config = path.join(part.dir, "stryker.config.json");
      writeFileSync(path.join(PROJECT_ROOT, config), JSON.stringify(partConfig(base, part), null, 2) + "\n");
      console.log(`\n== mutation part ${part.name} ==`);
      const run = spawnSync("npx", ["stryker", "run", config], { cwd: PROJECT_ROOT, stdio: "inherit" });
      if (run.status !== 0) {
        console.error(`Stryker failed on part ${part.name} (exit ${run.status ?? run.signal}); the parts before it kept their reports`);
        return 1;
      }
    }
  }

  const reports: PartReport[] = all
    .map((part) => ({ part, file: path.join(PROJECT_ROOT, part.dir, "mutation.json") }))
    .filter(({ file }) => existsSync(file))
    .map(({ part, file }) => ({ part: part.name, files: (JSON.parse(readFileSync(file, "utf8")) as { files: Record<string, FileResult> }).files }));
  if (reports.length === 0) throw new InputError(`no part has a report yet; run npm run mutation -- <part> (the parts are: ${all.map((part) => part.name).join(", ")})`);
  const { table } = scoreTable(reports, (files) => calculateMetrics(files).metrics);
  console.log(`\n${table}`);
  const missing = all.filter((part) => !reports.some((report) => report.part === part.name));
  if (missing.length > 0) console.log(`\nno report yet (not in the total): ${missing.map((part) => part.name).join(", ")}`);
  if (options.includes("--undetected")) console.log(`\n${undetected(reports).join("\n")}`);
  return 0;
}

if (require.main === module) runCli(() => main(process.argv.slice(2)));
