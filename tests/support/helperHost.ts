/**
 * A throwaway helper-VM work directory for running the real scripts under bash, with the
 * fake aks-engine-azurestack installed where the scripts expect the real one.
 */
import { spawn, spawnSync } from "child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { HELPER_SCRIPTS } from "../../remote/scripts";

const REPO = path.join(__dirname, "..", "..");
export const FAKE_AKS_ENGINE = path.join(REPO, "tests", "fixtures", "fake-aks-engine-azurestack");

/** Every helper work directory a test file made (they hold test keys and secrets): removed after its tests. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * The argv prefix that runs a command in its own PID and mount namespace with a fresh /proc
 * mounted with `procOptions` (e.g. hidepid=2, as on a helper this project creates); "" keeps
 * the defaults. Needs root and unshare, as CI has. The command follows as "$0" "$@".
 */
export function withPrivateProc(procOptions: string): string[] {
  const remount = procOptions ? `mount -o remount,${procOptions} /proc && ` : "";
  return ["unshare", "--mount", "--pid", "--fork", "--mount-proc", "bash", "-c", `${remount}exec "$0" "$@"`];
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export class HelperHost {
  readonly root = mkdtempSync(path.join(tmpdir(), "helper-"));
  readonly work = path.join(this.root, "work");
  readonly argvLog = path.join(this.root, "aks-engine-argv.log");
  readonly scenario = path.join(this.root, "scenario");
  readonly env: Record<string, string> = {};

  /** `binary`: what to install as aks-engine-azurestack (default the fake); `installFake: false` installs nothing. */
  constructor(options: { installFake?: boolean; binary?: string } = {}) {
    made.push(this.root);
    for (const script of HELPER_SCRIPTS) {
      const target = path.join(this.work, "scripts", script);
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(path.join(REPO, "scripts", script), target);
    }
    mkdirSync(path.join(this.work, "cluster"), { recursive: true });
    if (options.installFake ?? true) {
      mkdirSync(path.join(this.work, "bin"), { recursive: true });
      copyFileSync(options.binary ?? FAKE_AKS_ENGINE, this.path("bin/aks-engine-azurestack"));
      chmodSync(this.path("bin/aks-engine-azurestack"), 0o755);
    }
  }

  path(relative: string): string {
    return path.join(this.work, relative);
  }

  exists(relative: string): boolean {
    return existsSync(this.path(relative));
  }

  read(relative: string): string {
    return readFileSync(this.path(relative), "utf8");
  }

  write(relative: string, text: string): void {
    mkdirSync(path.dirname(this.path(relative)), { recursive: true });
    writeFileSync(this.path(relative), text);
  }

  /** Behaviour of successive `deploy` calls of the fake: success | fail | panic. */
  scenarioOf(...behaviours: string[]): void {
    writeFileSync(this.scenario, behaviours.join("\n") + "\n");
  }

  /** Behaviour of successive `upgrade` or `scale` calls of the fake (see its header). */
  scenarioFor(command: "upgrade" | "scale", ...behaviours: string[]): void {
    writeFileSync(`${this.scenario}.${command}`, behaviours.join("\n") + "\n");
  }

  // TMPDIR inside the helper: the fake, like the real tool, leaves a temp file behind when it is
  // called without the worker's private TMPDIR, and those must not pile up in the machine's /tmp.
  private processEnv(): NodeJS.ProcessEnv {
    return { ...process.env, TMPDIR: this.root, FAKE_AKS_LOG: this.argvLog, FAKE_AKS_SCENARIO: this.scenario, ...this.env };
  }

  /** Runs a script as sshd would, from a directory of the helper (the real aks-engine writes `translations/` into its working directory). */
  run(script: string, args: string[], stdin = ""): RunResult {
    const result = spawnSync("bash", [this.path(`scripts/${script}`), ...args], { input: stdin, env: this.processEnv(), encoding: "utf8", timeout: 60_000, cwd: this.root });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Runs a whole command line under `bash -c`, as the command provider's SSH session hands a step's `create` to the login shell. */
  runLine(commandLine: string, stdin = ""): RunResult {
    const result = spawnSync("bash", ["-c", commandLine], { input: stdin, env: this.processEnv(), encoding: "utf8", timeout: 60_000, cwd: this.root });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /**
   * Starts a script in its own process group, as sshd runs a remote command, and resolves once
   * its stdout contains `marker`. `hangUp` then does what a dropped SSH session does: SIGHUP to
   * the whole process group (if it still runs); `finished` is how the script ended when left alone.
   */
  start(script: string, args: string[], stdin: string, marker: string): Promise<{ hangUp: () => Promise<void>; finished: Promise<RunResult> }> {
    const child = spawn("bash", [this.path(`scripts/${script}`), ...args], { env: this.processEnv(), detached: true, cwd: this.root });
    child.stdin.end(stdin);
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    let seen = "";
    const finished = new Promise<RunResult>((resolve) => child.on("close", (status) => resolve({ status, stdout: seen, stderr })));
    return new Promise((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes(marker)) {
          resolve({
            hangUp: async () => {
              try {
                process.kill(-(child.pid as number), "SIGHUP");
              } catch {
                // already gone
              }
              await finished;
            },
            finished,
          });
        }
      });
      child.on("exit", () => reject(new Error(`${script} exited before printing ${JSON.stringify(marker)}: ${seen}`)));
    });
  }

  /** Kills the detached worker's whole session (it runs under setsid), as a helper reboot would. */
  killWorker(operation = "deploy"): void {
    const pattern = `aks-engine-worker.sh --work ${this.work} --operation ${operation} `;
    const pid = Number(spawnSync("pgrep", ["-f", pattern], { encoding: "utf8" }).stdout.trim().split("\n")[0]);
    if (!pid) throw new Error(`no ${operation} worker is running`);
    process.kill(-pid, "SIGKILL");
  }

  /** Every recorded aks-engine-azurestack invocation, as argv arrays. */
  invocations(): string[][] {
    if (!existsSync(this.argvLog)) return [];
    return readFileSync(this.argvLog, "utf8")
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => line.split("\t"));
  }

  /** Everything the aks-engine-azurestack stand-in saw in its environments, as one text. */
  environments(): string {
    return existsSync(`${this.argvLog}.env`) ? readFileSync(`${this.argvLog}.env`, "utf8") : "";
  }

  shell(command: string): string {
    // TMPDIR: as processEnv (tests call the fake directly through here)
    return spawnSync("bash", ["-c", command], { encoding: "utf8", cwd: this.root, env: { ...process.env, TMPDIR: this.root } }).stdout;
  }
}
