/**
 * Where the published contracts live (../shared/specs unless AZS_SPECS_DIR says otherwise).
 * Missing specs fail the suite: a contract test that silently skips proves nothing.
 */
import { existsSync } from "fs";
import * as path from "path";

export function specsDir(): string {
  const dir = path.resolve(process.env.AZS_SPECS_DIR ?? path.join(__dirname, "..", "..", "..", "shared", "specs"));
  if (!existsSync(path.join(dir, "arm", "specification"))) {
    throw new Error(
      `The published contracts are missing at ${dir}. Set AZS_SPECS_DIR to a copy of shared/specs ` +
        "(Azure REST API specs and chart schemas, see shared/specs/SOURCES.md for their pinned commits).",
    );
  }
  return dir;
}
