/**
 * What the helper scripts do against the credential's exposure and against silent drift, run for
 * real under bash against the fake aks-engine-azurestack: no secret in aks-engine's argv or
 * environment with certificate sign-in; a client secret (which aks-engine only takes as a flag) only
 * where /proc hides command lines; a changed cluster secret refused on retry; the cluster's
 * identity recorded by a restore and covering its service principal.
 */
import { spawnSync } from "child_process";
import { CLIENT, CLUSTER_SECRET, deployArgs, identityArgs, newHost, SECRET, stdin, SUBSCRIPTION, restoreInput } from "./support/deployScenario";
import { HelperHost, withPrivateProc } from "./support/helperHost";
import { Check, describeFaults, itHolds } from "./support/scriptFaults";

const KEY = "-----BEGIN PRIVATE KEY-----\nplanted-key-material\n-----END PRIVATE KEY-----";
const OTHER_CLIENT = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const withoutOptIn = (args: string[]) => args.filter((a, i) => a !== "--allow-secret-in-process-list" && args[i - 1] !== "--allow-secret-in-process-list");

/** Runs deploy-cluster.sh with /proc mounted with the given options (see withPrivateProc). */
function deployWithProc(host: HelperHost, procOptions: string, args: string[], input: string) {
  const [command, ...prefix] = withPrivateProc(procOptions);
  const result = spawnSync(command, [...prefix, "bash", host.path("scripts/deploy-cluster.sh"), ...args], {
    input,
    encoding: "utf8",
    env: { ...process.env, FAKE_AKS_LOG: host.argvLog, FAKE_AKS_SCENARIO: host.scenario, ...host.env },
    cwd: host.root,
  });
  if (result.error || /unshare: /.test(result.stderr)) throw new Error(`cannot make a private /proc here (root and unshare needed): ${result.error ?? result.stderr}`);
  return result;
}

// Tests that are also the checks of the fault list at the end of this file (tests/support/scriptFaults.ts).
const refusesWithoutHidepid: Check = {
  name: "with client-secret sign-in, refuses to start aks-engine where /proc shows command lines to other users",
  host: newHost,
  run: (host) => {
    const run = deployWithProc(host, "", withoutOptIn(deployArgs(host)), stdin());
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      "with client-secret sign-in aks-engine-azurestack takes the secret on its command line, and /proc on this helper is mounted without hidepid, so other users can read it while aks-engine runs. " +
        "Remount it (sudo mount -o remount,hidepid=2 /proc, and add hidepid=2 to its /etc/fstab line), or sign in with a certificate (hubAuthMethod client_certificate), " +
        "or accept the exposure with: pulumi config set helperAllowSecretInProcessList true",
    );
    expect(run.stderr).not.toContain(SECRET);
    expect(host.invocations()).toEqual([]);
  },
};

const refusesOtherServicePrincipal: Check = {
  name: "another cluster service principal after the deploy",
  host: newHost,
  run: (host) => {
    expect(host.run("deploy-cluster.sh", deployArgs(host), stdin()).status).toBe(0);
    const args = deployArgs(host).map((a, i, all) => (all[i - 1] === "--cluster-client-id" ? OTHER_CLIENT : a));
    const refused = host.run("deploy-cluster.sh", args, stdin());
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`, not 'location=redmond resource-group=ratings-rg subscription=${SUBSCRIPTION} cluster-client-id=${OTHER_CLIENT}'`);
    expect(refused.stderr).toContain("the location, resource group, subscription and service principal (clusterClientId) of a cluster cannot change here");
  },
};

const restoreRecordsIdentity: Check = {
  name: "a changed resource group after a restore on a rebuilt helper (the restore records the identity)",
  host: newHost,
  run: (host) => {
    const original = newHost();
    expect(original.run("deploy-cluster.sh", deployArgs(original), stdin()).status).toBe(0);
    const rebuilt = host;
    expect(rebuilt.run("restore-cluster-state.sh", identityArgs(rebuilt), restoreInput(original.read("cluster/_output/apimodel.json"))).status).toBe(0);
    expect(rebuilt.read("cluster/state/deploy.identity")).toBe(original.read("cluster/state/deploy.identity"));
    const moved = rebuilt.run("deploy-cluster.sh", deployArgs(rebuilt).map((a) => (a === "ratings-rg" ? "ratings-rg2" : a)), stdin());
    expect(moved.status).toBe(1);
    expect(moved.stderr).toContain("this helper's cluster was deployed as 'location=redmond resource-group=ratings-rg ");
    expect(rebuilt.invocations().map((argv) => argv[0])).toEqual(["generate"]);
  },
};

const sanitizes: Check = {
  name: "lib/common.sh's sanitize removes colours, the literal secrets it is given, secret-bearing flags' values and whole private-key blocks",
  run: (host) => {
    const log = [
      "\x1b[32mINFO\x1b[0m signing in with planted-literal",
      "running: deploy --client-secret planted-flag-value --location redmond",
      "-----BEGIN RSA PRIVATE KEY-----",
      "planted-key-line",
      "-----END RSA PRIVATE KEY-----",
      "done",
    ].join("\n");
    const run = spawnSync("bash", ["-c", 'source "$1" && sanitize planted-literal ""', "_", host.path("scripts/lib/common.sh")], { input: log, encoding: "utf8" });
    expect(run.stdout).toBe(
      ["INFO signing in with [redacted]", "running: deploy --client-secret [redacted] --location redmond", "[redacted private key]", "done", ""].join("\n"),
    );
  },
};

