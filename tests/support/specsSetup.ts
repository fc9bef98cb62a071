/**
 * Jest global setup: when the contract tests would read the cache (no AZS_SPECS_DIR, no
 * ../shared/specs) and it is incomplete, try to fill it once before any test runs. A failed fetch
 * is only reported here: the contract tests then fail with specsDir()'s message, which says what
 * to run, while tests that need no contracts still run.
 */
import { existsSync } from "fs";
import { CACHE_DIR, describeReport, fetchSpecs, missingFiles } from "../../tools/specs/fetch";
import { DEFAULT_PLACES } from "./specs";

export default async function specsSetup(): Promise<void> {
  if (process.env.AZS_SPECS_DIR || existsSync(DEFAULT_PLACES.shared) || missingFiles(CACHE_DIR).length === 0) return;
  console.log(`\nThe published contracts are not here: fetching them into ${CACHE_DIR}`);
  const report = await fetchSpecs({ baseUrl: process.env.AZS_SPECS_BASE_URL || undefined, timeoutMs: 20_000 });
  console.log(describeReport(report, CACHE_DIR));
  if (report.failures.length) console.log("The contract tests fail until `npm run specs:fetch` succeeds (or AZS_SPECS_DIR names a copy of shared/specs).");
}
