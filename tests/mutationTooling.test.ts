/**
 * The mutation benchmark's own tooling (npm run mutation): its parts and their score, the test
 * environment that credits beforeAll coverage to the tests that read it (and leaves stack traces
 * unmapped), the runner and order that stop a killed mutant's tests early, and the plans shared per
 * mutant. Each would quietly skew the recorded score if wrong.
 */
import { spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { runInContext } from "vm";
import type { FileResult, MutantResult, MutantStatus } from "mutation-testing-report-schema";
import { partConfig, partsOf, selectParts } from "../tools/mutation/parts";
import { PartReport, scoreTable, undetected } from "../tools/mutation/score";
import { sharedPerMutant } from "./support/mutation/plansPerMutant";
import { planStack } from "./support/plan";

const ROOT = path.join(__dirname, "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MutationTestEnvironment = require("./support/mutation/environment.js");

describe("mutation parts", () => {
  const parts = partsOf(["config/**/*.ts", "tools/plan/**/*.ts"]);

  it("are the directories of the config's mutate globs, each with its own report and incremental file", () => {
    expect(parts.map((part) => [part.name, part.dir])).toEqual([
      ["config", path.join(".stryker", "parts", "config")],
      ["tools/plan", path.join(".stryker", "parts", "tools-plan")],
    ]);
    const config = partConfig({ $schema: "x", mutate: ["a/**/*.ts"], concurrency: 3, incremental: true }, parts[1]);
    expect(config).toEqual({
      mutate: ["tools/plan/**/*.ts"],
      concurrency: 3,
      incremental: true,
      incrementalFile: path.join(".stryker", "parts", "tools-plan", "incremental.json"),
      jsonReporter: { fileName: path.join(".stryker", "parts", "tools-plan", "mutation.json") },
      htmlReporter: { fileName: path.join(".stryker", "parts", "tools-plan", "mutation.html") },
    });
  });

  it("are selected by name in the config's order, all when none is named, and an unknown name lists them", () => {
    expect(selectParts(parts, ["tools/plan", "config"]).map((part) => part.name)).toEqual(["config", "tools/plan"]);
    expect(selectParts(parts, [])).toEqual(parts);
    expect(() => selectParts(parts, ["tools"])).toThrow('unknown part "tools"; the parts are: config, tools/plan');
    expect(() => partsOf(["config/*.ts"])).toThrow('mutate entry "config/*.ts" is not of the form <dir>/**/*.ts');
  });

  it("match the project's stryker.config.json, whose scope is the issue's", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const names = partsOf(require("../stryker.config.json").mutate).map((part) => part.name);
    expect(names.sort()).toEqual(["aksengine", "components", "config", "global", "helper", "platform", "remote", "stacks", "tools/plan", "util"]);
  });
});

function mutant(id: string, status: MutantStatus, line = 1): MutantResult {
  return { id, mutatorName: "StringLiteral", replacement: '""', status, location: { start: { line, column: 3 }, end: { line, column: 9 } } };
}
function file(...mutants: MutantResult[]): FileResult {
  return { language: "typescript", source: "", mutants };
}

describe("mutation score", () => {
  // Stryker's counting, through the real library, in a node process of its own (it is an ES module).
  const count = (files: Record<string, FileResult>) => {
    const script = `import("mutation-testing-metrics").then((m) => process.stdout.write(JSON.stringify(m.calculateMetrics(JSON.parse(process.argv[1])).metrics)))`;
    const run = spawnSync(process.execPath, ["-e", script, JSON.stringify(files)], { cwd: ROOT, encoding: "utf8" });
    if (run.status !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout);
  };

  it("counts each part and the total as Stryker does: compile and runtime errors are not valid mutants", () => {
    const reports: PartReport[] = [
      { part: "util", files: { "util/a.ts": file(mutant("1", "Killed"), mutant("2", "Timeout"), mutant("3", "Survived"), mutant("4", "CompileError"), mutant("8", "RuntimeError")) } },
      { part: "config", files: { "config/b.ts": file(mutant("5", "Killed"), mutant("6", "NoCoverage", 7)) } },
    ];
    const { table, total } = scoreTable(reports, count);
    expect(total.mutationScore).toBeCloseTo(60);
    expect(table.split("\n").map((line) => line.split(/\s{2,}/))).toEqual([
      ["part", "mutants", "killed", "timeout", "survived", "no coverage", "compile errors", "runtime errors", "score"],
      ["util", "5", "1", "1", "1", "0", "1", "1", "66.7%"],
      ["config", "2", "1", "0", "0", "1", "0", "0", "50.0%"],
      ["total", "7", "2", "1", "1", "1", "1", "1", "60.0%"],
    ]);
    expect(undetected(reports)).toEqual(['config/b.ts:7:3 StringLiteral (NoCoverage): ""', 'util/a.ts:1:3 StringLiteral (Survived): ""']);
  });
});

/** What Stryker's instrumented code does when a mutant's code runs: count it for the current test, or as static. */
function reach(context: { currentTestId?: string; mutantCoverage: { static: Record<string, number>; perTest: Record<string, Record<string, number>> } }, mutantId: string) {
  const into = context.currentTestId === undefined ? context.mutantCoverage.static : (context.mutantCoverage.perTest[context.currentTestId] ??= {});
  into[mutantId] = (into[mutantId] ?? 0) + 1;
}

describe("the mutation test environment", () => {
  it("credits what a file's loading reaches to all its tests, and what a beforeAll reaches to the tests of its describe block", () => {
    const env = new MutationTestEnvironment({ globalConfig: {}, projectConfig: { testEnvironmentOptions: {}, globals: {} } }, { console, docblockPragmas: {}, testPath: "x.test.ts" });
    const context = { currentTestId: undefined as string | undefined, mutantCoverage: { static: {}, perTest: {} as Record<string, Record<string, number>> } };
    env.global.__stryker__ = context;
    // A file shaped like the plan tests: describe("stamp") { beforeAll; it("a"); describe("day 2") { beforeAll; it("b") } }, it("top").
    const root: any = { name: "ROOT_DESCRIBE_BLOCK", parent: undefined, children: [] };
    const stamp: any = { type: "describeBlock", name: "stamp", parent: root, children: [] };
    const day2: any = { type: "describeBlock", name: "day 2", parent: stamp, children: [] };
    stamp.children.push({ type: "test", name: "a", parent: stamp }, day2);
    day2.children.push({ type: "test", name: "b", parent: day2 });
    root.children.push(stamp, { type: "test", name: "top", parent: root });

    env.handleTestEvent({ name: "setup" }, {});
    reach(context, "loaded");
    env.handleTestEvent({ name: "run_start" }, { rootDescribeBlock: root });
    expect(context.currentTestId).toBeUndefined();
    env.handleTestEvent({ name: "hook_start", hook: { type: "beforeAll", parent: stamp } }, {});
    reach(context, "planned");
    env.handleTestEvent({ name: "hook_success", hook: { type: "beforeAll", parent: stamp } }, {});
    env.handleTestEvent({ name: "hook_start", hook: { type: "beforeAll", parent: day2 } }, {});
    reach(context, "day2");
    reach(context, "day2");
    env.handleTestEvent({ name: "hook_failure", hook: { type: "beforeAll", parent: day2 } }, {});
    env.handleTestEvent({ name: "hook_start", hook: { type: "beforeEach", parent: day2 } }, {});
    reach(context, "outside");

    expect(context.mutantCoverage).toEqual({
      static: { outside: 1 },
      perTest: {
        "stamp a": { loaded: 1, planned: 1 },
        "stamp day 2 b": { loaded: 1, planned: 1, day2: 2 },
        top: { loaded: 1 },
      },
    });
  });

  it("formats stack traces in V8's plain format at Node's default depth, not through the main realm's source-map formatter", async () => {
    const mainFormatter = Error.prepareStackTrace;
    Error.prepareStackTrace = () => "mapped through source maps";
    const env = new MutationTestEnvironment({ globalConfig: {}, projectConfig: { testEnvironmentOptions: {}, globals: {} } }, { console, docblockPragmas: {}, testPath: "x.test.ts" });
    try {
      await env.setup();
      const stack: string = runInContext("(function deep(n) { return n === 0 ? new Error('deep').stack : deep(n - 1); })(30)", env.getVmContext());
      expect(stack.split("\n")).toEqual(["Error: deep", ...Array(10).fill(expect.stringMatching(/^ {4}at deep \(evalmachine\.<anonymous>:1:\d+\)$/))]);
    } finally {
      Error.prepareStackTrace = mainFormatter;
      await env.teardown();
    }
  });

  it("leaves a run without Stryker alone", () => {
    const env = new MutationTestEnvironment({ globalConfig: {}, projectConfig: { testEnvironmentOptions: {}, globals: {} } }, { console, docblockPragmas: {}, testPath: "x.test.ts" });
    expect(() => env.handleTestEvent({ name: "hook_start", hook: { type: "beforeAll", parent: {} } }, {})).not.toThrow();
    expect(env.global.__stryker__).toBeUndefined();
  });
});

describe("the mutation runner and order", () => {
  it("stop at the first failing file, which runs first the next time", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "azs-bail-"));
    try {
      mkdirSync(path.join(dir, "t"));
      const test = (name: string, ok: boolean, ms: number) =>
        writeFileSync(path.join(dir, "t", `${name}.test.js`), `test("${name}", async () => { await new Promise((r) => setTimeout(r, ${ms})); require("fs").appendFileSync(${JSON.stringify(path.join(dir, "ran"))}, "${name}\\n"); expect(${ok}).toBe(true); });\n`);
      test("slow", true, 1500);
      test("quick", true, 0);
      test("broken", false, 100);
      const config = {
        rootDir: dir,
        testEnvironment: "node",
        runner: path.join(ROOT, "tests", "support", "mutation", "bailingRunner.js"),
        testSequencer: path.join(ROOT, "tests", "support", "mutation", "fastFirstSequencer.js"),
        cacheDirectory: path.join(dir, "cache"),
      };
      writeFileSync(path.join(dir, "jest.config.json"), JSON.stringify(config));
      const jest = () => {
        rmSync(path.join(dir, "ran"), { force: true });
        const run = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "jest", "bin", "jest.js"), "-c", path.join(dir, "jest.config.json"), "--runInBand"], { cwd: dir, encoding: "utf8" });
        return { status: run.status, ran: spawnSync("cat", [path.join(dir, "ran")], { encoding: "utf8" }).stdout.trim().split("\n") };
      };
      const first = jest();
      expect(first.status).toBe(1);
      expect(first.ran).toEqual(expect.arrayContaining(["broken"]));
      expect(first.ran[first.ran.length - 1]).toBe("broken");
      // Now every file has a time: the failed one first, and nothing after it.
      expect(jest()).toEqual({ status: 1, ran: ["broken"] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("load under a mutant only the files whose recorded test names match Stryker's pattern as jest matches it, and any file not recorded", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "azs-select-"));
    try {
      mkdirSync(path.join(dir, "t"));
      // Each file notes its loading, and its test its running.
      const file = (name: string, ...tests: string[]) =>
        writeFileSync(
          path.join(dir, "t", `${name}.test.js`),
          `require("fs").appendFileSync(${JSON.stringify(path.join(dir, "loaded"))}, "${name}\\n");\n` +
            `describe("${name}", () => {\n${tests.map((t) => `  test(${JSON.stringify(t)}, () => require("fs").appendFileSync(${JSON.stringify(path.join(dir, "ran"))}, ${JSON.stringify(`${name}: ${t}\n`)}));`).join("\n")}\n});\n`,
        );
      file("alpha", "one", "two");
      file("beta", "reads (x) + y");
      file("gamma", "three");
      const config = { rootDir: dir, testEnvironment: "node", runner: path.join(ROOT, "tests", "support", "mutation", "bailingRunner.js"), cacheDirectory: path.join(dir, "cache") };
      writeFileSync(path.join(dir, "jest.config.json"), JSON.stringify(config));
      const lines = (name: string) => spawnSync("sh", ["-c", `sort ${path.join(dir, name)} 2>/dev/null`], { encoding: "utf8" }).stdout.trim().split("\n").filter(Boolean);
      const jest = (env: Record<string, string>, ...args: string[]) => {
        rmSync(path.join(dir, "loaded"), { force: true });
        rmSync(path.join(dir, "ran"), { force: true });
        const { __STRYKER_ACTIVE_MUTANT__: _none, ...outer } = process.env;
        const run = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "jest", "bin", "jest.js"), "-c", path.join(dir, "jest.config.json"), "--runInBand", ...args], { cwd: dir, encoding: "utf8", env: { ...outer, ...env } });
        return { status: run.status, loaded: lines("loaded"), ran: lines("ran") };
      };

      // The dry run: every file, each one's full test names recorded.
      expect(jest({})).toEqual({ status: 0, loaded: ["alpha", "beta", "gamma"], ran: ["alpha: one", "alpha: two", "beta: reads (x) + y", "gamma: three"] });
      expect(JSON.parse(spawnSync("cat", [path.join(dir, ".stryker", "test-names-per-file.json")], { encoding: "utf8" }).stdout)).toEqual({
        [path.join(dir, "t", "alpha.test.js")]: ["alpha one", "alpha two"],
        [path.join(dir, "t", "beta.test.js")]: ["beta reads (x) + y"],
        [path.join(dir, "t", "gamma.test.js")]: ["gamma three"],
      });
      file("delta", "four");

      // Stryker's pattern: escaped full names in groups; jest matches ignoring case, anywhere in the name.
      const pattern = "(BETA reads \\(x\\) \\+ y)|(alpha tw)";
      expect(jest({ __STRYKER_ACTIVE_MUTANT__: "7" }, "-t", pattern)).toEqual({ status: 0, loaded: ["alpha", "beta", "delta"], ran: ["alpha: two", "beta: reads (x) + y"] });
      // Without a mutant (or without a pattern) nothing is left out.
      expect(jest({}, "-t", pattern).loaded).toEqual(["alpha", "beta", "delta", "gamma"]);
      expect(jest({ __STRYKER_ACTIVE_MUTANT__: "7" }).loaded).toEqual(["alpha", "beta", "delta", "gamma"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("order: the file that failed last, then the quickest by jest's recorded time, then the smallest; unknown times last", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const FastFirstSequencer = require("./support/mutation/fastFirstSequencer.js");
    const sequencer = new FastFirstSequencer();
    const recorded: Record<string, { time?: number; failed?: boolean; size: number }> = {
      slow: { time: 9000, size: 10 },
      quick: { time: 100, size: 900 },
      failed: { time: 20000, failed: true, size: 50 },
      tie_big: { time: 500, size: 300 },
      tie_small: { time: 500, size: 200 },
      new: { size: 1 },
    };
    sequencer.time = (test: { path: string }) => recorded[test.path].time;
    sequencer.hasFailed = (test: { path: string }) => recorded[test.path].failed ?? false;
    const tests = Object.keys(recorded).map((name) => ({ path: name, context: { hasteFS: { getSize: (p: string) => recorded[p].size } } }));
    expect(sequencer.sort(tests).map((test: { path: string }) => test.path)).toEqual(["failed", "quick", "tie_small", "tie_big", "slow", "new"]);
  });
});

