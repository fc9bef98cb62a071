/**
 * The plan diff of pull requests, in process: the Markdown renderer on fixture plan pairs
 * (tools/plan/diff/markdown.ts), the unified diff of files on the helper, and the file references
 * of copy steps. The CLI's end-to-end runs are tests/planDiff.cli.test.ts.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { code, renderPlanDiff, DiffablePlan } from "../tools/plan/diff/markdown";
import { unifiedDiff } from "../tools/plan/diff/unified";
import { diffPlans } from "../tools/plan/diff";
import { referenceSource, sha256, withFileReferences } from "../tools/plan/fileRefs";

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

describe("plan diff renderer: the whole comment", () => {
  it("is laid out as GitHub renders it: one blank line between blocks, around the fenced diff inside <details>, and the closing note last", () => {
    const report = render(plan([command("run", { create: "echo 1" })], { "/w/a.sh": "a\nb\n" }), plan([command("run", { create: "echo 2" }), command("new", {})], { "/w/a.sh": "a\nc\n" }));
    expect(report.markdown.split("\n")).toEqual([
      "### Offline plan diff: stack `stampA`",
      "",
      "**1 create, 0 replace, 1 update, 0 delete; 1 file on the helper changed** (base `main` → working tree)",
      "",
      "#### Created (1)",
      "",
      "- `new` · `command:remote:Command`",
      "",
      "#### Updated (1)",
      "",
      "- `run` · `command:remote:Command`",
      '  - `create`: `"echo 1"` → `"echo 2"`',
      "  - _runs `create` again_",
      "",
      "#### Files on the helper (1)",
      "",
      "<details>",
      "<summary><code>/w/a.sh</code>: changed (+1 −1)</summary>",
      "",
      "```diff",
      "--- a/w/a.sh",
      "+++ b/w/a.sh",
      "@@ -1,2 +1,2 @@",
      " a",
      "-b",
      "+c",
      "```",
      "",
      "</details>",
      "",
      "_Evaluated offline with mock values (no credentials); secrets are masked. Ids and outputs of replaced resources do not change offline: look at what depends on a replaced resource._",
      "",
    ]);
  });
});

describe("plan diff renderer: files, removals, code spans", () => {
  it("a file that differs alone is a change: counted in the summary, shown, and exit code 2", () => {
    const report = render(plan([], { "/w/a.txt": "1\n" }), plan([], { "/w/a.txt": "2\n" }));
    expect(report.changesSomething).toBe(true);
    expect(report.markdown).toContain("**0 create, 0 replace, 0 update, 0 delete; 1 file on the helper changed** (base `main` → working tree)");
    expect(report.markdown).toContain("<summary><code>/w/a.txt</code>: changed (+1 −1)</summary>");
  });

  it("a removed file diffs against /dev/null; an unknown one (preview) says so", () => {
    const report = render(plan([], { "/w/gone.sh": "a\nb\n", "/w/later.sh": "x\n" }), plan([], { "/w/later.sh": "[unknown]" }));
    expect(report.files).toEqual([
      { path: "/w/gone.sh", kind: "delete", diff: "--- a/w/gone.sh\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b", added: 0, removed: 2 },
      { path: "/w/later.sh", kind: "update", added: 0, removed: 0, note: "not known offline (preview)" },
    ]);
    expect(report.markdown).toContain("**0 create, 0 replace, 0 update, 0 delete; 2 files on the helper changed**");
    expect(report.markdown).toContain("<summary><code>/w/gone.sh</code>: removed (+0 −2)</summary>");
    expect(report.markdown).toContain("- `/w/later.sh`: changed, not known offline (preview)");
  });

  it.each([["source"], ["source.text"], ["source[0]"]])("hides the text of a file whose copy step holds %s as a secret", (secretPath) => {
    const secretCopy = (text: string) => ({ ...copy("/w/key.pem", text), secretInputs: [secretPath] });
    const report = render(plan([secretCopy("KEY-1")], { "/w/key.pem": "KEY-1" }), plan([secretCopy("KEY-2")], { "/w/key.pem": "KEY-2" }));
    expect(report.files).toEqual([{ path: "/w/key.pem", kind: "update", added: 0, removed: 0, note: "secret: its content is not shown" }]);
    expect(report.markdown).not.toMatch(/KEY-1|KEY-2/);
  });

  it("shows a removed input as old (removed), and the engine's notes with Markdown escaped", () => {
    const report = render(plan([command("run", { environment: { A: "x", B_C: "y" } })]), plan([command("run", { environment: { A: "x" } })]));
    expect(report.markdown).toContain('  - `environment.B_C`: `"y"` (removed)');
    expect(report.markdown).toContain("  - _runs `create` again_");
    const deleted = render(plan([command("run", {})].map((r) => ({ ...r, options: { retainOnDelete: true } }))), plan([]));
    expect(deleted.markdown).toContain("  - _retainOnDelete: Pulumi forgets it, it is not deleted_");
    // a note holding Markdown's emphasis characters keeps them literal inside the note's own emphasis
    const reference = (id: string) => res("pulumi:pulumi:StackReference", "global", { id, name: id }, { provider: null });
    const moved = render(plan([reference("org/p/stamp_a")]), plan([reference("org/p/stamp*b")]));
    expect(moved.markdown).toContain("  - _reads another stack: org/p/stamp\\_a → org/p/stamp\\*b_");
  });

  it("keeps backticks in names and values inside their code spans", () => {
    expect(code("plain")).toBe("`plain`");
    expect(code("a`b")).toBe("``a`b``");
    expect(code("`edge")).toBe("`` `edge ``");
    expect(code("edge`")).toBe("`` edge` ``");
    expect(code("``")).toBe("``` `` ```");
    const report = render(plan([], { "/w/a.md": "```\n" }), plan([], { "/w/a.md": "```js\n" }));
    expect(report.markdown).toContain("````diff\n--- a/w/a.md\n+++ b/w/a.md\n@@ -1,1 +1,1 @@\n-```\n+```js\n````");
  });

  it("names the base commit when it is known, and says when the stack is new", () => {
    const report = renderPlanDiff(plan([]), plan([command("run", {})]), { stack: "stampC", base: "origin/main", baseCommit: "0123456789abcdef0123", newStack: true });
    expect(report.markdown).toContain("### Offline plan diff: stack `stampC`\n\n**1 create, 0 replace, 0 update, 0 delete; 0 files on the helper changed** (base `origin/main` (`0123456789ab`) → working tree)\n\nThe stack has no stack file at the base: everything is created.");
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

  it("merges changes at most 2 × context lines apart into one hunk, as diff -u does", () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `l${i + 1}`);
    const text = (l: string[]) => l.join("\n") + "\n";
    const hunks = (gap: number) => {
      const old = lines(gap + 2);
      const neu = [...old];
      neu[0] = "X";
      neu[gap + 1] = "Y";
      return unifiedDiff(text(old), text(neu), "a", "b").text.split("\n").filter((l) => l.startsWith("@@"));
    };
    expect(hunks(6)).toEqual(["@@ -1,8 +1,8 @@"]);
    expect(hunks(7)).toEqual(["@@ -1,4 +1,4 @@", "@@ -6,4 +6,4 @@"]);
    expect(unifiedDiff("a\n", "a", "a", "b").text).toBe("--- a\n+++ b\n(only the newline at the end of the file differs)");
  });

  it("is a patch that GNU patch applies, on random edits of random files", () => {
    // mulberry32: the same cases every run
    let seed = 12;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = (n: number) => Math.floor(random() * n);
    const dir = mkdtempSync(path.join(os.tmpdir(), "azs-unified-"));
    try {
      for (let round = 0; round < 60; round++) {
        // few distinct lines, so that the longest common subsequence has ties to break
        const old = Array.from({ length: pick(25) }, () => "abcd"[pick(4)]);
        const neu = [...old];
        for (let edit = pick(6); edit > 0; edit--) {
          const at = pick(neu.length + 1);
          if (pick(2) === 0 && neu.length > 0) neu.splice(Math.min(at, neu.length - 1), 1);
          else neu.splice(at, 0, "abcde"[pick(5)]);
        }
        const [a, b] = [old.map((l) => `${l}\n`).join(""), neu.map((l) => `${l}\n`).join("")];
        const diff = unifiedDiff(a, b, "a/f", "b/f");
        const ops = diff.text.split("\n").filter((l) => /^[-+ ]/.test(l) && !/^(---|\+\+\+) /.test(l));
        expect([diff.added, diff.removed]).toEqual([ops.filter((l) => l[0] === "+").length, ops.filter((l) => l[0] === "-").length]);
        if (a === b) {
          expect(diff.text).toBe("");
          continue;
        }
        writeFileSync(path.join(dir, "f"), a);
        writeFileSync(path.join(dir, "f.patch"), `${diff.text}\n`);
        const patched = spawnSync("patch", ["--silent", "--force", "-F0", "f", "f.patch"], { cwd: dir, encoding: "utf8" });
        expect({ round, a, b, status: patched.status, stderr: patched.stderr }).toEqual({ round, a, b, status: 0, stderr: "" });
        expect(readFileSync(path.join(dir, "f"), "utf8")).toBe(b);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
