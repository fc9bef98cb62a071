/**
 * `npm run deploy`: the ordered deployment (tools/deploy/orchestrate.ts) driven by a fake runner
 * (tests/support/fakeStackRunner.ts) through the command's own entry (tools/deploy.ts `deploy`,
 * on this project's stack files), the prefixed streaming, the summary and exit code, the argument
 * and stack-file errors, and the real runner's mapping of the Automation API's results and errors
 * (tools/deploy/automationRunner.ts) on stubbed stacks, plus once on the real API without a CLI.
 */
import * as automation from "@pulumi/pulumi/automation";
import type { OpMap, PreviewOptions, PreviewResult, UpdateSummary, UpOptions, UpResult } from "@pulumi/pulumi/automation";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { deploy } from "../tools/deploy";
import { automationRunner, RunnableStack } from "../tools/deploy/automationRunner";
import { DeployStack, orchestrate, planPhases, Terminal } from "../tools/deploy/orchestrate";
import { readRoles } from "../tools/deploy/stacks";
import { formatChanges, formatDuration } from "../tools/deploy/summary";
import { InputError } from "../tools/plan/cli";
import { FakeBehaviour, FakeStackRunner } from "./support/fakeStackRunner";

const ROOT = path.join(__dirname, "..");
const USAGE = "usage: npm run deploy -- [--stacks <name>[,<name>...]]... [--preview]";

function capture(): { terminal: Terminal; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { terminal: { out: (line) => out.push(line), err: (line) => err.push(line) }, out, err };
}

/** A clock that moves 1.5 s per reading, so the durations in the table are exact. */
function steppingClock(): () => number {
  let t = 0;
  return () => (t += 1500);
}

/** The summary: the lines after the blank line that ends the streamed output (streamed lines are never blank: they carry a prefix). */
const summaryOf = (out: string[]) => out.slice(out.indexOf("") + 1);
const starts = (runner: FakeStackRunner) => runner.events.filter((e) => e.startsWith("start ")).map((e) => e.slice("start ".length));

