/**
 * `npm run plan:diff`: the pure renderer on fixture plan pairs (tools/plan/diff/markdown.ts), the
 * unified diff, the file references of copy steps, and end-to-end runs of tools/planDiff.ts in a
 * throwaway clone of this repository under the temp directory (this tree is never modified).
 */
import { execFileSync, spawnSync } from "child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { renderPlanDiff, DiffablePlan } from "../tools/plan/diff/markdown";
import { unifiedDiff } from "../tools/plan/diff/unified";
import { diffPlans } from "../tools/plan/diff";
import { referenceSource, sha256, withFileReferences } from "../tools/plan/fileRefs";

const ROOT = path.join(__dirname, "..");
const PROVIDER = "urn:pulumi:s::p::pulumi:providers:command::default";

type Res = DiffablePlan["resources"][number];
const res = (type: string, name: string, inputs: Record<string, unknown>, extra: Partial<Res> = {}): Res => ({
  urn: `urn:pulumi:s::p::${type}::${name}`,
  type,
  name,
  provider: type.startsWith("pulumi:providers:") ? null : PROVIDER,
  inputs,
  secretInputs: [],
  ...extra,
});
const provider = res("pulumi:providers:command", "default", {});
const conn = { host: "helper", privateKey: "mock-private-key-of-helper" };
const command = (name: string, inputs: Record<string, unknown>) => res("command:remote:Command", name, { connection: conn, create: "echo", ...inputs }, { secretInputs: ["connection.privateKey"] });
const copy = (remotePath: string, text: string) => res("command:remote:CopyToRemote", `upload-${path.basename(remotePath)}`, { connection: conn, remotePath, source: { text } }, { secretInputs: ["connection.privateKey"] });
const plan = (resources: Res[], files: Record<string, unknown> = {}): DiffablePlan => ({ resources: [provider, ...resources], files });
const render = (before: DiffablePlan, after: DiffablePlan) => renderPlanDiff(before, after, { stack: "stampA", base: "main" });

