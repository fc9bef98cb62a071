/**
 * tools/ci/stackSecrets.ts: the pipelines put a stamp's secret config keys (never committed) into
 * the checkout's stack file from the CI secret store, by environment variable name, through
 * `pulumi config set --secret` with the value on stdin. Against a fake `pulumi` that handles that
 * command as the real CLI does; no value ever appears in an argument or in the output.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { envName, secretKeysOf, secretsFromEnv } from "../tools/ci/secretEnv";
import { pulumiSetSecret, stackSecrets } from "../tools/ci/stackSecrets";
import { InputError } from "../tools/plan/cli";

const ROOT = path.join(__dirname, "..");
const SECRET = "s3cr3t-value-that-must-not-leak";

describe("secret keys and their variables", () => {
  it("names each of a stamp's secret keys in upper snake case; the global stack has none", () => {
    expect(secretKeysOf("stamp").map((key) => [key, envName(key)])).toEqual([
      ["hubClientSecret", "HUB_CLIENT_SECRET"],
      ["hubClientCertificatePassword", "HUB_CLIENT_CERTIFICATE_PASSWORD"],
      ["hubClientPrivateKeyPem", "HUB_CLIENT_PRIVATE_KEY_PEM"],
      ["clusterClientSecret", "CLUSTER_CLIENT_SECRET"],
      ["helperPrivateKey", "HELPER_PRIVATE_KEY"],
      ["monitoringWorkspaceKey", "MONITORING_WORKSPACE_KEY"],
    ]);
    expect(secretKeysOf("global")).toEqual([]);
  });

  it.each<[string, boolean, string | undefined]>([
    ["a value", true, SECRET],
    ["a multi-line PEM", true, "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n"],
    ["a value holding a macro among other text", true, "a$(b)c"],
    ["no variable", false, undefined],
    ["an empty variable (GitHub's value of a secret it does not have)", false, ""],
    ["Azure Pipelines' unexpanded macro of a variable the group does not have", false, "$(HUB_CLIENT_SECRET)"],
  ])("%s: provided %p", (_, provided, value) => {
    const result = secretsFromEnv("stamp", { HUB_CLIENT_SECRET: value });
    expect(result.provided.some((s) => s.key === "hubClientSecret")).toBe(provided);
    expect(result.absent.some((s) => s.key === "hubClientSecret")).toBe(!provided);
    if (provided) expect(result.provided.find((s) => s.key === "hubClientSecret")?.value).toBe(value);
  });
});

describe("the command, on an injected `pulumi config set`", () => {
  const runWith = async (argv: string[], env: Record<string, string>) => {
    const calls: string[][] = [];
    const log: string[] = [];
    const code = await stackSecrets(argv, ROOT, env, async (stack, key, value) => void calls.push([stack, key, value]), (line) => log.push(line));
    return { code, calls, log: log.join("\n") };
  };

  it("sets exactly the provided keys of a stamp, and names (never shows) them", async () => {
    const { code, calls, log } = await runWith(["--stack", "stampB"], { HUB_CLIENT_PRIVATE_KEY_PEM: SECRET, CLUSTER_CLIENT_SECRET: `${SECRET}-2`, HUB_CLIENT_SECRET: "" });
    expect(code).toBe(0);
    expect(calls).toEqual([["stampB", "hubClientPrivateKeyPem", SECRET], ["stampB", "clusterClientSecret", `${SECRET}-2`]]);
    expect(log).toBe(
      "stampB: set hubClientPrivateKeyPem (from HUB_CLIENT_PRIVATE_KEY_PEM), clusterClientSecret (from CLUSTER_CLIENT_SECRET)\n" +
        "stampB: not set, no variable: HUB_CLIENT_SECRET, HUB_CLIENT_CERTIFICATE_PASSWORD, HELPER_PRIVATE_KEY, MONITORING_WORKSPACE_KEY",
    );
    expect(log).not.toContain(SECRET);
  });

  it("sets nothing for the global stack, whatever the environment holds", async () => {
    const { calls, log } = await runWith(["--stack=global"], { HUB_CLIENT_SECRET: SECRET });
    expect(calls).toEqual([]);
    expect(log).toBe("global: no secret set");
  });

  it.each([
    [["--stack", "stampZ"], '--stack: unknown stack "stampZ"; the stacks are: global, stampA, stampB'],
    [[], "--stack is required"],
    [["--stack", "stampA", "--value", "x"], 'unknown argument "--value"'],
  ])("rejects %p", async (argv, message) => {
    await expect(runWith(argv, {})).rejects.toThrow(InputError);
    await expect(runWith(argv, {})).rejects.toThrow(message);
  });
});

describe("against a fake `pulumi` on PATH", () => {
  let bin: string;
  beforeAll(() => {
    bin = mkdtempSync(path.join(os.tmpdir(), "ci-fake-pulumi-"));
    // Stands in for `pulumi config set --secret --stack <stack> <key>` as pulumi/pulumi handles it
    // with no value argument and stdin not a terminal (pkg/cmd/pulumi/config, configSetCmd.Run): the
    // value is the whole of stdin. It records its arguments and what it read; FAKE_PULUMI_FAIL makes
    // it fail the way a broken CLI might, repeating its input on stderr.
    writeFileSync(
      path.join(bin, "pulumi"),
      [
        "#!/usr/bin/env bash",
        "set -euo pipefail",
        'printf "%s\\n" "$*" >> "$FAKE_PULUMI_DIR/argv"',
        'if [[ -n "${FAKE_PULUMI_FAIL:-}" ]]; then echo "error: could not encrypt: $(cat)" >&2; exit 255; fi',
        'cat > "$FAKE_PULUMI_DIR/stdin.${*: -1}"',
      ].join("\n") + "\n",
    );
    chmodSync(path.join(bin, "pulumi"), 0o755);
  });
  beforeEach(() => writeFileSync(path.join(bin, "argv"), ""));
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  /** The environment with the fake first on PATH. */
  const fake = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, FAKE_PULUMI_DIR: bin, ...extra });
  const command = (env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [path.join(ROOT, "node_modules", "ts-node", "dist", "bin.js"), "--transpile-only", path.join(ROOT, "tools", "ci", "stackSecrets.ts"), "--stack", "stampA"], { cwd: ROOT, encoding: "utf8", env });

  it("passes the value on stdin only", async () => {
    await pulumiSetSecret(ROOT, fake())("stampA", "hubClientSecret", `${SECRET}\nline 2\n`);
    expect(readFileSync(path.join(bin, "argv"), "utf8")).toBe("config set --secret --stack stampA hubClientSecret\n");
    expect(readFileSync(path.join(bin, "stdin.hubClientSecret"), "utf8")).toBe(`${SECRET}\nline 2\n`);
  });

  it("fails with the key, the exit code and the CLI's message, the value masked", async () => {
    const error = await pulumiSetSecret(ROOT, fake({ FAKE_PULUMI_FAIL: "1" }))("stampA", "hubClientSecret", `${SECRET}\n`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe("pulumi config set --secret hubClientSecret on stampA failed (exit code 255): error: could not encrypt: [secret]");
  });

  it("says so when there is no Pulumi CLI", async () => {
    await expect(pulumiSetSecret(ROOT, { ...process.env, PATH: path.join(bin, "nothing-here") })("stampA", "hubClientSecret", SECRET)).rejects.toThrow(new InputError("the Pulumi CLI (pulumi) is not on PATH"));
  });

  it("as a command: exit code 0, the keys named, no value in its output", () => {
    const result = command(fake({ HUB_CLIENT_SECRET: SECRET, HELPER_PRIVATE_KEY: "$(HELPER_PRIVATE_KEY)" }));
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      "stampA: set hubClientSecret (from HUB_CLIENT_SECRET)\n" +
        "stampA: not set, no variable: HUB_CLIENT_CERTIFICATE_PASSWORD, HUB_CLIENT_PRIVATE_KEY_PEM, CLUSTER_CLIENT_SECRET, HELPER_PRIVATE_KEY, MONITORING_WORKSPACE_KEY\n",
    );
    expect(readFileSync(path.join(bin, "stdin.hubClientSecret"), "utf8")).toBe(SECRET);
  }, 60_000);

  it("as a command: exit code 1 and one message when the CLI fails, no value in it", () => {
    const result = command(fake({ HUB_CLIENT_SECRET: SECRET, FAKE_PULUMI_FAIL: "1" }));
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("pulumi config set --secret hubClientSecret on stampA failed (exit code 255): error: could not encrypt: [secret]");
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  }, 60_000);
});
