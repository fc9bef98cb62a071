/**
 * The jest runner of `npm run mutation`: jest's own runner, stopping at the first test file that
 * fails when it runs the files one after another (as Stryker does for every mutant).
 *
 * Stryker turns jest's bail off (@stryker-mutator/jest-runner, dist/src/jest-override-options.js:
 * jest's bail ends the process) and runs every related test file for every mutant, yet one failing
 * test already kills the mutant. Here a plan-reached mutant's tests are several minutes of offline
 * plans; stopping at the first failing file ends a killed mutant early and changes no outcome.
 * Parallel runs (npm test never uses this runner) are left as they are.
 */
const TestRunner = require("jest-runner").default;

class BailingRunner extends TestRunner {
  async runTests(tests, watcher, options) {
    if (!options.serial) return super.runTests(tests, watcher, options);
    let failed = false;
    const unsubscribe = [
      this.on("test-file-failure", () => void (failed = true)),
      this.on("test-file-success", ([, result]) => void (failed ||= result.numFailingTests > 0 || result.testExecError !== undefined)),
    ];
    try {
      for (const test of tests) {
        if (failed) break;
        await super.runTests([test], watcher, options);
      }
    } finally {
      for (const off of unsubscribe) off();
    }
  }
}

module.exports = BailingRunner;
