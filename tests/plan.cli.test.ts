/**
 * `npm run plan` as a newcomer meets it: options as `--name value` or `--name=value`, and every
 * failure one line on stderr naming what to do, never a Node stack trace.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { stackNames } from "../tools/plan/stackFiles";

const ROOT = path.join(__dirname, "..");

function plan(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(path.join(ROOT, "node_modules", ".bin", "ts-node"), ["--transpile-only", "tools/plan.ts", ...args], { cwd: ROOT, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("npm run plan", () => {
  it.each([[["--stack", "stampZ"]], [["--stack=stampZ"]]])("with an unknown stack (%j) lists the stacks there are", (args) => {
    expect(stackNames(ROOT)).toEqual(expect.arrayContaining(["global", "stampA", "stampB"]));
    expect(plan(...args)).toEqual({
      status: 1,
      stdout: "",
      stderr: `unknown stack "stampZ": there is no Pulumi.stampZ.yaml; the stacks are: ${stackNames(ROOT).join(", ")}\n`,
    });
  });

  it("with a globalStack its stack references do not list (another organisation) says which file and option to use", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "azs-plan-"));
    try {
      const fixture = JSON.parse(readFileSync(path.join(ROOT, "tools", "plan", "stack-references.json"), "utf8")) as Record<string, unknown>;
      delete fixture["organization/azs-ha-kubernetes/global"];
      const references = path.join(dir, "references.json");
      writeFileSync(references, JSON.stringify(fixture));
      const run = plan("--stack=stampA", `--out=${path.join(dir, "plan.json")}`, `--stack-references=${references}`);
      expect(run).toEqual({
        status: 1,
        stdout: "",
        stderr:
          'unknown stack "organization/azs-ha-kubernetes/global": the offline plan\'s stack references (tools/plan/stack-references.json, or the file given with ' +
          "--stack-references <file>) do not list it; add it with its outputs to a copy of that file, and pass the copy with --stack-references <file>\n",
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