describe("plan diff renderer (fixture plans)", () => {
  it("reports no changes for equal plans", () => {
    const p = plan([command("run", {})]);
    const report = render(p, p);
    expect(report.changesSomething).toBe(false);
    expect(report.markdown).toContain("**No changes** (base `main` → working tree)");
    expect(report.markdown).not.toContain("####");
  });

  it("lists created and deleted resources", () => {
    const report = render(plan([command("old", {})]), plan([command("new", {})]));
    expect(report.changesSomething).toBe(true);
    expect(report.markdown).toContain("**1 create, 0 replace, 0 update, 1 delete; 0 files on the helper changed**");
    expect(report.markdown).toMatch(/#### Created \(1\)\n\n- `new` · `command:remote:Command`/);
    expect(report.markdown).toMatch(/#### Deleted \(1\)\n\n- `old` · `command:remote:Command`/);
  });

  it("shows a replacement with the input that forces it", () => {
    const report = render(plan([command("run", { triggers: [1] })]), plan([command("run", { triggers: [2] })]));
    expect(report.markdown).toContain("#### Replaced (1)");
    expect(report.markdown).toContain("  - `triggers[0]`: `1` → `2` **forces replacement**");
  });

  it("shows an update with each changed path, old → new, and the engine's note", () => {
    const report = render(plan([command("run", { create: "echo 1", environment: { A: "x" } })]), plan([command("run", { create: "echo 2", environment: { A: "x", B: "y" } })]));
    expect(report.markdown).toContain("#### Updated (1)");
    expect(report.markdown).toContain('  - `create`: `"echo 1"` → `"echo 2"`');
    expect(report.markdown).toContain('  - `environment.B`: (added) `"y"`');
    expect(report.markdown).toContain("  - _runs `create` again_");
  });

  it("masks secrets (values at secret paths) everywhere", () => {
    const before = plan([command("run", { connection: { ...conn, privateKey: "<secret:key-1>" } })]);
    const after = plan([command("run", { connection: { ...conn, privateKey: "<secret:key-2>" } })]);
    const report = render(before, after);
    expect(report.markdown).toContain('`connection.privateKey`: `"[secret]"` → `"[secret]"`');
    expect(report.markdown).not.toMatch(/key-1|key-2|mock-private-key/);
  });

  it("shows a changed file as a unified diff and its copy step as copying again", () => {
    const before = plan([copy("/w/scripts/a.sh", "#!/bin/sh\necho 1\nexit 0\n")], { "/w/scripts/a.sh": "#!/bin/sh\necho 1\nexit 0\n" });
    const after = plan([copy("/w/scripts/a.sh", "#!/bin/sh\necho 2\nexit 0\n"), copy("/w/b.txt", "new\n")], { "/w/scripts/a.sh": "#!/bin/sh\necho 2\nexit 0\n", "/w/b.txt": "new\n" });
    const report = render(before, after);
    expect(report.files.map((f) => [f.path, f.kind])).toEqual([["/w/b.txt", "add"], ["/w/scripts/a.sh", "update"]]);
    expect(report.markdown).toContain("#### Files on the helper (2)");
    expect(report.markdown).toContain("```diff\n--- a/w/scripts/a.sh\n+++ b/w/scripts/a.sh\n@@ -1,3 +1,3 @@\n #!/bin/sh\n-echo 1\n+echo 2\n exit 0\n```");
    expect(report.markdown).toContain("--- /dev/null\n+++ b/w/b.txt\n@@ -0,0 +1,1 @@\n+new");
    // the copy step's source is a reference to the file: its sha256 changes
    expect(report.markdown).toContain(`  - \`source.sha256\`: \`"${sha256("#!/bin/sh\necho 1\nexit 0\n")}"\` → \`"${sha256("#!/bin/sh\necho 2\nexit 0\n")}"\``);
    expect(report.markdown).toContain("_copies the file again_");
  });

  it("never shows the text of a file whose source is secret", () => {
    const secretCopy = (text: string) => ({ ...copy("/w/key.pem", text), secretInputs: ["source"] });
    const report = render(plan([secretCopy("KEY-1")], { "/w/key.pem": "KEY-1" }), plan([secretCopy("KEY-2")], { "/w/key.pem": "KEY-2" }));
    expect(report.markdown).toContain("`/w/key.pem`: changed, secret: its content is not shown");
    expect(report.markdown).not.toMatch(/KEY-1|KEY-2/);
  });

  it("compares plans with inline sources and with file references as equal", () => {
    const inline = plan([copy("/w/a.sh", "x\n")], { "/w/a.sh": "x\n" });
    const referenced = withFileReferences(inline);
    expect(referenced.resources[1].inputs.source).toEqual({ file: "/w/a.sh", sha256: sha256("x\n") });
    expect(render(inline, referenced).changesSomething).toBe(false);
    // a changed reference is still a change of the copy step for the diff engine
    const changed = withFileReferences(plan([copy("/w/a.sh", "y\n")]));
    expect(diffPlans(referenced, changed).find((c) => c.name === "upload-a.sh")?.action).toBe("update");
    expect(referenceSource("command:remote:CopyToRemote", { remotePath: "/w/a.sh", source: { text: "[unknown]" } }).source).toEqual({ text: "[unknown]" });
  });
});

describe("unifiedDiff", () => {
  it("matches diff -u hunks, with separate hunks for distant changes", () => {
    const a = Array.from({ length: 15 }, (_, i) => String(i + 1)).join("\n") + "\n";
    const b = a.replace("2\n3\n", "2\nX\n3\n").replace("12\n13\n", "12\n").replace(/15\n$/, "15\nY\n");
    expect(unifiedDiff(a, b, "a/f", "b/f").text).toBe(
      ["--- a/f", "+++ b/f", "@@ -1,5 +1,6 @@", " 1", " 2", "+X", " 3", " 4", " 5", "@@ -10,6 +11,6 @@", " 10", " 11", " 12", "-13", " 14", " 15", "+Y"].join("\n"),
    );
    expect(unifiedDiff(a, a, "a/f", "b/f")).toEqual({ text: "", added: 0, removed: 0 });
  });
});

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
