/**
 * `npm run plan:diff` end to end: tools/planDiff.ts in a throwaway clone of this repository under
 * the temp directory (this tree is never modified). The renderer itself is
 * tests/planDiff.render.test.ts.
 */
import { execFileSync, spawnSync } from "child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "..");

describe("npm run plan:diff (end to end, in a throwaway clone)", () => {
  let temp: string;
  let clone: string;
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, "node_modules", "ts-node", "dist", "bin.js"), "--transpile-only", path.join(ROOT, "tools", "planDiff.ts"), ...args], {
      cwd: clone,
      encoding: "utf8",
      env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json") },
    });

  beforeAll(() => {
    temp = mkdtempSync(path.join(os.tmpdir(), "plan-diff-test-"));
    clone = path.join(temp, "repo");
    execFileSync("git", ["clone", "--quiet", "--no-hardlinks", ROOT, clone]);
    symlinkSync(path.join(ROOT, "node_modules"), path.join(clone, "node_modules"), "dir");
  });
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it("exits 0 with no changes against HEAD", () => {
    const result = run("--stack", "stampA", "--base", "HEAD");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("**No changes**");
  }, 120_000);

  it("exits 2 and shows the change of an uncommitted edit, secrets masked, and removes its worktree", () => {
    const stackFile = path.join(clone, "Pulumi.stampA.yaml");
    writeFileSync(stackFile, readFileSync(stackFile, "utf8").replace("azs-ha-kubernetes:agentCount: 3", "azs-ha-kubernetes:agentCount: 4"));
    appendFileSync(path.join(clone, "scripts", "scale-cluster.sh"), "# plan-diff test line\n");
    const out = path.join(temp, "comment.md");
    const result = run("--stack=stampA", "--base=HEAD", "--out", out);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(2);
    expect(readFileSync(out, "utf8")).toBe(result.stdout);
    expect(result.stdout).toContain("#### Updated");
    expect(result.stdout).toMatch(/upload-scripts-scale-cluster-sh/);
    expect(result.stdout).toMatch(/<summary><code>\/home\/azureuser\/azs-ha\/stampa\/scripts\/scale-cluster\.sh<\/code>: changed \(\+1 −0\)<\/summary>/);
    expect(result.stdout).toContain("+# plan-diff test line");
    expect(result.stdout).not.toMatch(/mock-private-key|<secret:/);
    expect(execFileSync("git", ["worktree", "list"], { cwd: clone, encoding: "utf8" }).trim().split("\n")).toHaveLength(1);
  }, 120_000);

  it("exits 1 with one message for a bad ref, a missing argument or an unknown stack", () => {
    const bad = run("--stack", "stampA", "--base", "no-such-ref");
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe(`--base: "no-such-ref" is not a commit of ${clone}`);
    const missing = run("--stack", "stampA");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("usage: npm run plan:diff");
    const unknown = run("--stack", "nope", "--base", "HEAD");
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("the offline plan of nope at the working tree failed");
    expect(existsSync(path.join(clone, "node_modules"))).toBe(true);
  }, 120_000);
});
