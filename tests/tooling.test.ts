/**
 * The project's own tooling as a newcomer meets it: the locked dependencies install on the Node
 * version the README names, .ci/run fails when a test fails and leaves nothing behind, and the
 * benchmark says which step failed. External commands are replaced by stand-ins on PATH.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import * as semver from "semver";

const ROOT = path.join(__dirname, "..");

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A directory of executable stand-ins, each a bash body. */
function standIns(commands: Record<string, string>): string {
  const dir = tempDir("stand-ins-");
  for (const [name, body] of Object.entries(commands)) writeFileSync(path.join(dir, name), `#!/usr/bin/env bash\n${body}\n`, { mode: 0o755 });
  return dir;
}

function runWith(script: string, bin: string, temp: string) {
  return spawnSync("bash", [path.join(ROOT, script)], {
    encoding: "utf8",
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, TMPDIR: temp },
    timeout: 60_000,
  });
}

describe("the project's tooling", () => {
  it("locks only packages whose declared Node versions include the project's minimum, which the README states (no EBADENGINE on npm ci)", () => {
    const minimum = semver.minVersion((JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { engines: { node: string } }).engines.node)!.version;
    expect(readFileSync(path.join(ROOT, "README.md"), "utf8")).toContain(`Node.js ${minimum.replace(/\.0$/, "")} or newer`);
    const lock = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { engines?: { node?: string } | string[] }> };
    const refusing = Object.entries(lock.packages)
      .filter(([, entry]) => entry.engines && !Array.isArray(entry.engines) && entry.engines.node !== undefined)
      .filter(([, entry]) => !semver.satisfies(minimum, (entry.engines as { node: string }).node))
      .map(([name, entry]) => `${name} wants node ${(entry.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });

  it(".ci/run fails when a test fails, prints jest's counts, and leaves no results file behind", () => {
    const temp = tempDir("ci-run-");
    const bin = standIns({
      shellcheck: "exit 0",
      "cloud-init": "exit 0",
      // npm ci succeeds; npm test writes jest's JSON results with one failure and fails.
      npm: `if [[ $1 == test ]]; then for a in "$@"; do [[ $a == --outputFile=* ]] && echo '{"numPassedTests":3,"numFailedTests":1}' >"\${a#--outputFile=}"; done; exit 1; fi`,
    });
    const run = runWith(".ci/run", bin, temp);
    expect(run.status).toBe(1);
    expect(run.stdout.trim().split("\n").pop()).toBe("3 passed, 1 failed");
    expect(readdirSync(temp)).toEqual([]);
  });

  it("tools/bench.sh stops at a failing step with its name, exit code and output, and cleans up", () => {
    const temp = tempDir("bench-");
    const bin = standIns({ npm: 'echo "npm says: no network"; exit 7' });
    const run = runWith("tools/bench.sh", bin, temp);
    expect(run.status).toBe(7);
    expect(run.stderr).toBe("npm ci failed with exit code 7; the last lines of its output:\nnpm says: no network\n");
    expect(readdirSync(temp)).toEqual([]);
  });
});
