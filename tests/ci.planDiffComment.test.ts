/**
 * tools/ci/planDiffComment.ts, the pull-request pipelines' offline plan diff of every stack: the
 * comment renderer (marker, table, failures, the length limit), the exit-code mapping of
 * `npm run plan:diff` (2 is "changes", not a failure), the command on injected runners, and end to
 * end in a throwaway clone of this repository under the temp directory, where no ../shared lies
 * beside it: the offline plan needs nothing outside the repository.
 */
import { execFileSync, spawnSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { COMMENT_MARKER, MAX_COMMENT_LENGTH, renderComment, StackResult } from "../tools/ci/comment";
import { parseArgs, planDiffComment } from "../tools/ci/planDiffComment";
import { ProcessResult, RunPlanDiff, toResult } from "../tools/ci/planDiffRunner";
import { InputError } from "../tools/plan/cli";

const ROOT = path.join(__dirname, "..");

const diffOf = (stack: string, body: string) => `### Offline plan diff: stack \`${stack}\`\n\n${body}\n`;
const unchanged = (stack: string): StackResult => ({ stack, outcome: "unchanged", markdown: diffOf(stack, "**No changes**") });
const changed = (stack: string, body = "**1 update**"): StackResult => ({ stack, outcome: "changed", markdown: diffOf(stack, body) });

describe("the comment", () => {
  it("starts with its hidden marker, tables every stack's result and holds each stack's diff", () => {
    const text = renderComment([unchanged("global"), changed("stampA"), { stack: "stampB", outcome: "failed", exitCode: 1, error: "the offline plan of stampB failed:\nbad <config> & more" }], { base: "0123abc" });
    expect(text.split("\n")[0]).toBe(COMMENT_MARKER);
    expect(COMMENT_MARKER).toMatch(/^<!-- [^>]* -->$/);
    expect(text).toContain("against its base `0123abc`");
    expect(text).toContain("| `global` | no changes |\n| `stampA` | **changes** |\n| `stampB` | **failed (exit code 1)** |");
    expect(text).toContain(diffOf("global", "**No changes**").trim());
    expect(text).toContain(diffOf("stampA", "**1 update**").trim());
    expect(text).toContain("### Offline plan diff: stack `stampB`\n\nThe plan diff **failed (exit code 1)**:\n\n<pre>the offline plan of stampB failed:\nbad &lt;config&gt; &amp; more</pre>");
  });

  it.each<[string, StackResult, string]>([
    ["killed by a signal", { stack: "s", outcome: "failed", exitCode: null, error: "" }, "The plan diff **failed (killed)**:\n\n_(no output)_"],
    ["a long stack trace: its last 40 lines", { stack: "s", outcome: "failed", exitCode: 1, error: Array.from({ length: 100 }, (_, i) => `line ${i}`).join("\n") }, "<pre>line 60\n"],
  ])("shows a failure %s", (_, result, expected) => {
    const text = renderComment([result], { base: "b" });
    expect(text).toContain(expected);
    expect(text).not.toContain("line 59\n");
  });

  it("fits GitHub's limit: the longest diffs give way to a pointer to the CI run, the others stay", () => {
    const results = [changed("global", "x".repeat(30_000)), changed("stampA", "y".repeat(50_000)), changed("stampB", "short")];
    const text = renderComment(results, { base: "b", detailsUrl: "https://ci.example/run/1" });
    expect(text.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    expect(text).toContain("### Offline plan diff: stack `stampA`\n\n_Too long for this comment (");
    expect(text).toContain("the whole diff is in [the CI run's summary](https://ci.example/run/1)._");
    expect(text).toContain("x".repeat(30_000));
    expect(text).toContain("short");
    const tight = renderComment(results, { base: "b", maxLength: 2_000 });
    expect(tight.length).toBeLessThanOrEqual(2_000);
    expect(tight).not.toMatch(/x{100}|y{100}/);
    expect(tight).toContain("short");
    expect(tight).toContain("the whole diff is in the CI run's summary._");
  });

  it("is unabridged with an infinite limit (the CI run's summary)", () => {
    const results = [changed("global", "x".repeat(70_000))];
    expect(renderComment(results, { base: "b", maxLength: Infinity })).toContain("x".repeat(70_000));
  });

  it("keeps every diff when they fit", () => {
    const results = [changed("stampA", "y".repeat(1_000))];
    expect(renderComment(results, { base: "b" })).toContain("y".repeat(1_000));
  });
});

describe("plan:diff's exit codes", () => {
  it.each<[number | null, StackResult["outcome"]]>([
    [0, "unchanged"],
    [2, "changed"],
    [1, "failed"],
    [3, "failed"],
    [null, "failed"],
  ])("exit code %p is %s", (exitCode, outcome) => {
    expect(toResult("s", { exitCode, stdout: "md", stderr: "err" }).outcome).toBe(outcome);
  });

  it("keeps the Markdown of a result and the stderr (or else stdout) of a failure", () => {
    expect(toResult("s", { exitCode: 2, stdout: "md", stderr: "" })).toEqual({ stack: "s", outcome: "changed", markdown: "md" });
    expect(toResult("s", { exitCode: 1, stdout: "out", stderr: "err" })).toEqual({ stack: "s", outcome: "failed", exitCode: 1, error: "err" });
    expect(toResult("s", { exitCode: 1, stdout: "out", stderr: "" })).toEqual({ stack: "s", outcome: "failed", exitCode: 1, error: "out" });
  });
});

describe("the command, on injected runs of plan:diff", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "ci-plan-diff-"));
    for (const stack of ["stampB", "global", "stampA"]) writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), "config: {}\n");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const runner = (codes: Record<string, number>, calls: string[][]): RunPlanDiff => async (stack, base): Promise<ProcessResult> => {
    calls.push([stack, base]);
    return { exitCode: codes[stack], stdout: diffOf(stack, `exit ${codes[stack]}`), stderr: codes[stack] === 1 ? `plan of ${stack} failed` : "" };
  };

  it("diffs every stack file, in order, against the base; changes are a success", async () => {
    const calls: string[][] = [];
    const log: string[] = [];
    const code = await planDiffComment({ base: "abc", out: "out/comment.md" }, dir, runner({ global: 0, stampA: 2, stampB: 2 }, calls), (line) => log.push(line));
    expect(code).toBe(0);
    expect(calls).toEqual([["global", "abc"], ["stampA", "abc"], ["stampB", "abc"]]);
    const comment = readFileSync(path.join(dir, "out", "comment.md"), "utf8");
    expect(comment).toContain("| `global` | no changes |\n| `stampA` | **changes** |\n| `stampB` | **changes** |");
    expect(log.join("\n")).toBe(["stack   plan diff", "global  no changes", "stampA  changes", "stampB  changes", `comment written to ${path.join(dir, "out", "comment.md")}`].join("\n"));
    expect(existsSync(path.join(dir, "summary.md"))).toBe(false);
  });

  it("exits 1 when a stack's diff fails, and still writes the comment and the summary that say why", async () => {
    const code = await planDiffComment({ base: "abc", out: "c.md", summary: "s.md" }, dir, runner({ global: 0, stampA: 1, stampB: 2 }, []), () => undefined);
    expect(code).toBe(1);
    for (const file of ["c.md", "s.md"]) {
      const text = readFileSync(path.join(dir, file), "utf8");
      expect(text).toContain("| `stampA` | **failed (exit code 1)** |");
      expect(text).toContain("<pre>plan of stampA failed</pre>");
      expect(text).toContain("exit 2");
    }
  });

  it("refuses a directory without stack files", async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), "ci-plan-diff-empty-"));
    try {
      await expect(planDiffComment({ base: "abc", out: "c.md" }, empty, runner({}, []), () => undefined)).rejects.toThrow(new InputError(`no Pulumi.<stack>.yaml in ${empty}`));
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it.each([
    [["--out", "c.md"], "--base is required"],
    [["--base", "abc"], "--out is required"],
    [["--base", "abc", "--out", "c.md", "--details-url", "javascript:alert(1)"], '--details-url: not an http(s) URL: "javascript:alert(1)"'],
    // What azure-pipelines.yml once built from a project's name (System.TeamProject): it uses the project's id now.
    [["--base", "abc", "--out", "c.md", "--details-url", "https://dev.azure.com/contoso/HA Kubernetes/_build/results?buildId=7"], '--details-url: not an http(s) URL: "https://dev.azure.com/contoso/HA Kubernetes/_build/results?buildId=7"'],
    [["--base", "abc", "--out", "c.md", "--stack", "stampA"], 'unknown argument "--stack"'],
    [["--base", "abc", "--out"], "--out needs a value"],
  ])("rejects %p", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it("takes --option=value too", () => {
    expect(parseArgs(["--base=abc", "--out=c.md", "--summary=s.md", "--details-url=https://ci.example/1"])).toEqual({ base: "abc", out: "c.md", summary: "s.md", detailsUrl: "https://ci.example/1" });
  });
});

