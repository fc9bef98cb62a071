/**
 * `npx ts-node --transpile-only tools/ci/stackSecrets.ts --stack <name>` (`--stack=<name>` works
 * too): sets the stack's secret config keys from the environment variables the CI job maps from its
 * secret store (tools/ci/secretEnv.ts: `HUB_CLIENT_SECRET` → `hubClientSecret`, ...), each with
 * `pulumi config set --secret --stack <name> <key>` and the value on stdin: never in a command
 * line, an error or a log. It changes only this checkout's Pulumi.<name>.yaml (encrypted by the
 * stack's secrets provider); the pipelines run it before previewing or deploying a stamp. Prints
 * the keys it set and the variables that were not set, by name. Needs the Pulumi CLI and the
 * backend's login (PULUMI_ACCESS_TOKEN). See README "Pipelines".
 * Exit code 0: done (also when no variable was set: the program then says what it misses);
 * 1: bad arguments, an unknown stack, or `pulumi config set` failed (one message on stderr).
 */
import { spawn } from "child_process";
import type { Role } from "../../config/schema";
import { redact } from "../ops/redact";
import { InputError, parseOptions, runCli } from "../plan/cli";
import { readStackFiles, stackNames } from "../plan/stackFiles";
import { secretsFromEnv } from "./secretEnv";

const USAGE = "usage: npx ts-node --transpile-only tools/ci/stackSecrets.ts --stack <name>";

export type SetSecret = (stack: string, key: string, value: string) => Promise<void>;

/**
 * The real one. `pulumi config set` reads the value from stdin when it has no value argument and
 * stdin is not a terminal, dropping one trailing newline (pulumi/pulumi pkg/cmd/pulumi/config,
 * configSetCmd.Run: `io.ReadAll(stdin)`, `cmdutil.RemoveTrailingNewline`).
 */
export function pulumiSetSecret(cwd: string, env: NodeJS.ProcessEnv): SetSecret {
  return (stack, key, value) =>
    new Promise((resolve, reject) => {
      const child = spawn("pulumi", ["config", "set", "--secret", "--stack", stack, key], { cwd, env, stdio: ["pipe", "ignore", "pipe"] });
      const err: Buffer[] = [];
      child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
      child.on("error", (e: NodeJS.ErrnoException) => reject(e.code === "ENOENT" ? new InputError("the Pulumi CLI (pulumi) is not on PATH") : e));
      child.on("close", (code) => {
        if (code === 0) return resolve();
        // The CLI does not print the value; should a future one, it still goes no further (tools/ops/redact.ts: as given, trimmed, base64).
        const stderr = redact(Buffer.concat(err).toString("utf8"), [value]).trim();
        reject(new InputError(`pulumi config set --secret ${key} on ${stack} failed (exit code ${code}): ${stderr}`));
      });
      child.stdin.on("error", () => undefined); // a CLI that exits before reading stdin: its exit code says why
      child.stdin.end(value);
    });
}

export async function stackSecrets(argv: readonly string[], root: string, env: Readonly<Record<string, string | undefined>>, set: SetSecret, log: (line: string) => void): Promise<number> {
  const { values } = parseOptions(argv, { usage: USAGE, values: ["--stack"], required: ["--stack"] });
  const stack = values["--stack"];
  const stacks = stackNames(root);
  if (!stacks.includes(stack)) throw new InputError(`--stack: unknown stack ${JSON.stringify(stack)}; the stacks are: ${stacks.join(", ")}`);
  const role = readStackFiles(root, stack).config.role as Role;
  const { provided, absent } = secretsFromEnv(role, env);
  for (const secret of provided) await set(stack, secret.key, secret.value);
  log(`${stack}: ${provided.length === 0 ? "no secret set" : `set ${provided.map((s) => `${s.key} (from ${s.env})`).join(", ")}`}`);
  if (absent.length > 0) log(`${stack}: not set, no variable: ${absent.map((s) => s.env).join(", ")}`);
  return 0;
}

async function main(): Promise<number> {
  const root = process.cwd();
  return stackSecrets(process.argv.slice(2), root, process.env, pulumiSetSecret(root, process.env), (line) => console.log(line));
}

if (require.main === module) runCli(main);