describe("ordered deployment (fake runner, this project's stacks)", () => {
  it("deploys global, then both stamps at the same time, then global again, and tabulates every run", async () => {
    const runner = new FakeStackRunner({
      global: { changes: { create: 2, same: 1 } },
      stampA: { delayMs: 30, changes: { same: 20, update: 1, create: 5 } },
      stampB: { delayMs: 90, changes: {} },
    });
    const { terminal, out, err } = capture();
    expect(await deploy([], ROOT, runner, terminal, steppingClock())).toBe(0);

    expect(runner.events).toEqual(["start global up", "end global", "start stampA up", "start stampB up", "end stampA", "end stampB", "start global up", "end global"]);
    const [a, b] = runner.runs.filter((run) => run.stack !== "global");
    expect(a.start).toBeLessThan(b.end ?? -1); // both running at once
    expect(b.start).toBeLessThan(a.end ?? -1);
    expect(summaryOf(out)).toEqual([
      "STACK   PHASE      OPERATION  RESULT     CHANGES                      DURATION",
      "global  global     up         succeeded  2 create, 1 same             1.5s",
      "stampA  stamps     up         succeeded  5 create, 1 update, 20 same  3.0s",
      "stampB  stamps     up         succeeded  -                            3.0s",
      "global  endpoints  up         succeeded  2 create, 1 same             1.5s",
      "",
      "deployment succeeded",
    ]);
    expect(out).toContain("[deploy] phase stamps: up stampA, stampB");
    expect(err).toEqual([]);
  });

  it.each<[string, FakeBehaviour, string]>([
    ["a failure result", { fail: "pulumi up failed: Process exited with status 1" }, "pulumi up failed: Process exited with status 1"],
    ["a rejected run", { reject: new Error("the runner broke") }, "the runner broke"],
  ])("a stamp ending with %s lets the other stamp finish, skips the endpoints phase and exits 1", async (_, failing, reason) => {
    const runner = new FakeStackRunner({ stampA: { delayMs: 80 }, stampB: failing });
    const { terminal, out, err } = capture();
    expect(await deploy([], ROOT, runner, terminal, steppingClock())).toBe(1);

    expect(runner.events).toEqual(["start global up", "end global", "start stampA up", "start stampB up", "end stampB", "end stampA"]);
    expect(summaryOf(out)).toEqual([
      "STACK   PHASE      OPERATION  RESULT     CHANGES  DURATION",
      "global  global     up         succeeded  3 same   1.5s",
      "stampA  stamps     up         succeeded  3 same   4.5s",
      "stampB  stamps     up         failed     -        1.5s",
      "global  endpoints  up         not run    -        -",
      "",
      `stampB (phase stamps): up failed: ${reason}`,
      "not run, because an earlier phase failed: global (phase endpoints)",
      "deployment failed",
    ]);
    expect(err).toEqual([`[deploy] stampB: up failed: ${reason}`, "[deploy] stampB failed: phase endpoints will not run"]);
  });

  it.each([
    [[], "up", "phases stamps, endpoints", "stampA (phase stamps), stampB (phase stamps), global (phase endpoints)", "deployment failed"],
    [["--preview"], "preview", "phase stamps", "stampA (phase stamps), stampB (phase stamps)", "preview failed"],
  ])("a failing first global (%j) runs nothing after it", async (argv, operation, laterPhases, notRun, verdict) => {
    const runner = new FakeStackRunner({ global: { fail: "no credentials" } });
    const { terminal, out, err } = capture();
    expect(await deploy(argv, ROOT, runner, terminal)).toBe(1);
    expect(runner.events).toEqual([`start global ${operation}`, "end global"]);
    expect(err).toEqual([`[deploy] global: ${operation} failed: no credentials`, `[deploy] global failed: ${laterPhases} will not run`]);
    expect(summaryOf(out).slice(-3)).toEqual([`global (phase global): ${operation} failed: no credentials`, `not run, because an earlier phase failed: ${notRun}`, verdict]);
  });

  it("previews global, then the stamps at the same time, and never runs up or a third phase", async () => {
    const runner = new FakeStackRunner({ stampA: { delayMs: 30 }, stampB: { delayMs: 30 } });
    const { terminal, out } = capture();
    expect(await deploy(["--preview"], ROOT, runner, terminal)).toBe(0);
    expect(runner.events).toEqual(["start global preview", "end global", "start stampA preview", "start stampB preview", "end stampA", "end stampB"]);
    expect(summaryOf(out).map((line) => line.split(/\s+/).slice(0, 4).join(" "))).toEqual([
      "STACK PHASE OPERATION RESULT",
      "global global preview succeeded",
      "stampA stamps preview succeeded",
      "stampB stamps preview succeeded",
      "",
      "preview succeeded",
    ]);
  });

  it.each([
    [["--stacks", "stampA"], ["stampA up"]],
    [["--stacks=global"], ["global up"]],
    [["--stacks", "stampB,global"], ["global up", "stampB up", "global up"]],
    [["--stacks", "stampB", "--stacks", "stampA"], ["stampA up", "stampB up"]],
    [["--stacks", "stampB,stampB"], ["stampB up"]],
    [["--stacks", "stampA,global", "--preview"], ["global preview", "stampA preview"]],
    [["--preview", "--stacks", "stampA"], ["stampA preview"]],
  ])("%j runs %j", async (argv, expected) => {
    const runner = new FakeStackRunner();
    expect(await deploy(argv, ROOT, runner, capture().terminal)).toBe(0);
    expect(starts(runner)).toEqual(expected);
  });

  it.each([
    [["--stacks", "stampZ"], '--stacks: unknown stack "stampZ"; the stacks are: global, stampA, stampB'],
    [["--stacks", "stampA,stampZ,x"], '--stacks: unknown stacks "stampZ", "x"; the stacks are: global, stampA, stampB'],
    [["--stacks", "stampA,"], '--stacks: unknown stack ""; the stacks are: global, stampA, stampB'],
    [["--stacks"], `--stacks needs a value\n${USAGE}`],
    [["--stacks", "--preview"], `--stacks needs a value\n${USAGE}`],
    [["--preview=yes"], `unknown argument "--preview=yes"\n${USAGE}`],
    [["--stack", "stampA"], `unknown argument "--stack"\n${USAGE}`],
  ])("refuses %j with an input error, before running anything", async (argv, message) => {
    const runner = new FakeStackRunner();
    const run = deploy(argv, ROOT, runner, capture().terminal);
    await expect(run).rejects.toThrow(new InputError(message));
    await expect(run).rejects.toBeInstanceOf(InputError);
    expect(runner.runs).toEqual([]);
  });
});

