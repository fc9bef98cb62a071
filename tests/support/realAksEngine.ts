/**
 * The real aks-engine-azurestack binaries (built from upstream source at their release tags, see
 * ../shared/tools/aks-engine-azurestack/README.md), unpacked once per test run. Found through
 * AZS_AKS_ENGINE_DIR, default ../shared/tools/aks-engine-azurestack. Missing binaries fail the
 * suite under CI; on a developer's machine without them the real-binary tests are skipped loudly.
 */
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { gunzipSync } from "zlib";
import { underCi } from "./ci";

export const REAL_RELEASES = ["v0.84.2", "v0.85.0"] as const;
export type RealRelease = (typeof REAL_RELEASES)[number];

export function realToolsDir(): string {
  return path.resolve(process.env.AZS_AKS_ENGINE_DIR ?? path.join(__dirname, "..", "..", "..", "shared", "tools", "aks-engine-azurestack"));
}

function archive(release: RealRelease): string {
  return path.join(realToolsDir(), `aks-engine-azurestack-${release}-linux-amd64.gz`);
}

/** True when both binaries are here; under CI their absence is an error, never a skip. */
export function realBinariesAvailable(): boolean {
  const missing = REAL_RELEASES.filter((release) => !existsSync(archive(release)));
  if (missing.length === 0) return true;
  const message = `the real aks-engine-azurestack ${missing.join(", ")} is missing in ${realToolsDir()} (set AZS_AKS_ENGINE_DIR)`;
  if (underCi()) throw new Error(message);
  console.warn(`${message}: skipping the tests against the real binary`);
  return false;
}

/** Path of the unpacked binary of a release (unpacked into the OS temp dir once, keyed by the archive's hash). */
export function realAksEngine(release: RealRelease): string {
  const packed = readFileSync(archive(release));
  const dir = path.join(tmpdir(), `azs-aks-engine-${release}-${createHash("sha256").update(packed).digest("hex").slice(0, 12)}`);
  const binary = path.join(dir, "aks-engine-azurestack");
  if (!existsSync(binary)) {
    mkdirSync(dir, { recursive: true });
    const staging = `${binary}.${process.pid}`;
    writeFileSync(staging, gunzipSync(packed));
    chmodSync(staging, 0o755);
    spawnSync("mv", ["-f", staging, binary]);
  }
  return binary;
}

/**
 * A scratch directory for this test file, removed after its tests: the real tool writes
 * `translations/` into its working directory, and `generate` writes a whole cluster PKI.
 */
export function scratchDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "aks-engine-scratch-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const helpDir = scratchDir();

/** Long flags (`--name`) a subcommand's `--help` lists, global flags included. */
export function helpFlags(binary: string, subcommand: string): Set<string> {
  const help = spawnSync(binary, [subcommand, "--help"], { encoding: "utf8", env: { ...process.env, HOME: helpDir }, cwd: helpDir });
  if (help.status !== 0) throw new Error(`${subcommand} --help failed: ${help.stderr}`);
  return new Set([...help.stdout.matchAll(/^\s+(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]));
}

/**
 * What `deploy` writes into the generated apimodel from the hub's `<ARM endpoint>/metadata/endpoints`
 * before it generates (the real tool downloads it; `generate` needs it offline, see the tools README).
 */
export function hubEnvironment(location: string, domain: string): Record<string, string> {
  return {
    name: "AzureStackCloud",
    managementPortalURL: `https://portal.${location}.${domain}/`,
    serviceManagementEndpoint: `https://management.${domain}/00000000-0000-0000-0000-000000000001`,
    resourceManagerEndpoint: `https://management.${location}.${domain}/`,
    activeDirectoryEndpoint: "https://login.microsoftonline.com/",
    graphEndpoint: "https://graph.windows.net/",
    resourceManagerVMDNSSuffix: `cloudapp.${domain}`,
    storageEndpointSuffix: `${location}.${domain}`,
    keyVaultDNSSuffix: `vault.${location}.${domain}`,
    tokenAudience: `https://management.${domain}/00000000-0000-0000-0000-000000000001`,
  };
}

/** Parameters `azuredeploy.json` declares without a default that `azuredeploy.parameters.json` leaves out. */
export function parametersWithoutValue(outputDir: string): string[] {
  const template = JSON.parse(readFileSync(path.join(outputDir, "azuredeploy.json"), "utf8")) as { parameters: Record<string, { defaultValue?: unknown }> };
  const given = JSON.parse(readFileSync(path.join(outputDir, "azuredeploy.parameters.json"), "utf8")) as { parameters: Record<string, unknown> };
  return Object.entries(template.parameters)
    .filter(([name, declared]) => declared.defaultValue === undefined && !(name in given.parameters))
    .map(([name]) => name)
    .sort();
}
