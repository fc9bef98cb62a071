/**
 * The mutation sample (npm run mutation -- --sample=N): the draw, the ranges and ignorer that make
 * Stryker's real instrumenter keep the sampled mutants only, the counting of the sample's report and
 * the score estimate. A wrong draw or a lost mutant would quietly skew the recorded estimate.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import type { FileResult, MutantResult, MutantStatus } from "mutation-testing-report-schema";
import { drawSample, mutateRanges, sampleConfig, sampleCounts, SampledMutant, sampleSummary, scoreEstimate, wilsonInterval } from "../tools/mutation/sample";

const ROOT = path.join(__dirname, "..");

function sampled(file: string, line: number, column: number, mutatorName = "StringLiteral", replacement = '""'): SampledMutant {
  return { file, mutatorName, replacement, location: { start: { line, column }, end: { line, column: column + 5 } } };
}

describe("the mutation sample's draw", () => {
  const population = Array.from({ length: 50 }, (_, i) => i);

  it("is the same for a seed, differs between seeds, and draws distinct members", () => {
    const drawn = drawSample(population, 20, 7);
    expect(drawSample(population, 20, 7)).toEqual(drawn);
    expect(drawSample(population, 20, 8)).not.toEqual(drawn);
    expect(new Set(drawn).size).toBe(20);
    expect(drawSample(population, 50, 1).sort((a, b) => a - b)).toEqual(population);
  });

  it("gives every member the same chance", () => {
    // 2 000 draws of 5 of 50 members: each member is expected 200 times; 140 and 260 are over 4 standard deviations out.
    const times = new Array(50).fill(0);
    for (let seed = 0; seed < 2000; seed++) for (const member of drawSample(population, 5, seed)) times[member]++;
    expect(Math.min(...times)).toBeGreaterThan(140);
    expect(Math.max(...times)).toBeLessThan(260);
  });

  it("refuses a size outside 1 to the population, naming the option", () => {
    for (const size of [0, 51, 2.5]) expect(() => drawSample(population, size, 1)).toThrow(`--sample must be a whole number from 1 to 50 (the mutants of the parts sampled), not ${size}`);
  });
});

describe("npm run mutation's sample options", () => {
  const run = (...args: string[]) => spawnSync("bash", [path.join(ROOT, "tools", "mutation.sh"), ...args], { cwd: ROOT, encoding: "utf8" });

  it("are refused before Stryker starts when malformed: no value, a value that is no number, a seed without a sample", () => {
    const usage = "usage: npm run mutation -- [<part>...] [--score] [--undetected] [--sample=N [--seed=S]]";
    for (const [args, error] of [
      [["--sample"], "unknown option --sample"],
      [["--sample=ten"], '--sample must be a whole number, not "ten"'],
      [["--sample=10", "--seed=-1"], '--seed must be a whole number, not "-1"'],
      [["--seed=3", "config"], "--seed goes with --sample"],
    ]) {
      const result = run(...args);
      expect({ args, status: result.status, stderr: result.stderr }).toEqual({ args, status: 1, stderr: expect.stringContaining(`${error}\n${usage}`) });
    }
  });
});

describe("the mutation sample's Stryker config", () => {
  it("mutates the sampled locations once each (1-based lines, 0-based columns) and adds the ignorer to Stryker's plugins", () => {
    const sample = [sampled("config/b.ts", 9, 2), sampled("config/a.ts", 0, 4), { ...sampled("config/b.ts", 9, 2), mutatorName: "ConditionalExpression" }];
    expect(mutateRanges(sample)).toEqual(["config/a.ts:1:4-1:9", "config/b.ts:10:2-10:7"]);
    const dir = path.join(".stryker", "sample");
    expect(sampleConfig({ $schema: "x", mutate: ["config/**/*.ts"], concurrency: 3 }, sample, dir, "/p/sampleIgnorer.cjs")).toEqual({
      mutate: ["config/a.ts:1:4-1:9", "config/b.ts:10:2-10:7"],
      concurrency: 3,
      incrementalFile: path.join(dir, "incremental.json"),
      jsonReporter: { fileName: path.join(dir, "mutation.json") },
      htmlReporter: { fileName: path.join(dir, "mutation.html") },
      plugins: ["@stryker-mutator/*", "/p/sampleIgnorer.cjs"],
      ignorers: ["sample"],
    });
    expect(sampleConfig({ plugins: ["./own-plugin.js"] }, sample, dir, "/p/s.cjs").plugins).toEqual(["./own-plugin.js", "/p/s.cjs"]);
  });
});

