/**
 * The score of the parts' Stryker reports, part by part and in all. The counting is Stryker's own
 * (mutation-testing-metrics, calculateMetrics: the score is detected / valid mutants, where compile
 * and runtime errors and ignored mutants are not valid); this module only lays it out.
 */
import type { Metrics } from "mutation-testing-metrics";
import type { FileResult, MutantResult } from "mutation-testing-report-schema";
import { renderRows } from "../ops/table";

export interface PartReport {
  readonly part: string;
  /** The report's files (Stryker's mutation.json `files`). */
  readonly files: Readonly<Record<string, FileResult>>;
}

/** How Stryker's counting reads a set of files (calculateMetrics(files).metrics). */
export type CountMetrics = (files: Record<string, FileResult>) => Metrics;

const HEADER = ["part", "mutants", "killed", "timeout", "survived", "no coverage", "compile errors", "runtime errors", "score"];

function row(name: string, metrics: Metrics): string[] {
  const score = Number.isNaN(metrics.mutationScore) ? "n/a" : `${metrics.mutationScore.toFixed(1)}%`;
  return [name, metrics.totalMutants, metrics.killed, metrics.timeout, metrics.survived, metrics.noCoverage, metrics.compileErrors, metrics.runtimeErrors].map(String).concat(score);
}

/** A table of each part's counts and score, and the total over the parts given. */
export function scoreTable(reports: readonly PartReport[], count: CountMetrics): { table: string; total: Metrics } {
  const all: Record<string, FileResult> = {};
  for (const report of reports) Object.assign(all, report.files);
  const total = count(all);
  const rows = reports.map((report) => row(report.part, count({ ...report.files })));
  return { table: renderRows(HEADER, [...rows, row("total", total)]), total };
}

/** A mutant as `file:line:column mutator (status): replacement`. */
export function describeMutant(file: string, mutant: MutantResult): string {
  const { line, column } = mutant.location.start;
  const replacement = (mutant.replacement ?? "").replace(/\s+/g, " ").slice(0, 80);
  return `${file}:${line}:${column} ${mutant.mutatorName} (${mutant.status}): ${replacement}`;
}

/** Every mutant a test should have killed and did not (survived or not covered), as `file:line:column mutator: replacement`. */
export function undetected(reports: readonly PartReport[]): string[] {
  const lines: string[] = [];
  for (const report of reports) {
    for (const [file, result] of Object.entries(report.files)) {
      for (const mutant of result.mutants) {
        if (mutant.status === "Survived" || mutant.status === "NoCoverage") lines.push(describeMutant(file, mutant));
      }
    }
  }
  return lines.sort();
}
