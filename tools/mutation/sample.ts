/**
 * A random sample of the scope's mutants, for a score estimate of the whole scope in hours instead
 * of the full run's days on 2 cores (random mutant sampling: Wong & Mathur 1995; Zhang et al.,
 * ICSE 2013, found a few hundred sampled mutants estimate the full score within a few points).
 *
 * Stryker has no sampling of its own. It gets the sample two ways (tools/mutation/sampleIgnorer.cjs):
 * the mutate ranges are the sampled mutants' exact locations, so no enclosing node is mutated
 * (@stryker-mutator/instrumenter babel-transformer.js shouldMutate: a node inside a range), and an
 * ignorer drops the nodes inside a range that hold no sampled mutant (ignoring a node ignores its
 * subtree: ignorer-bookkeeper.js). What remains are the sampled mutants and the other mutators'
 * mutants of the same nodes; the score counts the sampled ones only.
 */
import type { FileResult, MutantResult } from "mutation-testing-report-schema";
import { InputError } from "../plan/cli";
import { scopedConfig } from "./parts";
import { describeMutant } from "./score";

/** A 0-based line and column, as Stryker's instrumenter reports a mutant's location. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A mutant as the instrumenter lists it, its file relative to the project root. */
export interface SampledMutant {
  readonly file: string;
  readonly mutatorName: string;
  readonly replacement: string;
  readonly location: { readonly start: Position; readonly end: Position };
}

/** mulberry32: a small seeded generator, so that a seed names the same sample on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `size` distinct members of the population, each as likely as any other (a partial Fisher-Yates shuffle). */
export function drawSample<T>(population: readonly T[], size: number, seed: number): T[] {
  if (!Number.isInteger(size) || size < 1 || size > population.length) {
    throw new InputError(`--sample must be a whole number from 1 to ${population.length} (the mutants of the parts sampled), not ${size}`);
  }
  const next = random(seed);
  const pool = [...population];
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(next() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, size);
}

/**
 * Stryker's mutate entries for the sample: `file:line:column-line:column`, lines 1-based and columns
 * 0-based as @stryker-mutator/core project-reader.js (MUTATION_RANGE_REGEX) reads them.
 */
export function mutateRanges(sample: readonly SampledMutant[]): string[] {
  const ranges = sample.map(({ file, location: { start, end } }) => `${file}:${start.line + 1}:${start.column}-${end.line + 1}:${end.column}`);
  return [...new Set(ranges)].sort();
}

/**
 * A mutant's identity in the report. The JSON report's positions are 1-based in line and column
 * (@stryker-mutator/core utils/object-utils.js toSchemaPosition adds one to each).
 */
function reportKey(file: string, mutatorName: string, replacement: string, start: Position): string {
  return JSON.stringify([file, mutatorName, replacement, start.line, start.column]);
}

export interface SampleCounts {
  readonly sampled: number;
  readonly killed: number;
  readonly timeout: number;
  readonly survived: number;
  readonly noCoverage: number;
  /** Compile and runtime errors: not valid mutants, as in Stryker's own score. */
  readonly errors: number;
  /** The sampled mutants a test should have killed and did not, described as in the parts' lists. */
  readonly undetected: string[];
}

/** How the sampled mutants fared in the sample run's report (its `files`); every one must be in it. */
export function sampleCounts(sample: readonly SampledMutant[], files: Readonly<Record<string, FileResult>>): SampleCounts {
  const results = new Map<string, MutantResult>();
  for (const [file, result] of Object.entries(files)) {
    for (const mutant of result.mutants) {
      results.set(reportKey(file, mutant.mutatorName, mutant.replacement ?? "", mutant.location.start), mutant);
    }
  }
  const counts = { sampled: sample.length, killed: 0, timeout: 0, survived: 0, noCoverage: 0, errors: 0, undetected: [] as string[] };
  for (const mutant of sample) {
    const { line, column } = mutant.location.start;
    const result = results.get(reportKey(mutant.file, mutant.mutatorName, mutant.replacement, { line: line + 1, column: column + 1 }));
    if (!result) throw new Error(`the sample run's report has no result for ${mutant.file}:${line + 1}:${column + 1} ${mutant.mutatorName}; was it run with this sample?`);
    switch (result.status) {
      case "Killed": counts.killed++; break;
      case "Timeout": counts.timeout++; break;
      case "Survived": counts.survived++; counts.undetected.push(describeMutant(mutant.file, result)); break;
      case "NoCoverage": counts.noCoverage++; counts.undetected.push(describeMutant(mutant.file, result)); break;
      case "CompileError": case "RuntimeError": counts.errors++; break;
      default: throw new Error(`sampled mutant ${mutant.file}:${line + 1}:${column + 1} ${mutant.mutatorName} was not run (${result.status})`);
    }
  }
  return counts;
}