describe("the mutation sample under Stryker's instrumenter", () => {
  // The real instrumenter and ignorer plugin, in a node process of its own (both are loaded as Stryker
  // loads them: the instrumenter is an ES module). The ranges are read as @stryker-mutator/core
  // fs/project-reader.js reads a mutate entry with MUTATION_RANGE_REGEX: 1-based lines, 0-based columns.
  const SOURCE = [
    "export function grade(score: number): string {",
    "  if (score > 90) {",
    '    return "high" + (score === 100 ? "!" : "");',
    "  }",
    '  return score < 10 ? "low" : "mid";',
    "}",
    "export const limits = [1, 2, 3].map((n) => n * 2);",
  ].join("\n");

  function instrument(sample: SampledMutant[] | undefined): Array<SampledMutant & { status?: string }> {
    const dir = mkdtempSync(path.join(os.tmpdir(), "azs-mutation-sample-"));
    try {
      writeFileSync(path.join(dir, "grade.ts"), SOURCE);
      writeFileSync(path.join(dir, "sample.json"), JSON.stringify({ seed: 1, parts: ["x"], population: 0, mutants: sample ?? [] }));
      const script = `
        const { createRequire } = await import("module");
        const require = createRequire(${JSON.stringify(path.join(ROOT, "package.json"))});
        const { Instrumenter } = await import(require.resolve("@stryker-mutator/instrumenter"));
        const core = require.resolve("@stryker-mutator/core/package.json").replace(/package\\.json$/, "dist/src/");
        // The options validator first: it and the project reader import each other, and it reads the regex while it loads.
        await import(core + "config/options-validator.js");
        const { MUTATION_RANGE_REGEX } = await import(core + "fs/project-reader.js");
        const [ranges, sampleOn] = JSON.parse(process.argv[1]);
        const mutate = ranges === null ? true : ranges.map((range) => {
          const [, , , startLine, startColumn, endLine, endColumn] = MUTATION_RANGE_REGEX.exec(range);
          return { start: { line: startLine - 1, column: Number(startColumn) }, end: { line: endLine - 1, column: Number(endColumn) } };
        });
        const ignorers = sampleOn ? require(${JSON.stringify(path.join(ROOT, "tools", "mutation", "sampleIgnorer.cjs"))}).strykerPlugins.map((plugin) => plugin.value) : [];
        const quiet = { debug() {}, info() {}, warn() {}, error() {}, isDebugEnabled: () => false, isTraceEnabled: () => false };
        const fs = await import("fs");
        const { mutants } = await new Instrumenter(quiet).instrument([{ name: ${JSON.stringify(path.join(dir, "grade.ts"))}, mutate, content: fs.readFileSync("grade.ts", "utf8") }], { plugins: null, excludedMutations: [], ignorers });
        process.stdout.write(JSON.stringify(mutants.map(({ mutatorName, replacement, location, status }) => ({ file: "grade.ts", mutatorName, replacement, location, status }))));
      `;
      const args = JSON.stringify([sample ? mutateRanges(sample).map((range) => range.replace(/^.*?:(?=\d)/, "grade.ts:")) : null, sample !== undefined]);
      const run = spawnSync(process.execPath, ["--input-type=module", "-e", script, args], { cwd: dir, encoding: "utf8", env: { ...process.env, AZS_MUTATION_SAMPLE: path.join(dir, "sample.json") } });
      if (run.status !== 0) throw new Error(run.stderr);
      return JSON.parse(run.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const at = (m: SampledMutant) => JSON.stringify(m.location);
  const encloses = (outer: SampledMutant, inner: SampledMutant) => {
    const before = (a: { line: number; column: number }, b: { line: number; column: number }) => a.line < b.line || (a.line === b.line && a.column <= b.column);
    return before(outer.location.start, inner.location.start) && before(inner.location.end, outer.location.end);
  };

  it("keeps every sampled mutant, drops the rest of their ranges, and mutates no node around them", () => {
    const all = instrument(undefined);
    expect(all.length).toBeGreaterThan(20);
    const pick = (mutatorName: string, replacement: string) => {
      const found = all.find((m) => m.mutatorName === mutatorName && m.replacement === replacement);
      if (!found) throw new Error(`no ${mutatorName} ${replacement} in ${JSON.stringify(all.map((m) => [m.mutatorName, m.replacement]))}`);
      return { file: found.file, mutatorName: found.mutatorName, replacement: found.replacement, location: found.location };
    };
    // The if's block (it encloses the next two), a literal inside it, and a mutant of the other statement.
    const block = all.find((m) => m.mutatorName === "BlockStatement" && m.location.start.line === 1)!;
    const sample = [
      { file: block.file, mutatorName: block.mutatorName, replacement: block.replacement, location: block.location },
      pick("StringLiteral", '"Stryker was here!"'),
      pick("ArithmeticOperator", "n / 2"),
    ];
    const kept = instrument(sample).filter((m) => m.status !== "Ignored");
    for (const m of sample) expect(kept).toContainEqual(expect.objectContaining(m));
    // What else is kept shares a sampled node, or is a node inside a sampled range enclosing another sampled one.
    for (const m of kept) {
      const sameNode = sample.some((s) => at(s) === at(m));
      const between = sample.some((outer) => encloses(outer, m)) && sample.some((inner) => at(inner) !== at(m) && encloses(m, inner));
      expect({ mutant: m, kept: sameNode || between ? "as sampled or enclosing a sampled one" : "for nothing" }).toEqual({ mutant: m, kept: "as sampled or enclosing a sampled one" });
    }
    // The function's own block and the map's arrow function enclose sampled mutants but are not sampled: not mutated.
    expect(kept.some((m) => m.mutatorName === "BlockStatement" && m.location.start.line === 0)).toBe(false);
    expect(kept.some((m) => m.mutatorName === "ArrowFunction")).toBe(false);
    // The if's block held the ternary and the `===` (not sampled, not enclosing a sampled mutant): dropped.
    expect(kept.some((m) => m.mutatorName === "EqualityOperator")).toBe(false);
    expect(kept.length).toBeLessThan(all.length / 2);
  });
});

function result(line: number, column: number, status: MutantStatus, mutatorName = "StringLiteral"): MutantResult {
  return { id: `${line}:${column}`, mutatorName, replacement: '""', status, location: { start: { line, column }, end: { line, column: column + 5 } } };
}
function report(mutants: MutantResult[]): Record<string, FileResult> {
  return { "config/a.ts": { language: "typescript", source: "", mutants } };
}

describe("the mutation sample's counts and estimate", () => {
  const sample = [sampled("config/a.ts", 0, 0), sampled("config/a.ts", 1, 4), sampled("config/a.ts", 2, 0), sampled("config/a.ts", 3, 0), sampled("config/a.ts", 4, 0)];

  it("count the sampled mutants only, matched at the report's 1-based positions, errors not valid", () => {
    const files = report([
      result(1, 1, "Killed"), result(2, 5, "Survived"), result(3, 1, "Timeout"), result(4, 1, "CompileError"), result(5, 1, "NoCoverage"),
      // A sibling of a sampled node and a mutant the ignorer dropped: not counted.
      result(1, 1, "Survived", "ConditionalExpression"), result(6, 1, "Ignored"),
    ]);
    const counts = sampleCounts(sample, files);
    expect(counts).toEqual({
      sampled: 5, killed: 1, timeout: 1, survived: 1, noCoverage: 1, errors: 1,
      undetected: ['config/a.ts:2:5 StringLiteral (Survived): ""', 'config/a.ts:5:1 StringLiteral (NoCoverage): ""'],
    });
  });

  it("refuse a report that lacks a sampled mutant or did not run one", () => {
    expect(() => sampleCounts(sample.slice(0, 1), report([result(1, 2, "Killed")]))).toThrow("the sample run's report has no result for config/a.ts:1:1 StringLiteral");
    expect(() => sampleCounts(sample.slice(0, 1), report([result(1, 1, "Ignored")]))).toThrow("sampled mutant config/a.ts:1:1 StringLiteral was not run (Ignored)");
  });

  it("give Wilson's interval: the published values at the edges, the normal interval with many trials", () => {
    // Wilson (1927); 0 of 10 gives 0 to 0.2775 at 95%, 10 of 10 gives 0.7225 to 1.
    expect(wilsonInterval(0, 10).high).toBeCloseTo(0.2775, 4);
    expect(wilsonInterval(10, 10).low).toBeCloseTo(0.7225, 4);
    // With many trials it meets the normal interval: 0.8 ± 1.96 × 0.004.
    const { low, high } = wilsonInterval(8000, 10000);
    expect(low).toBeCloseTo(0.79216, 3);
    expect(high).toBeCloseTo(0.80784, 3);
  });

  it("scale the sample to its parts and add the parts run in full at their exact counts", () => {
    // 100 sampled of 1 000: 20 errors, 60 detected of 80 valid, so the parts hold about 800 valid and 600 detected.
    const counts = { sampled: 100, killed: 55, timeout: 5, survived: 15, noCoverage: 5, errors: 20, undetected: [] };
    const { sampled: alone, combined } = scoreEstimate(counts, 1000, { valid: 200, detected: 190 });
    expect(alone.score).toBeCloseTo(0.75, 10);
    expect(combined.score).toBeCloseTo((190 + 600) / (200 + 800), 10);
    expect(combined.low).toBeCloseTo((190 + 800 * wilsonInterval(60, 80).low) / 1000, 10);
    expect(combined.high).toBeCloseTo((190 + 800 * wilsonInterval(60, 80).high) / 1000, 10);
    const summary = sampleSummary({ seed: 4, parts: ["config", "tools/plan"], population: 1000, mutants: [] }, counts, { parts: ["util"], valid: 200, detected: 190 });
    expect(summary.split("\n")).toEqual([
      "sample of 100 mutants (seed 4) from config, tools/plan (1000 mutants)",
      "  killed 55, timeout 5, survived 15, no coverage 5, compile or runtime errors 20",
      `  score of the sampled parts: 75.0% (95% interval ${(100 * wilsonInterval(60, 80).low).toFixed(1)}% to ${(100 * wilsonInterval(60, 80).high).toFixed(1)}%)`,
      `  with util at their full runs' counts: 79.0% (${(100 * combined.low).toFixed(1)}% to ${(100 * combined.high).toFixed(1)}%)`,
    ]);
  });
});