describe("plans per mutant", () => {
  const ACTIVE_MUTANT = "__STRYKER_ACTIVE_MUTANT__";
  const thisProcessDirectories = () =>
    readdirSync(os.tmpdir())
      .filter((name) => name.startsWith("azs-plans-per-mutant-") && name.endsWith(`-${process.pid}`))
      .map((name) => path.join(os.tmpdir(), name));
  const storedMutants = () => thisProcessDirectories().flatMap((directory) => readdirSync(directory));
  afterEach(() => {
    delete process.env[ACTIVE_MUTANT];
  });
  afterAll(() => {
    for (const directory of thisProcessDirectories()) rmSync(directory, { recursive: true });
  });

  it("are evaluated by every file when no mutant is active (Stryker's dry run measures each test's coverage)", async () => {
    let evaluations = 0;
    const evaluate = async () => ({ plan: ++evaluations });
    await sharedPerMutant({ stack: "stampA" }, evaluate);
    expect(await sharedPerMutant({ stack: "stampA" }, evaluate)).toEqual({ plan: 2 });
  });

  it("are evaluated once per mutant and input, failures never stored, and only the current mutant's kept", async () => {
    let evaluations = 0;
    const evaluate = async () => ({ plan: ++evaluations });
    process.env[ACTIVE_MUTANT] = "41";
    expect(await sharedPerMutant({ stack: "stampA", config: { agentCount: "3" } }, evaluate)).toEqual({ plan: 1 });
    expect(await sharedPerMutant({ stack: "stampA", config: { agentCount: "3" } }, evaluate)).toEqual({ plan: 1 });
    expect(await sharedPerMutant({ stack: "stampA", config: { agentCount: "5" } }, evaluate)).toEqual({ plan: 2 });
    const failing = jest.fn(async () => {
      throw new Error("agentCount: 0 is out of range");
    });
    await expect(sharedPerMutant({ stack: "stampA", config: { agentCount: "0" } }, failing)).rejects.toThrow("out of range");
    await expect(sharedPerMutant({ stack: "stampA", config: { agentCount: "0" } }, failing)).rejects.toThrow("out of range");
    expect(failing).toHaveBeenCalledTimes(2);
    expect(storedMutants()).toEqual(["41"]);

    process.env[ACTIVE_MUTANT] = "42";
    expect(await sharedPerMutant({ stack: "stampA", config: { agentCount: "3" } }, evaluate)).toEqual({ plan: 3 });
    expect(storedMutants()).toEqual(["42"]);
  });

  it("replay the secret output names a stored plan was evaluated with, as planStack's callers read them", async () => {
    process.env[ACTIVE_MUTANT] = "43";
    const firstNames: string[] = [];
    const first = await planStack("stampA", { secretOutputs: firstNames });
    const storedNames: string[] = [];
    const stored = await planStack("stampA", { secretOutputs: storedNames });
    expect(storedMutants()).toEqual(["43"]);
    expect(firstNames).toContain("kubeconfig");
    expect(storedNames).toEqual(firstNames);
    expect(stored).toEqual(first);
  });
});