describe("stack roles come from the stack files", () => {
  it("reads this project's roles", () => {
    expect(readRoles(ROOT, ["global", "stampA", "stampB"])).toEqual([
      { name: "global", role: "global" },
      { name: "stampA", role: "stamp" },
      { name: "stampB", role: "stamp" },
    ]);
  });

  it.each([
    ["config:\n  azs-ha-kubernetes:role: edge\n", 'Pulumi.odd.yaml: role must be "stamp" or "global", not "edge"'],
    ["config: {}\n", "Pulumi.odd.yaml: Stack 'odd' is missing configuration value 'role'"],
  ])("refuses a stack file %j as the CLI would, naming the file", async (stackFile, message) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "azs-deploy-"));
    try {
      copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
      writeFileSync(path.join(dir, "Pulumi.odd.yaml"), stackFile);
      const runner = new FakeStackRunner();
      await expect(deploy([], dir, runner, capture().terminal)).rejects.toThrow(new InputError(message));
      expect(runner.runs).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("phases", () => {
  const stacks: DeployStack[] = [
    { name: "hub1", role: "stamp" },
    { name: "world", role: "global" },
    { name: "hub2", role: "stamp" },
  ];
  it.each([
    ["every stack, up", stacks, "up", [["global", ["world"]], ["stamps", ["hub1", "hub2"]], ["endpoints", ["world"]]]],
    ["every stack, preview", stacks, "preview", [["global", ["world"]], ["stamps", ["hub1", "hub2"]]]],
    ["global only", stacks.slice(1, 2), "up", [["global", ["world"]]]],
    ["stamps only", [stacks[0], stacks[2]], "up", [["stamps", ["hub1", "hub2"]]]],
  ] as const)("%s", (_, selected, operation, expected) => {
    const phases = planPhases(selected, operation);
    expect(phases.map((phase) => [phase.name, phase.stacks])).toEqual(expected);
    expect(phases.every((phase) => phase.operation === operation)).toBe(true);
  });
});

describe("streamed output", () => {
  it("prefixes every line with its stack and emits only whole lines, however the chunks interleave", async () => {
    const runner = new FakeStackRunner({
      stampA: { chunks: [{ out: "Updating (stampA)\nres" }, { out: "ource created\r\n", err: "warning: sl" }, { out: "done" }, { err: "ow\n" }] },
      stampB: { chunks: [{ out: "Updating (stampB)\n" }, { out: "last line without a newline" }] },
    });
    const { terminal, out, err } = capture();
    const reports = await orchestrate(planPhases([{ name: "stampA", role: "stamp" }, { name: "stampB", role: "stamp" }], "up"), runner, terminal);
    expect(reports.map((report) => report.result)).toEqual(["succeeded", "succeeded"]);

    const of = (lines: string[], stack: string) => lines.filter((line) => line.startsWith(`[${stack}] `));
    expect(of(out, "stampA")).toEqual(["[stampA] Updating (stampA)", "[stampA] resource created", "[stampA] done"]);
    expect(of(err, "stampA")).toEqual(["[stampA] warning: slow"]);
    expect(of(out, "stampB")).toEqual(["[stampB] Updating (stampB)", "[stampB] last line without a newline"]);
    expect(of(err, "stampB")).toEqual([]);
    // stampB's line came between stampA's two chunks of one line, which still came out whole.
    expect(out.indexOf("[stampB] Updating (stampB)")).toBeGreaterThan(out.indexOf("[stampA] Updating (stampA)"));
    expect(out.indexOf("[stampB] Updating (stampB)")).toBeLessThan(out.indexOf("[stampA] resource created"));
    for (const line of [...out, ...err]) expect(line).toMatch(/^\[(stampA|stampB|deploy)\] [^[]*$/);
  });
});

describe("summary cells", () => {
  it.each([
    [{}, "-"],
    [{ same: 0 }, "-"],
    [{ same: 4, delete: 1, "create-replacement": 2, create: 1, replace: 2, update: 3 }, "1 create, 3 update, 2 replace, 1 delete, 4 same, 2 create-replacement"],
  ] as [OpMap, string][])("changes %j read %j", (changes, text) => expect(formatChanges(changes)).toBe(text));

  it.each([
    [400, "0.4s"],
    [42_000, "42.0s"],
    [59_960, "1m 00s"],
    [185_000, "3m 05s"],
    [3_725_000, "1h 02m"],
  ])("%d ms reads %j", (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe("the Automation API runner (stubbed stacks)", () => {
  // Built as @pulumi/pulumi/automation/cmd.js `exec` builds them: the non-zero exit's error
  // (errors.js createCommandError picks the class from stderr), re-wrapped by exec's own catch.
  const internals = automation as unknown as {
    CommandResult: new (stdout: string, stderr: string, code: number, err?: Error) => object;
    createCommandError(result: object): Error;
  };
  const cliFailure = (stdout: string, stderr: string): Error => {
    const exit = internals.createCommandError(new internals.CommandResult(stdout, stderr, 255));
    return internals.createCommandError(new internals.CommandResult("", exit.message, -2, exit));
  };

  const SECRET = "s3cr3t-hub-client-secret-value";
  const summary = (resourceChanges: OpMap): UpdateSummary => ({
    kind: "update",
    startTime: new Date(0),
    endTime: new Date(1000),
    message: "",
    environment: {},
    config: { "azs-ha-kubernetes:hubClientSecret": { value: SECRET, secret: true } },
    result: "succeeded",
    version: 7,
    resourceChanges,
  });

  interface Stub {
    readonly calls: { method: "up" | "preview"; opts?: UpOptions | PreviewOptions }[];
    readonly stack: RunnableStack;
  }
  /** A stack whose up/preview write `output` through onOutput, then resolve with `result` or throw `error`. */
  function stubStack(result: { up?: UpResult; preview?: PreviewResult; error?: Error }, output = "Updating (stampA)\n"): Stub {
    const calls: Stub["calls"] = [];
    const settle = async <T>(value: T | undefined, opts?: UpOptions | PreviewOptions): Promise<T> => {
      opts?.onOutput?.(output);
      if (result.error) throw result.error;
      if (value === undefined) throw new Error("stub: not expected");
      return value;
    };
    return {
      calls,
      stack: {
        up: (opts) => (calls.push({ method: "up", opts }), settle(result.up, opts)),
        preview: (opts) => (calls.push({ method: "preview", opts }), settle(result.preview, opts)),
      },
    };
  }
  const upResult = (s: UpdateSummary | undefined): UpResult => ({ stdout: "", stderr: "", outputs: { workspaceKey: { value: SECRET, secret: true } }, summary: s as UpdateSummary });

  it.each([
    ["up", { up: upResult(summary({ create: 1, same: 4 })) }, { ok: true, changes: { create: 1, same: 4 } }, { color: "never", suppressProgress: true, showSecrets: false }],
    // stack.js info(): a stack without history gives no summary.
    ["up", { up: upResult(undefined) }, { ok: true, changes: {} }, { color: "never", suppressProgress: true, showSecrets: false }],
    ["preview", { preview: { stdout: "", stderr: "", changeSummary: { update: 2 } } }, { ok: true, changes: { update: 2 } }, { color: "never", suppressProgress: true, diff: true }],
  ] as const)("maps a successful %s to its change counts, with the display options it needs", async (operation, result, expected, options) => {
    const stub = stubStack(result);
    const chunks: string[] = [];
    expect(await automationRunner(async () => stub.stack).run("stampA", operation, (text) => chunks.push(text), () => undefined)).toEqual(expected);
    expect(stub.calls.map((call) => call.method)).toEqual([operation]);
    expect(stub.calls[0].opts).toEqual({ ...options, onOutput: expect.any(Function), onError: expect.any(Function) });
    expect(chunks).toEqual(["Updating (stampA)\n"]);
  });

  const FAILED_UP_STDOUT = [
    "Updating (stampA):",
    " +  command:remote:Command deploy creating (0s) error: Process exited with status 1",
    "Diagnostics:",
    "  command:remote:Command (deploy):",
    "    error: Process exited with status 1",
    "",
  ].join("\n");
  const LOCKED = "another update of stampA is running (the stack is locked): wait for it to end; if none is running, clear the stale lock with pulumi cancel --stack stampA";
  it.each([
    ["a Pulumi Cloud lock", "up", cliFailure("", "error: [409] Conflict: Another update is currently in progress.\n"), "ConcurrentUpdateError", LOCKED],
    ["a self-managed backend lock", "up", cliFailure("", "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.\n"), "ConcurrentUpdateError", LOCKED],
    ["a resource failure", "up", cliFailure(FAILED_UP_STDOUT, ""), "CommandError", "pulumi up failed: Process exited with status 1"],
    ["a failure without an error line", "preview", cliFailure("", ""), "CommandError", "pulumi preview failed"],
  ] as const)("maps %s to a one-line failure", async (_, operation, error, errorClass, reason) => {
    expect(error.name).toBe(errorClass);
    const stub = stubStack({ error });
    expect(await automationRunner(async () => stub.stack).run("stampA", operation, () => undefined, () => undefined)).toEqual({ ok: false, reason });
  });

  it.each([
    ["a stack the backend does not have", "error: no stack named 'stampA' found\n", "StackNotFoundError", "the backend you are logged in to has no stack stampA: pulumi login <backend>, or pulumi stack init stampA"],
    ["no login", "error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions\n", "CommandError", "pulumi stack select failed: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions"],
  ])("maps %s, found by selecting the stack, to a failure naming what to do", async (_, stderr, errorClass, reason) => {
    const error = cliFailure("", stderr);
    expect(error.name).toBe(errorClass);
    const result = await automationRunner(() => Promise.reject(error)).run("stampA", "up", () => undefined, () => undefined);
    expect(result).toEqual({ ok: false, reason });
  });

  it("lets an error that is not the CLI's through, for the orchestration to report", async () => {
    const stub = stubStack({ error: new TypeError("bug") });
    await expect(automationRunner(async () => stub.stack).run("stampA", "up", () => undefined, () => undefined)).rejects.toThrow(new TypeError("bug"));
  });

  it("says so when the Pulumi CLI is not on PATH (the real LocalWorkspace)", async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), "azs-no-pulumi-"));
    const saved = process.env.PATH;
    process.env.PATH = empty;
    try {
      expect(await automationRunner().run("stampA", "preview", () => undefined, () => undefined)).toEqual({
        ok: false,
        reason: "the Pulumi CLI is not on PATH (install it: https://www.pulumi.com/docs/install/)",
      });
    } finally {
      process.env.PATH = saved;
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("deploys end to end without printing a secret held in the results, and without asking for secrets", async () => {
    const stubs: Stub[] = [];
    const selected: string[] = [];
    const runner = automationRunner(async (stack) => {
      selected.push(stack);
      stubs.push(stubStack({ up: upResult(summary({ same: 9 })) }, "Outputs:\n    workspaceKey: [secret]\n"));
      return stubs[stubs.length - 1].stack;
    });
    const { terminal, out, err } = capture();
    expect(await deploy([], ROOT, runner, terminal)).toBe(0);
    expect(out).toContain("[stampB]     workspaceKey: [secret]");
    expect([...out, ...err].join("\n")).not.toContain(SECRET);
    expect(selected).toEqual(["global", "stampA", "stampB", "global"]);
    expect(stubs.flatMap((stub) => stub.calls.map((call) => call.method === "up" && (call.opts as UpOptions).showSecrets))).toEqual([false, false, false, false]);
  });
});
