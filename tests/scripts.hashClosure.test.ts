/**
 * A remote step changes (and so runs again) when any script it runs changes: the script itself,
 * what it sources, and what it starts, transitively (issue 12, item 3: aks-engine-worker.sh,
 * started by lib/operation.sh for deploy-cluster.sh, could drop out of the deploy step's hash).
 * The closure is read from the scripts themselves, independently of remote/scripts.ts's table,
 * and each file is changed in turn under remote/scripts.ts's hash.
 */
import { readFileSync } from "fs";
import * as path from "path";
import * as remote from "../remote/scripts";
import { ofType, planStack } from "./support/plan";

const SCRIPTS = path.join(__dirname, "..", "scripts");
const FILES = remote.HELPER_SCRIPTS as readonly string[];

/** The scripts `file` sources or starts, and the references no rule recognises (which must be none). */
function references(file: string): { found: string[]; unrecognised: string[] } {
  const found: string[] = [];
  const unrecognised: string[] = [];
  const lines = readFileSync(path.join(SCRIPTS, file), "utf8").split("\n").filter((line) => !/^\s*#/.test(line));
  for (const line of lines) {
    const sourced = /^\s*(?:source|\.)\s+"\$\(dirname "\$\{BASH_SOURCE\[0\]\}"\)\/([^"]+)"/.exec(line);
    // lib/operation.sh: OPERATION_SCRIPTS is the scripts directory (the parent of lib/).
    const started = /\bbash\s+"\$OPERATION_SCRIPTS\/([^"]+)"/.exec(line);
    if (sourced) found.push(path.posix.join(path.posix.dirname(file), sourced[1]));
    else if (started) found.push(started[1]);
    else {
      for (const [mention] of line.matchAll(/[\w./-]+\.sh\b/g)) if (path.posix.basename(mention) !== path.posix.basename(file)) unrecognised.push(`${file}: ${line.trim()}`);
    }
  }
  return { found, unrecognised };
}

function closureOf(script: string): string[] {
  const reached = new Set([script]);
  const queue = [script];
  while (queue.length > 0) {
    for (const next of references(queue.pop() as string).found) {
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  return [...reached].sort();
}

/** scriptsHash of every script, computed by a fresh remote/scripts.ts that reads `changed` with one more line. */
function hashesWithChanged(changed: string | undefined): Record<string, string> {
  let hashes: Record<string, string> = {};
  jest.isolateModules(() => {
    jest.doMock("fs", () => {
      const fs = jest.requireActual("fs");
      return {
        ...fs,
        readFileSync: (file: string, ...rest: unknown[]) => {
          const text = fs.readFileSync(file, ...rest);
          return changed !== undefined && file === path.join(SCRIPTS, changed) ? `${text}\n# changed\n` : text;
        },
      };
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh copy reading the changed file
    const fresh = require("../remote/scripts") as typeof remote;
    hashes = Object.fromEntries(Object.keys(fresh.SCRIPT_CLOSURE).map((script) => [script, fresh.scriptsHash(script as remote.HelperScript)]));
  });
  jest.dontMock("fs");
  return hashes;
}

describe("the scripts' hash closure", () => {
  it("reads every reference between the scripts (sourcing or starting one another) with a rule it knows", () => {
    expect(FILES.flatMap((file) => references(file).unrecognised)).toEqual([]);
    // what the rules find, e.g. the worker started two levels below the deploy step
    expect(closureOf("deploy-cluster.sh")).toEqual(["aks-engine-worker.sh", "deploy-cluster.sh", "lib/apimodel.sh", "lib/common.sh", "lib/operation.sh"]);
  });

  it("changes a script's hash when, and only when, a file it runs (itself, what it sources or starts, transitively) changes", () => {
    const before = hashesWithChanged(undefined);
    const scripts = Object.keys(before);
    expect(scripts.sort()).toEqual(FILES.filter((f) => !f.startsWith("lib/")).sort());
    const wrong: string[] = [];
    for (const file of FILES) {
      const after = hashesWithChanged(file);
      for (const script of scripts) {
        const runs = closureOf(script).includes(file);
        const changed = after[script] !== before[script];
        if (runs !== changed) wrong.push(`${script}: ${file} ${runs ? "runs with it but leaves its hash as it was" : "is not run by it but changes its hash"}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("is in the command text of every remote step that runs a script, so a change is an update of that step", async () => {
    const plan = await planStack("stampA");
    const work = "/home/azureuser/azs-ha/stampa";
    const commands = ofType(plan, "command:remote:Command");
    const steps = commands.filter((r) => (r.inputs as { create: string }).create.startsWith("bash "));
    // the work-dir step runs mkdir and chmod only
    expect(commands.filter((r) => !steps.includes(r)).map((r) => r.name)).toEqual(["stampa-cluster-workdir"]);
    expect(steps.length).toBe(7);
    for (const step of steps) {
      const create = (step.inputs as { create: string }).create;
      const script = new RegExp(`^bash ${work}/scripts/([\\w.-]+\\.sh) `).exec(create)?.[1] as remote.HelperScript;
      expect({ step: step.name, hash: /# scripts ([0-9a-f]{16}),/.exec(create)?.[1] }).toEqual({ step: step.name, hash: remote.scriptsHash(script) });
    }
  });
});