/** The Wilson score interval of a proportion, 95% by default: sound near 0 and 1, unlike the normal one. */
export function wilsonInterval(successes: number, trials: number, z = 1.96): { low: number; high: number } {
  if (trials === 0) return { low: 0, high: 1 };
  const p = successes / trials;
  const centre = (p + (z * z) / (2 * trials)) / (1 + (z * z) / trials);
  const half = (z / (1 + (z * z) / trials)) * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Exact counts of the parts run in full: the mutants that count (valid) and those detected. */
export interface ExactCounts {
  readonly valid: number;
  readonly detected: number;
}

/**
 * The score estimate: over the sampled parts alone, and with the parts run in full added at their
 * exact counts (a stratified estimate: the sampled parts' valid and detected mutants are scaled from
 * the sample to their population; the interval moves the detected share across its Wilson interval).
 */
export function scoreEstimate(counts: SampleCounts, population: number, exact: ExactCounts): { sampled: Estimate; combined: Estimate } {
  const valid = counts.sampled - counts.errors;
  const detected = counts.killed + counts.timeout;
  const interval = wilsonInterval(detected, valid);
  const scaledValid = (population * valid) / counts.sampled;
  const combined = (share: number) => (exact.detected + scaledValid * share) / (exact.valid + scaledValid);
  return {
    sampled: { score: valid === 0 ? NaN : detected / valid, low: interval.low, high: interval.high },
    combined: { score: valid === 0 ? NaN : combined(detected / valid), low: combined(interval.low), high: combined(interval.high) },
  };
}

export interface Estimate {
  readonly score: number;
  readonly low: number;
  readonly high: number;
}

/** What a sample run keeps beside its report (.stryker/sample/sample.json). */
export interface SampleFile {
  readonly seed: number;
  readonly parts: readonly string[];
  /** How many mutants the sampled parts have. */
  readonly population: number;
  readonly mutants: readonly SampledMutant[];
}

/** The Stryker config of a sample run: the project's, limited to the sample, with its own report and incremental file. */
export function sampleConfig(base: Readonly<Record<string, unknown>>, sample: readonly SampledMutant[], dir: string, ignorerPlugin: string): Record<string, unknown> {
  return {
    ...scopedConfig(base, mutateRanges(sample), dir),
    plugins: [...((base.plugins as string[] | undefined) ?? ["@stryker-mutator/*"]), ignorerPlugin],
    ignorers: ["sample"],
  };
}

function percent(share: number): string {
  return Number.isNaN(share) ? "n/a" : `${(100 * share).toFixed(1)}%`;
}

/** The sample run's result as the CLI prints it. */
export function sampleSummary(sample: SampleFile, counts: SampleCounts, exact: ExactCounts & { readonly parts: readonly string[] }): string {
  const { sampled, combined } = scoreEstimate(counts, sample.population, exact);
  const lines = [
    `sample of ${counts.sampled} mutants (seed ${sample.seed}) from ${sample.parts.join(", ")} (${sample.population} mutants)`,
    `  killed ${counts.killed}, timeout ${counts.timeout}, survived ${counts.survived}, no coverage ${counts.noCoverage}, compile or runtime errors ${counts.errors}`,
    `  score of the sampled parts: ${percent(sampled.score)} (95% interval ${percent(sampled.low)} to ${percent(sampled.high)})`,
  ];
  if (exact.parts.length > 0) {
    lines.push(`  with ${exact.parts.join(", ")} at their full runs' counts: ${percent(combined.score)} (${percent(combined.low)} to ${percent(combined.high)})`);
  }
  return lines.join("\n");
}
