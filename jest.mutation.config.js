/**
 * The tests Stryker runs (npm run mutation): the suite without the tests that cannot kill a
 * mutant of the mutated TypeScript, because they run other processes (the CLIs through ts-node,
 * the tooling, the real aks-engine binary) or test code Stryker does not mutate (the bash
 * scripts, whose faults their own tests list; the specs fetch; the tools that act on deployed
 * stacks and the pipelines' tools; the mutation tooling itself, whose tests also set and clear
 * Stryker's active-mutant variable and expect no Stryker around them, so under Stryker they fail
 * whatever the mutant and would count as killing every mutant their imports load).
 */
const path = require("path");
const base = require("./jest.config.js");

module.exports = {
  ...base,
  // Stryker picks a mutant's tests with jest's findRelatedTests, which follows imports only through
  // files inside `roots`. With the suite's roots (tests/) the walk stopped at the first source
  // module, so no test was related to a module reached through another (components/, stacks/, the
  // plan's program) and every mutant there survived untested.
  roots: ["<rootDir>"],
  testMatch: ["<rootDir>/tests/**/*.test.ts"],
  modulePathIgnorePatterns: ["<rootDir>/.stryker/", "<rootDir>/.cache/", "<rootDir>/plan/"],
  // Absolute: Stryker loads the environment itself, without jest's <rootDir> substitution.
  testEnvironment: path.join(__dirname, "tests", "support", "mutation", "environment.js"),
  runner: path.join(__dirname, "tests", "support", "mutation", "bailingRunner.js"),
  testSequencer: path.join(__dirname, "tests", "support", "mutation", "fastFirstSequencer.js"),
  testPathIgnorePatterns: [
    "/node_modules/",
    "/tests/tooling\\.test\\.ts$",
    "/tests/mutation(Tooling|Sample)\\.test\\.ts$",
    "/tests/specs\\.fetch\\.test\\.ts$",
    "/tests/plan\\.cli\\.test\\.ts$",
    "/tests/planDiff\\.cli\\.test\\.ts$",
    "/tests/aksengine\\.real\\.test\\.ts$",
    "/tests/scripts\\.(day2|deploy|install|security|mongoReplicaSet)\\.test\\.ts$",
    "/tests/(deploy|verify|pipelinesConnect|pipelines|ci\\.\\w+)\\.test\\.ts$",
  ],
};
