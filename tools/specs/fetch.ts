/**
 * Downloads the pinned contracts (manifest.json) into a local cache, for a clone without
 * ../shared/specs. Only verified bytes are ever written, and each file appears atomically
 * (temp file, then rename), so an interrupted or tampered download never leaves a file that
 * looks complete. `npm run specs:fetch`; AZS_SPECS_BASE_URL or --base-url replaces
 * https://raw.githubusercontent.com (a mirror, or a test server).
 */
import { randomBytes } from "crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "fs";
import * as path from "path";
import { checkDownload, DEFAULT_BASE_URL, downloadUrl, Manifest, MANIFEST, sha256, SpecFile } from "./contracts";

export const CACHE_DIR = path.join(__dirname, "..", "..", ".cache", "specs");

export interface FetchOptions {
  cacheDir?: string;
  baseUrl?: string;
  manifest?: Manifest;
  /** Per request; a stalled connection must not hang `npm test`'s global setup. */
  timeoutMs?: number;
}

export interface Failure {
  path: string;
  url: string;
  reason: string;
}

export interface FetchReport {
  downloaded: string[];
  present: string[];
  failures: Failure[];
}

/** Files of the manifest absent from `dir` or of another size (a cheap check; hashes are the fetch's and the tests' job). */
export function missingFiles(dir: string, manifest: Manifest = MANIFEST): string[] {
  return manifest.files
    .filter((file) => {
      const target = path.join(dir, file.path);
      return !existsSync(target) || statSync(target).size !== file.bytes;
    })
    .map((file) => file.path);
}

const hasExpectedHash = (target: string, file: SpecFile) => existsSync(target) && sha256(readFileSync(target)) === file.sha256;

function writeAtomically(target: string, bytes: Buffer): void {
  mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    writeFileSync(temp, bytes);
    renameSync(temp, target);
  } finally {
    rmSync(temp, { force: true });
  }
}

async function download(url: string, timeoutMs: number): Promise<Buffer | string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return `HTTP ${response.status} ${response.statusText} for ${url}`;
    return Buffer.from(await response.arrayBuffer());
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    return `request failed for ${url}: ${(error as Error).message}${cause ? ` (${cause})` : ""}`;
  }
}

async function fetchOne(file: SpecFile, options: Required<FetchOptions>): Promise<"downloaded" | "present" | Failure> {
  const target = path.join(options.cacheDir, file.path);
  if (hasExpectedHash(target, file)) return "present";
  const url = downloadUrl(file, options.baseUrl);
  const body = await download(url, options.timeoutMs);
  if (typeof body === "string") return { path: file.path, url, reason: body };
  const checked = checkDownload(file, body);
  if (!checked.ok) return { path: file.path, url, reason: checked.reason };
  writeAtomically(target, checked.bytes);
  return "downloaded";
}

/** Fetches every missing or wrong file; all at once, so the total wait is one request's, not the sum. */
export async function fetchSpecs(options: FetchOptions = {}): Promise<FetchReport> {
  const resolved: Required<FetchOptions> = {
    cacheDir: options.cacheDir ?? CACHE_DIR,
    baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
    manifest: options.manifest ?? MANIFEST,
    timeoutMs: options.timeoutMs ?? 60_000,
  };
  const outcomes = await Promise.all(resolved.manifest.files.map((file) => fetchOne(file, resolved)));
  const report: FetchReport = { downloaded: [], present: [], failures: [] };
  outcomes.forEach((outcome, i) => {
    if (typeof outcome === "object") report.failures.push(outcome);
    else report[outcome].push(resolved.manifest.files[i].path);
  });
  return report;
}

export function describeReport(report: FetchReport, cacheDir: string): string {
  const lines = report.failures.map((failure) => `FAILED ${failure.path}: ${failure.reason}`);
  lines.push(
    `${report.downloaded.length} downloaded, ${report.present.length} already present, ${report.failures.length} failed (cache: ${cacheDir})`,
  );
  return lines.join("\n");
}

async function main(argv: string[]): Promise<number> {
  const flag = argv.indexOf("--base-url");
  if (flag >= 0 && !argv[flag + 1]) {
    console.error("--base-url needs a URL, e.g. --base-url http://mirror.example/raw");
    return 2;
  }
  const baseUrl = flag >= 0 ? argv[flag + 1] : process.env.AZS_SPECS_BASE_URL || undefined;
  const report = await fetchSpecs({ baseUrl });
  console.log(describeReport(report, CACHE_DIR));
  return report.failures.length ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(`specs:fetch failed: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
