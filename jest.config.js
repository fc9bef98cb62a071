/** Jest runs TypeScript through ts-jest without type checking (`npm run typecheck` does that once, up front). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  testTimeout: 120000,
  maxWorkers: 2,
  // Fetches the published contracts into .cache/specs when neither AZS_SPECS_DIR nor ../shared/specs has them.
  globalSetup: "<rootDir>/tests/support/specsSetup.ts",
};
