/**
 * The published contracts the contract tests read, pinned in manifest.json (provenance:
 * shared/specs/SOURCES.md), and the pure checks a download must pass before it is kept.
 * No I/O here: tools/specs/fetch.ts downloads and writes. (Not named manifest.ts: Node resolves
 * `./manifest` to the .json before a .ts under ts-node and jest's global setup.)
 */
import { createHash } from "crypto";
import * as path from "path";
import manifestJson from "./manifest.json";

/** Every URL in the manifest starts with this; a test server replaces it (see downloadUrl). */
export const DEFAULT_BASE_URL = "https://raw.githubusercontent.com";

/** A documented edit to the upstream bytes, applied only after they matched upstreamSha256. */
export interface Correction {
  why: string;
  replace: string;
  with: string;
  upstreamSha256: string;
  upstreamBytes: number;
}

export interface SpecFile {
  /** Relative to the specs folder (AZS_SPECS_DIR, ../shared/specs or the cache). */
  path: string;
  /** Raw file at a full commit, never a branch or tag, so the bytes cannot move. */
  url: string;
  /** Of the file as the tests read it, after any correction. */
  sha256: string;
  bytes: number;
  correction?: Correction;
}

export interface Manifest {
  files: SpecFile[];
}

export type Checked = { ok: true; bytes: Buffer } | { ok: false; reason: string };

export const sha256 = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

const isSha256 = (value: unknown) => typeof value === "string" && /^[0-9a-f]{64}$/.test(value);
const isSize = (value: unknown) => Number.isInteger(value) && (value as number) > 0;
const isRelative = (value: unknown) =>
  typeof value === "string" && !path.isAbsolute(value) && path.normalize(value) === value && !value.startsWith("..");
/** <owner>/<repo>/<full commit>/<path> after DEFAULT_BASE_URL. */
const PINNED = /^\/[^/]+\/[^/]+\/[0-9a-f]{40}\/\S+$/;
const isPinnedUrl = (value: unknown) => typeof value === "string" && value.startsWith(DEFAULT_BASE_URL) && PINNED.test(value.slice(DEFAULT_BASE_URL.length));

function problemsOf(file: SpecFile): string[] {
  const fix = file.correction;
  const fixOk = !fix || (typeof fix.replace === "string" && typeof fix.with === "string" && isSha256(fix.upstreamSha256) && isSize(fix.upstreamBytes));
  return [
    isRelative(file.path) ? "" : "path must be relative and normalised",
    isPinnedUrl(file.url) ? "" : `url must be ${DEFAULT_BASE_URL}/<owner>/<repo>/<40-hex commit>/<path>`,
    isSha256(file.sha256) && isSize(file.bytes) ? "" : "sha256 (64 hex) and bytes (> 0) are required",
    fixOk ? "" : "a correction needs replace, with, upstreamSha256 and upstreamBytes",
  ].filter(Boolean);
}

/** Rejects a hand-edited entry that could write outside the cache or download a moving ref. */
export function parseManifest(json: unknown): Manifest {
  const files = (json as { files?: unknown }).files;
  if (!Array.isArray(files) || files.length === 0) throw new Error("specs manifest: `files` must be a non-empty list");
  for (const file of files as SpecFile[]) {
    const problems = problemsOf(file);
    if (problems.length) throw new Error(`specs manifest, ${JSON.stringify(file.path)}: ${problems.join("; ")}`);
  }
  return { files: files as SpecFile[] };
}

export const MANIFEST: Manifest = parseManifest(manifestJson);

/** The file's URL with DEFAULT_BASE_URL swapped for `baseUrl` (a mirror, or a local test server). */
export function downloadUrl(file: SpecFile, baseUrl: string = DEFAULT_BASE_URL): string {
  return baseUrl.replace(/\/+$/, "") + file.url.slice(DEFAULT_BASE_URL.length);
}

function mismatch(what: string, expected: string, expectedBytes: number, bytes: Buffer): string | undefined {
  const actual = sha256(bytes);
  if (actual === expected && bytes.length === expectedBytes) return undefined;
  return `${what} sha256 mismatch: expected ${expected} (${expectedBytes} bytes), got ${actual} (${bytes.length} bytes)`;
}

/**
 * The bytes to keep for a downloaded body, or why it is rejected. A corrected file is checked
 * twice: the upstream bytes first (so a moved upstream is not mistaken for a failed edit), then
 * the result of the edit.
 */
export function checkDownload(file: SpecFile, body: Buffer): Checked {
  const fix = file.correction;
  const upstreamProblem = fix && mismatch("upstream", fix.upstreamSha256, fix.upstreamBytes, body);
  if (upstreamProblem) return { ok: false, reason: upstreamProblem };
  const bytes = fix ? Buffer.from(body.toString("utf8").split(fix.replace).join(fix.with), "utf8") : body;
  const problem = mismatch(fix ? "corrected" : "content", file.sha256, file.bytes, bytes);
  return problem ? { ok: false, reason: problem } : { ok: true, bytes };
}
