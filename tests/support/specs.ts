/**
 * Where the published contracts live, in this order: AZS_SPECS_DIR when set; ../shared/specs when
 * it exists; else the cache that `npm run specs:fetch` fills (jest's global setup,
 * tests/support/specsSetup.ts, tries that fetch first). The chosen source must be complete.
 * Missing specs fail the suite everywhere, CI included: a contract test that silently skips
 * proves nothing.
 */
import { existsSync } from "fs";
import * as path from "path";
import { CACHE_DIR, missingFiles } from "../../tools/specs/fetch";
import { MANIFEST } from "../../tools/specs/contracts";

export interface SpecsPlaces {
  shared: string;
  cache: string;
}

export const DEFAULT_PLACES: SpecsPlaces = { shared: path.join(__dirname, "..", "..", "..", "shared", "specs"), cache: CACHE_DIR };

const FETCH = "run `npm run specs:fetch` (downloads the pinned files into .cache/specs; needs access to raw.githubusercontent.com)";

const firstFew = (files: string[]) => files.slice(0, 3).join(", ") + (files.length > 3 ? ` and ${files.length - 3} more` : "");

function complete(dir: string, what: string, remedy: string): string {
  const missing = missingFiles(dir);
  if (missing.length) throw new Error(`${what} (${dir}) is incomplete: ${firstFew(missing)} missing or of the wrong size. ${remedy}`);
  return dir;
}

export function resolveSpecsDir(env: NodeJS.ProcessEnv = process.env, places: SpecsPlaces = DEFAULT_PLACES): string {
  if (env.AZS_SPECS_DIR) {
    return complete(path.resolve(env.AZS_SPECS_DIR), "AZS_SPECS_DIR", `Point it at a complete copy of shared/specs, or unset it and ${FETCH}.`);
  }
  if (existsSync(places.shared)) return complete(path.resolve(places.shared), "The shared specs folder", `Complete it (see its SOURCES.md), or ${FETCH} and set AZS_SPECS_DIR=.cache/specs.`);
  const missing = missingFiles(places.cache);
  if (missing.length === 0) return places.cache;
  throw new Error(
    `The published contracts are missing: AZS_SPECS_DIR is not set, ${places.shared} does not exist, and the cache ` +
      `${places.cache} lacks ${missing.length} of ${MANIFEST.files.length} files. To fix it, ${FETCH}, ` +
      "or set AZS_SPECS_DIR to a copy of shared/specs.",
  );
}

export const specsDir = (): string => resolveSpecsDir();