describe("end to end, in a throwaway clone without ../shared beside it", () => {
  let temp: string;
  let clone: string;
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.invalid", ...args], { cwd: clone, encoding: "utf8" });
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, "node_modules", "ts-node", "dist", "bin.js"), "--transpile-only", path.join(ROOT, "tools", "ci", "planDiffComment.ts"), ...args], {
      cwd: clone,
      encoding: "utf8",
      env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json") },
    });

  beforeAll(() => {
    temp = mkdtempSync(path.join(os.tmpdir(), "ci-plan-diff-e2e-"));
    clone = path.join(temp, "repo");
    execFileSync("git", ["clone", "--quiet", "--no-hardlinks", ROOT, clone]);
    symlinkSync(path.join(ROOT, "node_modules"), path.join(clone, "node_modules"), "dir");
    // One stack at the base keeps this quick: the base commit holds only stampA.
    for (const stack of ["global", "stampB"]) unlinkSync(path.join(clone, `Pulumi.${stack}.yaml`));
    git("commit", "--quiet", "-am", "base: stampA only");
  });
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it("posts a changed stack and a new stack file in one comment, exits 0, and leaves no worktree", () => {
    const stampA = path.join(clone, "Pulumi.stampA.yaml");
    const text = readFileSync(stampA, "utf8");
    writeFileSync(stampA, text.replace("azs-ha-kubernetes:agentCount: 3", "azs-ha-kubernetes:agentCount: 4"));
    writeFileSync(path.join(clone, "Pulumi.stampC.yaml"), text.replace("stampName: stampa", "stampName: stampc").replace("clusterDnsPrefix: ratings-redmond", "clusterDnsPrefix: ratings-stampc"));
    const base = git("rev-parse", "HEAD").trim();
    const result = run("--base", base, "--out", "comment.md", "--summary", "summary.md", "--details-url", "https://ci.example/run/7");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("stampA  changes\nstampC  changes");
    const [comment, summary] = ["comment.md", "summary.md"].map((file) => readFileSync(path.join(clone, file), "utf8"));
    for (const text of [comment, summary]) {
      expect(text.split("\n")[0]).toBe(COMMENT_MARKER);
      expect(text).toContain("| `stampA` | **changes** |\n| `stampC` | **changes** |");
      expect(text).toContain('-        "count": 3,\n+        "count": 4,');
      expect(text).not.toMatch(/mock-private-key|<secret:/);
    }
    // A new stack shows everything created, every script in full: too long for a comment, never for the summary.
    expect(comment.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    expect(comment).toMatch(/### Offline plan diff: stack `stampC`\n\n_Too long for this comment \(\d+ characters\): the whole diff is in \[the CI run's summary\]\(https:\/\/ci\.example\/run\/7\)\._/);
    expect(summary).toContain("The stack has no stack file at the base: everything is created.");
    expect(summary.length).toBeGreaterThan(MAX_COMMENT_LENGTH);
    expect(git("worktree", "list").trim().split("\n")).toHaveLength(1);
    expect(existsSync(path.join(clone, "..", "shared"))).toBe(false);
  }, 180_000);

  it("exits 1, and says why in the comment, for a base that is no commit", () => {
    unlinkSync(path.join(clone, "Pulumi.stampC.yaml"));
    const result = run("--base", "no-such-ref", "--out", "bad.md");
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("stampA  failed (exit code 1)");
    const comment = readFileSync(path.join(clone, "bad.md"), "utf8");
    expect(comment).toContain("| `stampA` | **failed (exit code 1)** |");
    expect(comment).toContain(`<pre>--base: "no-such-ref" is not a commit of ${clone}</pre>`);
  }, 60_000);
});
