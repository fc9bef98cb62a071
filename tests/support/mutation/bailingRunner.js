/**
 * The jest runner of `npm run mutation`: jest's own runner, stopping at the first test file that
 * fails when it runs the files one after another (as Stryker does for every mutant), and loading
 * under a mutant only the files that hold one of the tests Stryker asked for.
 *
 * Stryker turns jest's bail off (@stryker-mutator/jest-runner, dist/src/jest-override-options.js:
 * jest's bail ends the process) and runs every related test file for every mutant, yet one failing
 * test already kills the mutant. Here a plan-reached mutant's tests are several minutes of offline
 * plans; stopping at the first failing file ends a killed mutant early and changes no outcome.
 *
 * Stryker picks a mutant's tests by name: every file related to the mutated one (findRelatedTests),
 * with a test name pattern made of the covering tests' full names (jest-test-runner.js, mutantRun).
 * jest loads each of those files to learn its test names, and most hold none of the covering tests:
 * about five seconds a mutant for a module that every test file imports. The dry run, which runs
 * every test, records each file's full test names; under a mutant the files none of whose tests
 * match the pattern are not loaded. The match is jest-circus's own (eventHandler.js, `new
 * RegExp(testNamePattern, 'i')`, tested against utils.js getTestID, the same string as a result's
 * fullName), so exactly the tests jest would have run still run. A file the dry run did not record
 * always runs. Parallel runs (npm test never uses this runner) are left as they are.
 */
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require("fs");
const path = require("path");
const TestRunner = require("jest-runner").default;

/** Inside Stryker's sandbox (removed with it); in the project's .stryker otherwise (out of git). */
const recordOf = (rootDir) => path.join(rootDir, ".stryker", "test-names-per-file.json");

function readRecord(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
}

class BailingRunner extends TestRunner {
  async runTests(tests, watcher, options) {
    if (!options.serial) return super.runTests(tests, watcher, options);
    const record = recordOf(this._globalConfig.rootDir);
    const pattern = this._globalConfig.testNamePattern;
    const underMutant = process.env.__STRYKER_ACTIVE_MUTANT__ !== undefined;
    const recording = !underMutant && !pattern;
    const names = recording ? readRecord(record) : undefined;
    let selected = tests;
    if (underMutant && pattern) {
      const known = readRecord(record);
      const matches = new RegExp(pattern, "i");
      selected = tests.filter((test) => known[test.path] === undefined || known[test.path].some((name) => matches.test(name)));
    }
    let failed = false;
    const unsubscribe = [
      this.on("test-file-failure", () => void (failed = true)),
      this.on("test-file-success", ([test, result]) => {
        failed ||= result.numFailingTests > 0 || result.testExecError !== undefined;
        if (names) names[test.path] = result.testResults.map((each) => each.fullName);
      }),
    ];
    try {
      for (const test of selected) {
        if (failed) break;
        await super.runTests([test], watcher, options);
      }
    } finally {
      for (const off of unsubscribe) off();
      if (names) {
        mkdirSync(path.dirname(record), { recursive: true });
        writeFileSync(record, JSON.stringify(names));
      }
    }
  }
}

module.exports = BailingRunner;
