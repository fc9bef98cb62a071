/**
 * The published contracts for a clone without ../shared/specs: the fetch (tools/specs) against a
 * local server that serves the real files as upstream has them, the order in which specsDir()
 * picks a source, and the manifest kept equal to the files the contract tests read.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "fs";
import { createServer, Server } from "http";
import { AddressInfo } from "net";
import { tmpdir } from "os";
import * as path from "path";
import { fetchSpecs } from "../tools/specs/fetch";
import { checkDownload, DEFAULT_BASE_URL, MANIFEST, parseManifest, sha256, SpecFile } from "../tools/specs/contracts";
import { resolveSpecsDir, specsDir } from "./support/specs";

const source = specsDir();
const tmp = mkdtempSync(path.join(tmpdir(), "specs-fetch-"));
const served = path.join(tmp, "served");
const requests: string[] = [];
let server: Server;
let baseUrl: string;

const filesUnder = (dir: string): string[] =>
  existsSync(dir) ? (readdirSync(dir, { recursive: true }) as string[]).filter((f) => statSync(path.join(dir, f)).isFile()).sort() : [];
const manifestPaths = MANIFEST.files.map((file) => file.path).sort();
const servedPath = (file: SpecFile) => path.join(served, file.url.slice(DEFAULT_BASE_URL.length));
const byPath = (suffix: string) => MANIFEST.files.find((file) => file.path.endsWith(suffix))!;

/** The bytes upstream serves: the file as the tests read it, with any documented correction undone. */
function upstreamBytes(file: SpecFile): Buffer {
  const bytes = readFileSync(path.join(source, file.path));
  const fix = file.correction;
  return fix ? Buffer.from(bytes.toString("utf8").split(fix.with).join(fix.replace), "utf8") : bytes;
}

