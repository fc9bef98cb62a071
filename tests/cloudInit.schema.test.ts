/**
 * The helper VM's user data passes cloud-init's own schema check (`cloud-init schema -c`, from
 * Debian's cloud-init package; .ci/run installs it), for every stamp, with and without a hub root
 * CA. At boot cloud-init only logs schema errors (cmd/main.py validates with strict=False), so an
 * invalid cloud-config would show only as a warning in the VM's log.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { load } from "js-yaml";
import { tmpdir } from "os";
import * as path from "path";
import { renderHelperCloudInit } from "../helper/cloudInit";
import { byName, planStack } from "./support/plan";
import { underCi } from "./support/ci";

const ROOT_CA = "-----BEGIN CERTIFICATE-----\nMIIBtest-root-ca-for-the-schema-check\n-----END CERTIFICATE-----\n";
const CA_PATH = "/usr/local/share/ca-certificates/azure-stack-hub-root.crt";
/** CRLF and a lone CR, as a Windows editor or a pasted PEM gives them: the parser normalises both to LF. */
const ROOT_CA_WITH_CR = ROOT_CA.replace("\n", "\r\n").replace(/\n(?=-----END)/, "\r");

const version = spawnSync("cloud-init", ["--version"], { encoding: "utf8" });
const installed = version.error === undefined && version.status === 0;
if (!installed && !underCi()) {
  console.warn("cloud-init is not installed here: skipping the cloud-config schema check (CI runs it; apt-get install cloud-init)");
}
// Under CI a missing tool is not skipped: the schema tests fail on it.
const describeWithCloudInit = installed || underCi() ? describe : describe.skip;

let scratch: string;
let checked = 0;

/** `cloud-init schema -c` on the text: exit status and everything it printed. */
function cloudInitSchema(text: string): { status: number | null; output: string } {
  if (!installed) throw new Error("cloud-init is not installed; .ci/run installs it (apt-get install cloud-init)");
  const file = path.join(scratch, `user-data-${++checked}.yaml`);
  writeFileSync(file, text, { mode: 0o600 }); // it holds a (mock) private key
  const run = spawnSync("cloud-init", ["schema", "-c", file], { encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const cases: [string, string, Record<string, string | undefined>, boolean][] = [
  ["stampA", "stampA", {}, false],
  ["stampA with hubRootCaPem", "stampA", { hubRootCaPem: ROOT_CA }, true],
  ["stampB", "stampB", {}, true],
  ["stampB without hubRootCaPem", "stampB", { hubRootCaPem: undefined }, false],
  ["stampA with a CR-laden hubRootCaPem", "stampA", { hubRootCaPem: ROOT_CA_WITH_CR }, true],
];
const userData: Record<string, string> = {};

describe("the helper VM's cloud-config", () => {
  beforeAll(async () => {
    for (const [label, stack, values] of cases) {
      const plan = await planStack(stack, { values, showSecrets: true });
      const vm = byName(plan, `${stack.toLowerCase()}-helper-vm`).inputs as { properties: { osProfile: { customData: string } } };
      userData[label] = Buffer.from(vm.properties.osProfile.customData, "base64").toString("utf8");
    }
  });

  it.each(cases)("of %s is rendered for its stack, with the root CA where configured", (label, stack, _values, hasRootCa) => {
    expect(userData[label].includes(CA_PATH)).toBe(hasRootCa);
    expect(userData[label]).toContain(`mock-private-key-of-${stack.toLowerCase()}-helper-host-key`);
  });

  it.each(cases)("of %s installs the pinned ed25519 host key and no other type", (label) => {
    const config = load(userData[label]) as { ssh_deletekeys: unknown; ssh_genkeytypes: unknown; ssh_keys: Record<string, string>; bootcmd: unknown };
    expect(config.ssh_deletekeys).toBe(true);
    // other users on the helper cannot read aks-engine's command line (a client secret may be on it)
    expect(config.bootcmd).toEqual([["mount", "-o", "remount,hidepid=2", "/proc"]]);
    expect(config.ssh_genkeytypes).toEqual(["ed25519"]);
    expect(Object.keys(config.ssh_keys).sort()).toEqual(["ed25519_private", "ed25519_public"]);
    expect(config.ssh_keys.ed25519_private).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n[^]*\n-----END OPENSSH PRIVATE KEY-----\n$/);
    expect(config.ssh_keys.ed25519_public).toMatch(/^ssh-ed25519 AAAA\S+$/);
  });

  it("parses as YAML with a CR-laden root CA, which it installs with LF line endings", () => {
    expect(ROOT_CA_WITH_CR).toMatch(/\r\n[^]*[^\n]\r-----END/);
    const label = "stampA with a CR-laden hubRootCaPem";
    expect(userData[label]).not.toContain("\r");
    const config = load(userData[label]) as { write_files: { path: string; content: string }[] };
    expect(config.write_files.find((file) => file.path === CA_PATH)?.content).toBe(ROOT_CA);
  });

  it("installs a root CA and a host key pasted with blank lines around them exactly, without those lines", () => {
    const hostPrivateKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----\n";
    const text = renderHelperCloudInit({ hostPrivateKey: `\n${hostPrivateKey}\n`, hostPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5", rootCaPem: `\n\n${ROOT_CA}\n` });
    const config = load(text) as { ssh_keys: Record<string, string>; write_files: { path: string; content: string }[] };
    expect(config.write_files.find((file) => file.path === CA_PATH)?.content).toBe(ROOT_CA);
    expect(config.ssh_keys.ed25519_private).toBe(hostPrivateKey);
  });

  describeWithCloudInit("checked with `cloud-init schema -c`", () => {
    beforeAll(() => {
      scratch = mkdtempSync(path.join(tmpdir(), "cloud-init-schema-"));
    });
    afterAll(() => {
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    it.each(cases)("is valid for %s", (label) => {
      const result = cloudInitSchema(userData[label]);
      expect(result.output).toContain("Valid cloud-config");
      expect(result.status).toBe(0);
    });

    it("negative controls: the same check rejects invalid cloud-configs", () => {
      const valid = userData.stampA;
      const emptyGenKeyTypes = valid.replace("ssh_genkeytypes: [ed25519]\n", "ssh_genkeytypes: []\n");
      expect(emptyGenKeyTypes).not.toBe(valid);
      const rejected = cloudInitSchema(emptyGenKeyTypes);
      expect(rejected.status).not.toBe(0);
      expect(rejected.output).toContain("ssh_genkeytypes: [] is too short");

      const wrongType = cloudInitSchema(valid.replace("ssh_pwauth: false\n", "ssh_pwauth: [false]\n"));
      expect(wrongType.status).not.toBe(0);
      expect(wrongType.output).toContain("ssh_pwauth");
    });
  });
});
