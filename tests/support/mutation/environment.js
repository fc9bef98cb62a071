/**
 * The test environment of `npm run mutation`: jest's node environment, crediting what a test file's
 * loading and its beforeAll hooks reach to the tests that use it, for Stryker's per-test coverage,
 * and formatting stack traces without source maps.
 *
 * Stryker's environment mixin (@stryker-mutator/jest-runner, dist/src/jest-plugins/
 * mixin-jest-environment.cjs, handleTestEvent) records the mutants a test reaches between its
 * test_start and test_done events. Code run while a file loads or in a beforeAll hook falls outside
 * every test and counts as "static": Stryker then runs every related test file in full for such a
 * mutant. The plan tests evaluate their plans in beforeAll, so nearly every mutant of the program was
 * static. Here that coverage is credited to every test of the file (loading) or of the hook's
 * describe block (beforeAll): exactly the tests that read what was built, so Stryker runs those.
 * Stryker's mixin wraps this class and runs this handler before its own.
 */
const { TestEnvironment } = require("jest-environment-node");

const LOADING = "\u0000stryker: test file loading";
const BEFORE_ALL = "\u0000stryker: beforeAll hook";

/** A test's id as the mixin names it (fullName there): describe names and the test name, spaced. */
function fullName(test) {
  const names = [test.name];
  for (let block = test.parent; block && block.parent; block = block.parent) names.unshift(block.name);
  return names.join(" ").trimStart();
}

function testsOf(block) {
  return block.children.flatMap((child) => (child.type === "test" ? [child] : testsOf(child)));
}

class MutationTestEnvironment extends TestEnvironment {
  /**
   * Every promise of the Pulumi runtime takes a stack trace (@pulumi/pulumi, runtime/debuggable.js,
   * debuggablePromise), which jest maps through source maps (jest-runner, runTest.js, installs
   * source-map-support before this setup) frame by frame, up to the 100 frames it allows: half the
   * time of a plan. No test reads those traces, and Node falls back to the main realm's mapping
   * formatter when this realm has none (node, lib/internal/errors.js, prepareStackTraceCallback), so
   * this realm gets V8's plain format and Node's default depth. Only failure messages change.
   */
  async setup() {
    await super.setup();
    this.global.Error.prepareStackTrace = (error, frames) => `${error}${frames.map((frame) => `\n    at ${frame}`).join("")}`;
    this.global.Error.stackTraceLimit = 10;
  }

  handleTestEvent(event, state) {
    const context = this.global.__stryker__;
    if (!context) return;
    const beforeAll = event.hook?.type === "beforeAll";
    if (event.name === "setup" || (event.name === "hook_start" && beforeAll)) {
      context.currentTestId = event.name === "setup" ? LOADING : BEFORE_ALL;
    } else if (event.name === "run_start") {
      this.credit(context, LOADING, state.rootDescribeBlock);
    } else if ((event.name === "hook_success" || event.name === "hook_failure") && beforeAll) {
      this.credit(context, BEFORE_ALL, event.hook.parent);
    }
  }

  credit(context, bucket, block) {
    context.currentTestId = undefined;
    const perTest = context.mutantCoverage?.perTest;
    const reached = perTest?.[bucket];
    if (!reached) return;
    delete perTest[bucket];
    for (const test of testsOf(block)) {
      const into = (perTest[fullName(test)] ??= {});
      for (const [mutant, hits] of Object.entries(reached)) into[mutant] = (into[mutant] ?? 0) + hits;
    }
  }
}

module.exports = MutationTestEnvironment;