describe("the incremental type checker (stryker.config.json's checker)", () => {
  it("calls a mutant a compile error exactly when Stryker's stock TypeScript checker does, across files and after a failing mutant", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "azs-checker-"));
    try {
      // b.ts depends on a.ts's declared types: a mutant of a.ts can break b.ts only.
      writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noUnusedLocals: true, target: "es2022", module: "commonjs" }, include: ["*.ts"] }));
      writeFileSync(path.join(dir, "a.ts"), 'export const size = 1;\nexport function label(n: number) {\n  const unused = n;\n  return `n=${n}`;\n}\n');
      writeFileSync(path.join(dir, "b.ts"), 'import { label, size } from "./a";\nexport const total: number = size * 2;\nexport const text: string = label(size);\n');
      // A mutant replaces the first `original` on the 0-based `line` of the file, as Stryker locates it.
      const at = (file: string, line: number, original: string, replacement: string, id: string) => {
        const column = readFileSync(path.join(dir, file), "utf8").split("\n")[line].indexOf(original);
        if (column < 0) throw new Error(`${original} is not on line ${line} of ${file}`);
        return { id, fileName: path.join(dir, file), mutatorName: "test", replacement, location: { start: { line, column }, end: { line, column: column + original.length } } };
      };
      const mutants = [
        at("a.ts", 0, "1", '""', "size-string"), // b.ts: string * 2 and a string where a number goes
        at("a.ts", 0, "1", "2", "size-two"), // fine, and must pass after the error before it
        at("a.ts", 3, "`n=${n}`", "n", "label-number"), // b.ts: a number where a string goes
        at("a.ts", 2, "const unused = n;", "", "unused-removed"), // fine
        at("a.ts", 2, "const unused = n;", "throw n;", "unreachable"), // unreachable code: no error under a mutant, as in the stock checker
        at("b.ts", 1, "2", "size", "b-own"), // b.ts itself: number * number, fine
        at("b.ts", 1, "2", '"2"', "b-own-error"),
      ];
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { IncrementalTypescriptChecker } = require("../tools/mutation/incrementalChecker.cjs");
      const cwd = process.cwd();
      process.chdir(dir);
      const verdicts: Record<string, string> = {};
      try {
        const checker = new IncrementalTypescriptChecker({ tsconfigFile: "tsconfig.json" });
        await checker.init();
        for (const m of mutants) verdicts[m.id] = (await checker.check([m]))[m.id].status;
      } finally {
        process.chdir(cwd);
      }
      expect(verdicts).toEqual({
        "size-string": "compileError",
        "size-two": "passed",
        "label-number": "compileError",
        "unused-removed": "passed",
        unreachable: "passed",
        "b-own": "passed",
        "b-own-error": "compileError",
      });
      // The stock checker (ESM) in a child process, one mutant per check as Stryker runs it.
      // Its package exports only the plugin, so its compiler is imported by file.
      const stockModule = (file: string) => JSON.stringify(pathToFileURL(path.join(ROOT, "node_modules", "@stryker-mutator", "typescript-checker", "dist", "src", file)).href);
      const stock = [`import { HybridFileSystem } from ${stockModule("fs/hybrid-file-system.js")};`,
        `import { TypescriptCompiler } from ${stockModule("typescript-compiler.js")};`,
        "const log = new Proxy({}, { get: (_, k) => (String(k).startsWith('is') ? () => false : () => {}) });",
        `const mutants = ${JSON.stringify(mutants)};`,
        `process.chdir(${JSON.stringify(dir)});`,
        'const compiler = new TypescriptCompiler(log, { tsconfigFile: "tsconfig.json" }, new HybridFileSystem(log));',
        "await compiler.init(); const out = {};",
        'for (const m of mutants) out[m.id] = (await compiler.check([m])).length > 0 ? "compileError" : "passed";',
        "console.log(JSON.stringify(out));"].join("\n");
      const script = path.join(dir, "stock.mjs");
      writeFileSync(script, stock);
      const run = spawnSync(process.execPath, [script], { encoding: "utf8" });
      expect(run.stderr).toBe("");
      expect(JSON.parse(run.stdout)).toEqual(verdicts);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