describe("the credential on the helper", () => {
  itHolds([sanitizes]);

  it("with certificate sign-in, no secret reaches aks-engine's argv or environment (the key is a 0600 file removed afterwards)", () => {
    const host = newHost();
    expect(host.run("deploy-cluster.sh", deployArgs(host, [], "client_certificate"), stdin(KEY)).status).toBe(0);
    const argv = host.invocations().flat().join("\n");
    for (const secret of ["planted-key-material", CLUSTER_SECRET]) {
      expect({ secret, inArgv: argv.includes(secret), inEnvironment: host.environments().includes(secret) }).toEqual({ secret, inArgv: false, inEnvironment: false });
    }
    expect(host.environments()).toContain("TMPDIR="); // the recording works
    expect(host.exists("cluster/state/credential")).toBe(false);
  });

  itHolds([refusesWithoutHidepid]);

  it.each(["hidepid=2", "hidepid=invisible", "hidepid=1"])("runs it where /proc is mounted with %s, with the secret in no environment", (options) => {
    const host = newHost();
    const run = deployWithProc(host, options, withoutOptIn(deployArgs(host)), stdin());
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(host.invocations().map((argv) => argv[0])).toEqual(["deploy"]);
    expect(host.environments()).not.toContain(SECRET);
  });
});

describe("drift the deploy step refuses instead of ignoring", () => {
  it("a changed cluster secret after a failed attempt: the retry would keep the old one in the generated apimodel", () => {
    const host = newHost();
    host.scenarioOf("fail", "success");
    expect(host.run("deploy-cluster.sh", deployArgs(host), stdin()).status).toBe(1);
    const refused = host.run("deploy-cluster.sh", deployArgs(host), stdin(SECRET, "rotated-cluster-secret"));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      "the cluster service principal's secret (clusterClientSecret, or hubClientSecret when that is unset) changed after deploy attempt 1 failed, " +
        `and a retry reuses the generated ${host.path("cluster/_output/apimodel.json")} (to keep the cluster's certificates), which holds the previous secret, so the nodes would keep it.`,
    );
    expect(refused.stderr).not.toContain("rotated-cluster-secret");
    expect(host.invocations()).toHaveLength(1);
    expect(host.run("deploy-cluster.sh", deployArgs(host), stdin()).status).toBe(0);
  });

  itHolds([refusesOtherServicePrincipal]);

  itHolds([restoreRecordsIdentity]);

  it("accepts a cluster recorded before the identity named its service principal, and records it now", () => {
    const host = newHost();
    host.write("cluster/state/deploy.identity", `location=redmond resource-group=ratings-rg subscription=${SUBSCRIPTION}\n`);
    host.write("cluster/state/deployed", "2026-11-01T00:00:00Z\n");
    const run = host.run("deploy-cluster.sh", deployArgs(host), stdin());
    expect(run.stdout).toContain("the cluster is already deployed");
    expect(host.read("cluster/state/deploy.identity")).toBe(`location=redmond resource-group=ratings-rg subscription=${SUBSCRIPTION} cluster-client-id=${CLIENT}\n`);
  });
});

/**
 * Faults these tests catch, each shown once on a broken copy of the script (tests/support/
 * scriptFaults.ts); a fault's check is the test of that name above.
 */
describeFaults("lib/common.sh and the restore's identity: faults these tests catch", [
  { script: "lib/common.sh", fault: "a client secret goes on aks-engine's command line where /proc shows it to other users",
    edit: ["  [[ ${1:-} == true ]] && return 0", "  return 0"], check: refusesWithoutHidepid },
  { script: "lib/common.sh", fault: "another cluster identity than the recorded one is accepted",
    edit: ['  if [[ -f $IDENTITY && $(cat "$IDENTITY") != "$identity" ]]; then', "  if false; then"], check: refusesOtherServicePrincipal },
  { script: "lib/common.sh", fault: "colours stay in the logs", edit: ["sed -u -E $'s/\\x1b\\\\[[0-9;]*[A-Za-z]//g'", "cat"], check: sanitizes },
  { script: "lib/common.sh", fault: "the value of --client-secret stays in the logs", edit: ["(--client-secret|--secret|--private-key-password)", "(--secret|--private-key-password)"], check: sanitizes },
  { script: "lib/common.sh", fault: "private-key blocks stay in the logs", edit: ["/,/-----END [A-Z ]*PRIVATE KEY-----/c\\[redacted private key]'", "/p'"], check: sanitizes },
  { script: "restore-cluster-state.sh", fault: "a restore does not record the cluster's identity, so a rebuilt helper accepts another one",
    edit: ['cluster_identity "$location" "$resource_group" "$subscription_id" "$cluster_client_id" >"$IDENTITY"', "true"], check: restoreRecordsIdentity },
]);