beforeAll(async () => {
  for (const file of MANIFEST.files) {
    mkdirSync(path.dirname(servedPath(file)), { recursive: true });
    writeFileSync(servedPath(file), upstreamBytes(file));
  }
  server = createServer((request, response) => {
    requests.push(request.url ?? "");
    const file = path.join(served, decodeURIComponent(request.url ?? "/"));
    if (file.startsWith(served + path.sep) && existsSync(file)) response.writeHead(200).end(readFileSync(file));
    else response.writeHead(404).end("Not Found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(tmp, { recursive: true, force: true });
});

describe("npm run specs:fetch", () => {
  const cache = path.join(tmp, "cache");

  it("downloads, verifies and writes every file into an empty cache", async () => {
    const report = await fetchSpecs({ cacheDir: cache, baseUrl });
    expect(report.failures).toEqual([]);
    expect(report.downloaded.sort()).toEqual(manifestPaths);
    expect(filesUnder(cache)).toEqual(manifestPaths); // and no temp file left behind
    for (const file of MANIFEST.files) expect(sha256(readFileSync(path.join(cache, file.path)))).toBe(file.sha256);
  });

  it("downloads nothing on a second run", async () => {
    requests.length = 0;
    const report = await fetchSpecs({ cacheDir: cache, baseUrl });
    expect(report).toEqual({ downloaded: [], present: MANIFEST.files.map((file) => file.path), failures: [] });
    expect(requests).toEqual([]);
  });

  it("replaces a cached file whose hash is wrong", async () => {
    const file = byPath("traefik.Chart.yaml");
    writeFileSync(path.join(cache, file.path), "tampered\n");
    const report = await fetchSpecs({ cacheDir: cache, baseUrl });
    expect(report.downloaded).toEqual([file.path]);
    expect(sha256(readFileSync(path.join(cache, file.path)))).toBe(file.sha256);
  });

  it("rejects a tampered download with both hashes and leaves nothing in the cache", async () => {
    const file = byPath("nginx-ingress.values.yaml");
    const tampered = Buffer.from(`${upstreamBytes(file).toString("utf8")}extra: true\n`);
    writeFileSync(servedPath(file), tampered);
    try {
      const empty = path.join(tmp, "tampered");
      const report = await fetchSpecs({ cacheDir: empty, baseUrl, manifest: { files: [file] } });
      expect(report.failures).toEqual([
        {
          path: file.path,
          url: `${baseUrl}${file.url.slice(DEFAULT_BASE_URL.length)}`,
          reason: `content sha256 mismatch: expected ${file.sha256} (${file.bytes} bytes), got ${sha256(tampered)} (${tampered.length} bytes)`,
        },
      ]);
      expect(filesUnder(empty)).toEqual([]);
    } finally {
      writeFileSync(servedPath(file), upstreamBytes(file));
    }
  });

  it("reports a 404 with its URL", async () => {
    const file = { ...byPath("traefik.Chart.yaml"), url: `${DEFAULT_BASE_URL}/traefik/traefik-helm-chart/${"0".repeat(40)}/traefik/Chart.yaml` };
    const report = await fetchSpecs({ cacheDir: path.join(tmp, "absent"), baseUrl, manifest: { files: [file] } });
    const url = `${baseUrl}/traefik/traefik-helm-chart/${"0".repeat(40)}/traefik/Chart.yaml`;
    expect(report.failures).toEqual([{ path: file.path, url, reason: `HTTP 404 Not Found for ${url}` }]);
  });

  it("verifies a corrected file's upstream bytes before applying the documented edit", () => {
    const file = MANIFEST.files.find((f) => f.correction)!;
    expect(file.path).toMatch(/2018-11-01\/publicIpAddress\.json$/);
    const upstream = upstreamBytes(file);
    const corrected = readFileSync(path.join(source, file.path));
    expect(sha256(upstream)).toBe(file.correction!.upstreamSha256);
    const kept = checkDownload(file, upstream);
    expect(kept.ok && kept.bytes.equals(corrected)).toBe(true);
    // Already-corrected bytes are not what the pinned commit serves: rejected, not silently accepted.
    expect(checkDownload(file, corrected)).toEqual({ ok: false, reason: expect.stringMatching(/^upstream sha256 mismatch: expected /) });
  });

  it("refuses a manifest entry that would write outside the cache or follow a moving ref", () => {
    const [first] = MANIFEST.files;
    expect(() => parseManifest({ files: [{ ...first, path: "../escape.json" }] })).toThrow(/path must be relative/);
    expect(() => parseManifest({ files: [{ ...first, url: `${DEFAULT_BASE_URL}/traefik/traefik-helm-chart/v37.1.2/traefik/Chart.yaml` }] })).toThrow(
      /40-hex commit/,
    );
  });
});

describe("specsDir()", () => {
  const places = { shared: path.join(tmp, "places", "shared"), cache: path.join(tmp, "places", "cache") };
  const named = path.join(tmp, "places", "named");

  beforeAll(() => {
    for (const dir of [places.shared, places.cache, named]) cpSync(source, dir, { recursive: true });
  });

  it("takes AZS_SPECS_DIR, then ../shared/specs, then the cache", () => {
    expect(resolveSpecsDir({ AZS_SPECS_DIR: named }, places)).toBe(named);
    expect(resolveSpecsDir({}, places)).toBe(places.shared);
    expect(resolveSpecsDir({}, { ...places, shared: path.join(tmp, "places", "no-shared") })).toBe(places.cache);
  });

  it("fails on an incomplete AZS_SPECS_DIR instead of looking elsewhere", () => {
    rmSync(path.join(named, "charts"), { recursive: true });
    expect(() => resolveSpecsDir({ AZS_SPECS_DIR: named }, places)).toThrow(/AZS_SPECS_DIR \(.*\) is incomplete: charts\/.* and \d+ more missing/);
  });

  it("says what to run when no source is usable", () => {
    const nowhere = { shared: path.join(tmp, "places", "no-shared"), cache: path.join(tmp, "places", "no-cache") };
    expect(() => resolveSpecsDir({}, nowhere)).toThrow(`lacks ${MANIFEST.files.length} of ${MANIFEST.files.length} files. To fix it, run \`npm run specs:fetch\``);
  });
});

describe("the manifest (tools/specs/manifest.json)", () => {
  it("pins exactly the files the contract tests read, by sha256 and size", () => {
    expect(filesUnder(source).filter((file) => file !== "SOURCES.md")).toEqual(manifestPaths);
    for (const file of MANIFEST.files) {
      const bytes = readFileSync(path.join(source, file.path));
      expect({ path: file.path, sha256: sha256(bytes), bytes: bytes.length }).toEqual({ path: file.path, sha256: file.sha256, bytes: file.bytes });
    }
  });
});
