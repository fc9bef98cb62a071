/** install-aks-engine.sh runs for real under bash, downloading (file://) a release archive of the fake. */
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import { mkdirSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { HELPER_SCRIPTS } from "../remote/scripts";
import { FAKE_AKS_ENGINE, HelperHost } from "./support/helperHost";
import { Check, describeFaults, itHolds } from "./support/scriptFaults";
import { underCi } from "./support/ci";

/** A release archive laid out like the real one, whose binary reports `reports` as its version. */
function releaseArchive(host: HelperHost, tag: string, reports = tag): { url: string; sha256: string } {
  const dir = path.join(host.root, "release", tag, `aks-engine-azurestack-${tag}-linux-amd64`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "aks-engine-azurestack"), `#!/usr/bin/env bash\nFAKE_AKS_VERSION=${reports} exec ${FAKE_AKS_ENGINE} "$@"\n`, { mode: 0o755 });
  const archive = path.join(host.root, "release", tag, "release.tar.gz");
  spawnSync("tar", ["-czf", archive, "-C", path.dirname(dir), path.basename(dir)]);
  return { url: `file://${archive}`, sha256: createHash("sha256").update(readFileSync(archive)).digest("hex") };
}

function install(host: HelperHost, version: string, url: string, sha256?: string) {
  return host.run("install-aks-engine.sh", ["--work", host.work, "--version", version, "--url", url, ...(sha256 ? ["--sha256", sha256] : [])]);
}

function installedVersion(host: HelperHost): string {
  return spawnSync(host.path("bin/aks-engine-azurestack"), ["version"], { encoding: "utf8", env: { ...process.env, FAKE_AKS_LOG: host.argvLog } }).stdout;
}

// The behaviours below are both tests and the checks of the fault list at the end of this file.
const installer = () => new HelperHost({ installFake: false });
const wrongChecksumRefused: Check = {
  name: "refuses an archive whose sha256 differs, keeping what was installed",
  host: installer,
  run: (host) => {
    expect(install(host, "v0.84.2", releaseArchive(host, "v0.84.2").url).status).toBe(0);
    const release = releaseArchive(host, "v0.85.0");
    const wrong = "0".repeat(64);
    const run = install(host, "v0.85.0", release.url, wrong);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`sha256 of ${release.url} is ${release.sha256}, expected ${wrong} (aksEngineSha256); not installing`);
    expect(installedVersion(host)).toContain("Version: v0.84.2");
  },
};
const versionBumpReplaces: Check = {
  name: "replaces the binary when the pinned version changes",
  host: installer,
  run: (host) => {
    expect(install(host, "v0.84.2", releaseArchive(host, "v0.84.2").url).status).toBe(0);
    expect(installedVersion(host)).toContain("Version: v0.84.2");
    const bump = install(host, "v0.85.0", releaseArchive(host, "v0.85.0").url);
    expect(bump.status).toBe(0);
    expect(installedVersion(host)).toContain("Version: v0.85.0");
  },
};
const otherVersionRefused: Check = {
  name: "refuses an archive that holds another version than the one pinned",
  host: installer,
  run: (host) => {
    const run = install(host, "v0.85.0", releaseArchive(host, "v0.85.0", "v0.84.2").url);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("contains aks-engine-azurestack v0.84.2, expected v0.85.0");
    expect(host.exists("bin/aks-engine-azurestack")).toBe(false);
  },
};
const downloadFailureNamed: Check = {
  name: "names the mirror setting when the download fails",
  host: installer,
  run: (host) => {
    const run = install(host, "v0.85.0", "file:///nonexistent/release.tar.gz");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("download of file:///nonexistent/release.tar.gz failed; for an air-gapped hub set aksEngineDownloadUrl to an internal mirror");
  },
};

describe("install-aks-engine.sh", () => {
  it("installs the pinned release after verifying its sha256, then skips it on re-runs", () => {
    const host = new HelperHost({ installFake: false });
    const release = releaseArchive(host, "v0.85.0");
    const first = install(host, "v0.85.0", release.url, release.sha256);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("sha256 verified");
    expect(first.stdout).toContain(`installed aks-engine-azurestack v0.85.0 at ${host.path("bin/aks-engine-azurestack")}`);
    expect(installedVersion(host)).toContain("Version: v0.85.0");

    // Idempotent: the same version is not downloaded again (this URL would fail).
    const again = install(host, "v0.85.0", "file:///nonexistent/release.tar.gz");
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("aks-engine-azurestack v0.85.0 is already installed");
  });

  itHolds([versionBumpReplaces, wrongChecksumRefused, otherVersionRefused, downloadFailureNamed]);
});

describe("the shell scripts (helper scripts, the fake, .ci/run, bench.sh)", () => {
  it("pass shellcheck", () => {
    const found = spawnSync("shellcheck", ["--version"]);
    if (found.error) {
      if (underCi()) throw new Error("shellcheck is not installed; .ci/run installs it (apt-get install shellcheck)");
      console.warn("shellcheck is not installed here: skipping the lint (CI runs it)");
      return;
    }
    const scripts = path.join(__dirname, "..", "scripts");
    const result = spawnSync("shellcheck", ["-x", ...HELPER_SCRIPTS, "../tests/fixtures/fake-aks-engine-azurestack", "../.ci/run", "../tools/bench.sh", "../tools/mutation.sh"], { cwd: scripts, encoding: "utf8" });
    expect(result.stdout).toBe("");
    expect(result.status).toBe(0);
  });
});

/**
 * Faults of install-aks-engine.sh these tests catch, each shown once on a broken copy of the
 * script (tests/support/scriptFaults.ts); a check is the assertion of the test of that name.
 */
describeFaults("install-aks-engine.sh: faults these tests catch", [
  { script: "install-aks-engine.sh", fault: "the checksum is not verified", edit: ["if [[ -n $sha256 ]]; then", "if false; then"], check: wrongChecksumRefused },
  { script: "install-aks-engine.sh", fault: "any installed binary counts as the pinned version", edit: ['if [[ -x $BIN ]] && [[ $(binary_version "$BIN") == "$version" ]]; then', "if [[ -x $BIN ]]; then"], check: versionBumpReplaces },
  { script: "install-aks-engine.sh", fault: "the archive's binary is not checked for the pinned version", edit: ['if [[ $got != "$version" ]]; then', "if false; then"], check: otherVersionRefused },
  { script: "install-aks-engine.sh", fault: "a failed download goes on without its message", edit: ['  die "download of $url failed;', '  true || die "download of $url failed;'], check: downloadFailureNamed },
]);
