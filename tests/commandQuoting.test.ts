/**
 * Every value that reaches a remote command line arrives as exactly one word, whatever it holds,
 * and nothing in it runs (issue 12, item 3: `shellQuote` returning its input unquoted went
 * unnoticed). The command lines are the plan's own `create` texts, run under real bash.
 *
 * Config values that travel in command lines (components/aksEngineCluster.ts,
 * components/clusterOperations.ts through remote/scripts.ts's scriptCommand and shellQuote; no
 * config value reaches a command in helper/cloudInit.ts or aksengine/): helperWorkDir (every
 * path), aksEngineVersion, aksEngineDownloadUrl, aksEngineSha256, hubLocation,
 * clusterResourceGroup, hubSubscriptionId, clusterClientId, hubClientId, hubAuthMethod,
 * hubIdentitySystem, deployPollSeconds, deployMaxWaitMinutes, helperAllowSecretInProcessList,
 * kubernetesVersion, nodeImageRefresh, agentPoolName, agentCount and the API server's host
 * (clusterDnsPrefix, hubLocation, the hub's domain). Validation lets shell syntax through in two of
 * them (seen 2026-12): `; & | ( ) < > * { } [ ] #` in aksEngineDownloadUrl (only blanks, quotes,
 * `$`, backquotes and backslashes are refused) and `( )` in clusterResourceGroup (Azure allows
 * them in resource group names). Quoting, not validation, keeps them inert; the rest are patterns
 * or enumerations of characters that need no quoting.
 */
import { spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { parseEnvelope } from "../aksengine/clusterState";
import { checkStackConfig } from "../config/parse";
import { scriptCommand, shellQuote } from "../remote/scripts";
import type { Plan } from "../tools/plan/evaluate";
import { CREATE_MODE, rawConfig } from "./support/configs";
import { HelperHost } from "./support/helperHost";
import { byName, planStack } from "./support/plan";

/** Shell syntax that config validation accepts (checked below), so only quoting keeps it inert. */
const HOSTILE_URL = "https://mirror.example/{version}/aks.tar.gz;touch>pwned-1&&(touch>pwned-2)|cat<x*{a,b}[ab]~#;touch>pwned-3";
const HOSTILE_RESOURCE_GROUP = "(ratings)-rg(1)";
const SHA256 = "4c7a1d1f0f7d0c7a2e5b0d6f4a8e3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d";
const REFRESH_TOKEN = "2026-12-02:a.b_c";

/** What a command line did under bash, with `bash`, `mkdir` and `chmod` replaced by a recorder of their argv. */
interface Recorded {
  readonly status: number | null;
  readonly stderr: string;
  readonly calls: string[][];
  /** What the command left in its (empty) working directory, besides the glob bait. */
  readonly leftInCwd: string[];
}

const GLOB_BAIT = "aXb";

function recordArgv(commandLine: string): Recorded {
  const dir = mkdtempSync(path.join(tmpdir(), "quoting-"));
  const cwd = path.join(dir, "cwd");
  const log = path.join(dir, "argv.log");
  mkdirSync(cwd);
  writeFileSync(path.join(cwd, GLOB_BAIT), ""); // an unquoted glob would expand to it
  const preamble = [
    `record() { { printf '%s' "$1"; shift; printf '\\x1f%s' "$@"; printf '\\x1e'; } >>${shellQuote(log)}; }`,
    'bash() { record bash "$@"; }',
    'mkdir() { record mkdir "$@"; }',
    'chmod() { record chmod "$@"; }',
  ].join("\n");
  const run = spawnSync("bash", ["-c", `${preamble}\n${commandLine}`], { cwd, encoding: "utf8" });
  let text = "";
  try {
    text = readFileSync(log, "utf8");
  } catch {
    // nothing recorded
  }
  const calls = text.split("\x1e").filter((c) => c !== "").map((c) => c.split("\x1f"));
  const leftInCwd = readdirSync(cwd).filter((f) => f !== GLOB_BAIT);
  rmSync(dir, { recursive: true, force: true });
  return { status: run.status, stderr: run.stderr, calls, leftInCwd };
}

/** Every printable ASCII character alone and inside a word, and the classic injections. */
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
const WORDS = [
  ...PRINTABLE,
  ...PRINTABLE.map((c) => `a${c}b`),
  "",
  "''",
  "a'b'c",
  "'; touch pwned-5; '",
  "$(touch pwned-6)",
  "`touch pwned-7`",
  "x;touch pwned-8",
  "x&&touch pwned-9",
  "x|touch pwned-10",
  "(touch pwned-11)",
  "a*b",
  "{a,b}",
  "~root",
  "line\nbreak",
  "tab\there",
  "-n",
  "--",
  "ünïcödé",
];

describe("shellQuote", () => {
  it("gives bash exactly the word it quotes, for every printable character and the classic injections, running none of them", () => {
    const run = recordArgv(`bash ${WORDS.map(shellQuote).join(" ")}`);
    expect({ status: run.status, stderr: run.stderr, leftInCwd: run.leftInCwd }).toEqual({ status: 0, stderr: "", leftInCwd: [] });
    expect(run.calls).toEqual([["bash", ...WORDS]]);
  });

  it("leaves words of only safe characters bare, so command lines stay readable in previews", () => {
    expect(["/home/azureuser/azs-ha/stampa/scripts/deploy-cluster.sh", "v0.85.0", "3f2b7c1e-8d4a-4e6b-9c2d-1a5e7f9b3c41", "a@b:c,d=e+f%g"].map(shellQuote)).toEqual([
      "/home/azureuser/azs-ha/stampa/scripts/deploy-cluster.sh", "v0.85.0", "3f2b7c1e-8d4a-4e6b-9c2d-1a5e7f9b3c41", "a@b:c,d=e+f%g",
    ]);
  });
});

describe("scriptCommand", () => {
  it("passes every flag value as one argument, after the script's path, and keeps the hash comment a comment", () => {
    const flags = Object.fromEntries(WORDS.map((word, i) => [`flag-${i}`, word]));
    const run = recordArgv(scriptCommand("/srv/azs-ha/stamp a;b", "deploy-cluster.sh", { ...flags, skipped: undefined, number: 30 }, 7));
    expect({ status: run.status, stderr: run.stderr, leftInCwd: run.leftInCwd }).toEqual({ status: 0, stderr: "", leftInCwd: [] });
    expect(run.calls).toEqual([["bash", "/srv/azs-ha/stamp a;b/scripts/deploy-cluster.sh", ...WORDS.flatMap((word, i) => [`--flag-${i}`, word]), "--number", "30"]]);
  });
});

describe("the stamp's command lines, with hostile values that pass validation", () => {
  const host = new HelperHost();
  const W = host.work;
  const values = {
    helperWorkDir: W,
    aksEngineDownloadUrl: HOSTILE_URL,
    aksEngineSha256: SHA256,
    clusterResourceGroup: HOSTILE_RESOURCE_GROUP,
    nodeImageRefresh: REFRESH_TOKEN,
    // (the test machine's /proc shows command lines to other users)
    helperAllowSecretInProcessList: "true",
  };
  let plan: Plan;
  beforeAll(async () => {
    plan = await planStack("stampA", { values, showSecrets: true });
  });
  const step = (name: string) => byName(plan, `stampa-cluster-${name}`).inputs as { create: string; stdin?: string };

  it("are accepted by config validation (so validation is not what keeps them harmless)", () => {
    expect(checkStackConfig(rawConfig(CREATE_MODE, { aksEngineDownloadUrl: HOSTILE_URL, aksEngineSha256: SHA256, clusterResourceGroup: HOSTILE_RESOURCE_GROUP })).problems).toEqual([]);
  });

  const identity = [
    "--location", "redmond", "--resource-group", HOSTILE_RESOURCE_GROUP,
    "--subscription-id", "3f2b7c1e-8d4a-4e6b-9c2d-1a5e7f9b3c41", "--cluster-client-id", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
  ];
  const common = [
    ...identity, "--client-id", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "--auth-method", "client_secret", "--identity-system", "azure_ad",
    "--poll-seconds", "30", "--max-wait-seconds", "10800", "--allow-secret-in-process-list", "true",
  ];
  const script = (name: string, ...args: string[]) => ["bash", `${W}/scripts/${name}`, "--work", W, ...args];
  const STEPS: [string, string[][]][] = [
    ["workdir", [["mkdir", "-p", `${W}/scripts/lib`, `${W}/bin`, `${W}/cluster/state`], ["chmod", "700", W, `${W}/cluster`]]],
    ["install-aks-engine", [script("install-aks-engine.sh", "--version", "v0.85.0", "--url", HOSTILE_URL.replace("{version}", "v0.85.0"), "--sha256", SHA256)]],
    ["restore-g1", [script("restore-cluster-state.sh", ...identity)]],
    ["deploy", [script("deploy-cluster.sh", ...common)]],
    ["operations-kubernetes-upgrade", [script("upgrade-cluster.sh", ...common, "--kubernetes-version", "1.33.10")]],
    ["operations-node-image-refresh", [script("refresh-node-images.sh", ...common, "--token", REFRESH_TOKEN)]],
    ["operations-scale", [script("scale-cluster.sh", ...common, "--node-pool", "linuxpool", "--node-count", "3", "--apiserver", "ratings-redmond.redmond.cloudapp.azurestack.contoso.com")]],
    ["apimodel-backup", [script("read-apimodel.sh")]],
  ];

  it("cover every remote command of the stamp", () => {
    const commands = plan.resources.filter((r) => r.type === "command:remote:Command").map((r) => r.name);
    expect(commands.sort()).toEqual(STEPS.map(([name]) => `stampa-cluster-${name}`).sort());
  });

  it.each(STEPS)("%s: bash hands the programs exactly the intended arguments and runs nothing else", (name, expected) => {
    const run = recordArgv(step(name).create);
    expect({ status: run.status, stderr: run.stderr, leftInCwd: run.leftInCwd }).toEqual({ status: 0, stderr: "", leftInCwd: [] });
    expect(run.calls).toEqual(expected);
  });

  it("run for real on a helper, the scripts receive them intact: the cluster's identity and aks-engine's argv hold the hostile resource group", () => {
    host.write("cluster/apimodel.input.json", plan.files[`${W}/cluster/apimodel.input.json`] as string);
    const results: Record<string, { status: number | null; stderr: string }> = {};
    let backup = "";
    // Every step but the install, which would download from the (unreachable) hostile URL; its argv is checked above.
    for (const name of ["workdir", "restore-g1", "deploy", "operations-kubernetes-upgrade", "operations-node-image-refresh", "operations-scale", "apimodel-backup"]) {
      const run = host.runLine(step(name).create, step(name).stdin ?? "");
      results[name] = { status: run.status, stderr: run.stderr };
      if (name === "apimodel-backup") backup = run.stdout;
    }
    expect(results).toEqual(Object.fromEntries(Object.keys(results).map((name) => [name, { status: 0, stderr: "" }])));
    expect(host.invocations().map((argv) => argv[argv.indexOf("--resource-group") + 1])).toEqual([HOSTILE_RESOURCE_GROUP]);
    expect(host.read("cluster/state/deploy.identity")).toContain(` resource-group=${HOSTILE_RESOURCE_GROUP} `);
    expect(host.read("cluster/state/node-image-refresh.token")).toBe(`${REFRESH_TOKEN}\n`);
    expect(parseEnvelope(backup).apimodel).toMatchObject({ location: "redmond" });
    expect(readdirSync(host.root).filter((f) => f.startsWith("pwned"))).toEqual([]);
  });
});
