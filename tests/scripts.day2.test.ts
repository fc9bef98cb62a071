/**
 * The day-2 scripts (upgrade-cluster.sh, refresh-node-images.sh, scale-cluster.sh) and the
 * detached-run machinery they share with deploy-cluster.sh (scripts/lib/operation.sh,
 * aks-engine-worker.sh), run for real under bash against the fake aks-engine-azurestack on a
 * cluster deployed by deploy-cluster.sh. tests/aksengine.real.test.ts checks their flags against
 * the real binaries' --help and their apimodel parsing against the real binaries' output.
 */
import { spawnSync } from "child_process";
import { existsSync, readdirSync, readFileSync } from "fs";
import * as path from "path";
import { HELPER_SCRIPTS } from "../remote/scripts";
import { CLUSTER_SECRET_PLACEHOLDER } from "../aksengine/rules";
import { CLIENT, CLUSTER_SECRET, deployArgs, newHost, SECRET, stdin, SUBSCRIPTION } from "./support/deployScenario";
import { HelperHost } from "./support/helperHost";
import { Check, describeFaults, hostWithClusterOf, itHolds } from "./support/scriptFaults";

const KEY = "-----BEGIN PRIVATE KEY-----\nplanted-key-material\n-----END PRIVATE KEY-----";
const APISERVER = "ratings-redmond.redmond.cloudapp.azurestack.contoso.com";
const POOL = "linuxpool";
/** An uploaded apimodel with what the day-2 operations read: the Kubernetes version and a node pool. */
const DAY2_APIMODEL =
  JSON.stringify(
    {
      apiVersion: "vlabs",
      location: "redmond",
      properties: {
        orchestratorProfile: { orchestratorType: "Kubernetes", orchestratorVersion: "1.33.10" },
        masterProfile: { count: 3, dnsPrefix: "ratings-redmond", vmSize: "Standard_DS2_v2" },
        agentPoolProfiles: [{ name: POOL, count: 3, vmSize: "Standard_DS2_v2", availabilityProfile: "AvailabilitySet" }],
        servicePrincipalProfile: { clientId: CLIENT, secret: CLUSTER_SECRET_PLACEHOLDER },
      },
    },
    null,
    2,
  ) + "\n";

/** A helper whose cluster deploy-cluster.sh deployed (with the fake), at Kubernetes 1.33.10 with 3 nodes. */
function deployedHost(authMethod = "client_secret"): HelperHost {
  const host = newHost();
  host.write("cluster/apimodel.input.json", DAY2_APIMODEL);
  host.write("cluster/client-certificate.pem", "-----BEGIN CERTIFICATE-----\nplanted-certificate\n-----END CERTIFICATE-----\n");
  const deploy = host.run("deploy-cluster.sh", deployArgs(host, [], authMethod), stdin(authMethod === "client_secret" ? SECRET : KEY));
  if (deploy.status !== 0) throw new Error(`deploy failed: ${deploy.stderr}`);
  return host;
}

let deployedOnce: HelperHost | undefined;
/** A helper with the files of a cluster deployedHost deployed once for this file (copied: faster than deploying again). */
const deployedCopy = () => hostWithClusterOf((deployedOnce ??= deployedHost()));

/** The flags the program passes to every day-2 script (the deploy step's), then the script's own. */
const args = (host: HelperHost, extra: string[], authMethod = "client_secret") => deployArgs(host, extra, authMethod);
const upgradeTo = (host: HelperHost, version: string, extra: string[] = []) => args(host, ["--kubernetes-version", version, ...extra]);
const refreshFor = (host: HelperHost, token: string) => args(host, ["--token", token]);
const scaleTo = (host: HelperHost, count: number, extra: string[] = []) => args(host, ["--node-pool", POOL, "--node-count", String(count), "--apiserver", APISERVER, ...extra]);

function hubArgv(authMethod = "client_secret"): string[] {
  return [
    "--azure-env", "AzureStackCloud", "--location", "redmond", "--resource-group", "ratings-rg", "--subscription-id", SUBSCRIPTION,
    "--client-id", CLIENT, "--auth-method", authMethod, "--identity-system", "azure_ad",
  ];
}
const apimodelPath = (host: HelperHost) => host.path("cluster/_output/apimodel.json");
const upgradeArgv = (host: HelperHost, version: string) => ["upgrade", ...hubArgv(), "--api-model", apimodelPath(host), "--upgrade-version", version, "--client-secret", SECRET];
const refreshArgv = (host: HelperHost, version: string) => ["upgrade", ...hubArgv(), "--api-model", apimodelPath(host), "--upgrade-version", version, "--force", "--client-secret", SECRET];
const scaleArgv = (host: HelperHost, count: number) =>
  ["scale", ...hubArgv(), "--api-model", apimodelPath(host), "--new-node-count", String(count), "--node-pool", POOL, "--apiserver", APISERVER, "--client-secret", SECRET];

/** The aks-engine calls after the deploy. */
const day2Calls = (host: HelperHost) => host.invocations().filter((argv) => argv[0] !== "deploy");
const generated = (host: HelperHost) => JSON.parse(host.read("cluster/_output/apimodel.json"));
const deployedVersion = (host: HelperHost) => generated(host).properties.orchestratorProfile.orchestratorVersion;
const poolCount = (host: HelperHost) => generated(host).properties.agentPoolProfiles[0].count;
const overlaps = (host: HelperHost) => (existsSync(`${host.argvLog}.overlaps`) ? readFileSync(`${host.argvLog}.overlaps`, "utf8") : "");

/** Nothing secret-bearing or stale is left in the state directory once no operation runs. */
function leftovers(host: HelperHost): string[] {
  return host
    .shell(`ls ${host.path("cluster/state")}`)
    .split("\n")
    .filter((f) => f.startsWith("tmp.") || f.startsWith("credential") || f === "apimodel.deploy.json");
}

// Tests that are also the checks of the fault list at the end of this file (tests/support/scriptFaults.ts).
const upgradesExactly: Check = {
  name: "upgrades with the exact hub flags, never --force, reports progress, and leaves no secret behind",
  host: deployedCopy,
  run: (host) => {
    host.env.FAKE_AKS_UPGRADE_SECONDS = "3";
    const run = host.run("upgrade-cluster.sh", upgradeTo(host, "1.34.4"), SECRET);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(day2Calls(host)).toEqual([upgradeArgv(host, "1.34.4")]);
    expect(run.stdout).toContain("upgrading the cluster from Kubernetes 1.33.10 to 1.34.4");
    expect(run.stdout).toMatch(/upgrade running, \d+s so far \(attempt 1\); last: INFO Master nodes StorageProfile: ManagedDisks\n/);
    expect(run.stdout).toContain("aks-engine-azurestack upgrade succeeded (attempt 1)");
    expect(deployedVersion(host)).toBe("1.34.4");
    // aks-engine's format stays: two-space indentation and a final newline
    expect(host.read("cluster/_output/apimodel.json")).toBe(JSON.stringify(generated(host), null, 2) + "\n");
    expect(host.read("cluster/state/apimodel.release")).toBe("v0.85.0\n");
    const log = host.read("cluster/state/upgrade.log");
    expect(log).toContain("running: aks-engine-azurestack upgrade --azure-env AzureStackCloud");
    expect(run.stdout + run.stderr + log).not.toContain(SECRET);
    expect(log).not.toContain("\x1b[");
    expect(leftovers(host)).toEqual([]);
  },
};

const upgradeNoOpAtTarget: Check = {
  name: "does nothing when the generated apimodel already has the target version, also right after an upgrade",
  host: deployedCopy,
  run: (host) => {
    const same = host.run("upgrade-cluster.sh", upgradeTo(host, "1.33.10"), SECRET);
    expect(same.status).toBe(0);
    expect(same.stdout).toContain("the cluster is already at Kubernetes 1.33.10; nothing to do");
    expect(day2Calls(host)).toEqual([]);

    expect(host.run("upgrade-cluster.sh", upgradeTo(host, "1.34.4"), SECRET).status).toBe(0);
    const again = host.run("upgrade-cluster.sh", upgradeTo(host, "1.34.4"), SECRET);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("the cluster is already at Kubernetes 1.34.4; nothing to do");
    expect(day2Calls(host)).toEqual([upgradeArgv(host, "1.34.4")]);
  },
};

const upgradeNeedsDeployedCluster: Check = {
  name: "refuses without a deployed cluster (no marker), also when a failed deploy left a generated apimodel",
  host: newHost,
  run: (host) => {
    const fresh = host;
    const refused = fresh.run("upgrade-cluster.sh", upgradeTo(fresh, "1.34.4"), SECRET);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`no deployed cluster on this helper (${fresh.path("cluster/state/deployed")} is missing): the deploy step must succeed before an upgrade can run`);
    expect(fresh.invocations()).toEqual([]);

    const failedDeploy = newHost();
    failedDeploy.write("cluster/apimodel.input.json", DAY2_APIMODEL);
    failedDeploy.scenarioOf("fail");
    expect(failedDeploy.run("deploy-cluster.sh", deployArgs(failedDeploy), stdin()).status).toBe(1);
    expect(failedDeploy.exists("cluster/_output/apimodel.json")).toBe(true);
    const stillRefused = failedDeploy.run("upgrade-cluster.sh", upgradeTo(failedDeploy, "1.34.4"), SECRET);
    expect(stillRefused.status).toBe(1);
    expect(stillRefused.stderr).toContain("no deployed cluster on this helper");
    expect(failedDeploy.invocations().map((argv) => argv[0])).toEqual(["deploy"]);
  },
};

const refreshRecordsFirstToken: Check = {
  name: "records the token without running anything when none is recorded (first deploy, rebuilt helper)",
  host: deployedCopy,
  run: (host) => {
    const run = host.run("refresh-node-images.sh", refreshFor(host, "2026-12-01"), SECRET);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("no node image refresh recorded on this helper (first deploy, or a rebuilt helper): the nodes are as new as token '2026-12-01'; recorded it, nothing to do");
    expect(host.read("cluster/state/node-image-refresh.token")).toBe("2026-12-01\n");
    expect(day2Calls(host)).toEqual([]);
  },
};

const refreshRunsOnNewToken: Check = {
  name: "runs upgrade --force to the deployed version on a new token, records it, and not again for the same token",
  host: deployedCopy,
  run: (host) => {
    expect(host.run("refresh-node-images.sh", refreshFor(host, "none"), SECRET).status).toBe(0);
    expect(host.run("upgrade-cluster.sh", upgradeTo(host, "1.34.4"), SECRET).status).toBe(0);
    const refresh = host.run("refresh-node-images.sh", refreshFor(host, "2026-12-01"), SECRET);
    expect(refresh.stderr).toBe("");
    expect(refresh.status).toBe(0);
    expect(refresh.stdout).toContain("refreshing the OS image of every node (token 'none' -> '2026-12-01'): upgrade --force to the deployed Kubernetes 1.34.4");
    expect(refresh.stdout).toContain("aks-engine-azurestack upgrade --force (node image refresh) succeeded (attempt 1)");
    expect(day2Calls(host)).toEqual([upgradeArgv(host, "1.34.4"), refreshArgv(host, "1.34.4")]);
    expect(host.read("cluster/state/node-image-refresh.token")).toBe("2026-12-01\n");
    expect(deployedVersion(host)).toBe("1.34.4");
    expect(host.read("cluster/state/node-image-refresh.log")).not.toContain(SECRET);

    const again = host.run("refresh-node-images.sh", refreshFor(host, "2026-12-01"), SECRET);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("the node images were already refreshed for token '2026-12-01'; nothing to do");
    expect(day2Calls(host)).toHaveLength(2);
  },
};

const refreshKeepsTokenOnFailure: Check = {
  name: "keeps the old token after a failed refresh, so the next run issues it again",
  host: deployedCopy,
  run: (host) => {
    host.run("refresh-node-images.sh", refreshFor(host, "none"), SECRET);
    host.scenarioFor("upgrade", "fail", "success");
    const failed = host.run("refresh-node-images.sh", refreshFor(host, "2026-12-01"), SECRET);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain("aks-engine-azurestack upgrade --force (node image refresh) failed with exit code 1 (attempt 1)");
    expect(failed.stderr).toContain("run pulumi up again to retry (the refresh is issued again until it succeeds)");
    expect(failed.stderr).not.toContain(SECRET);
    expect(host.read("cluster/state/node-image-refresh.token")).toBe("none\n");

    expect(host.run("refresh-node-images.sh", refreshFor(host, "2026-12-01"), SECRET).status).toBe(0);
    expect(day2Calls(host)).toEqual([refreshArgv(host, "1.33.10"), refreshArgv(host, "1.33.10")]);
    expect(host.read("cluster/state/node-image-refresh.token")).toBe("2026-12-01\n");
  },
};

const scalesExactly: Check = {
  name: "scales up and down with --apiserver and the exact hub flags, and the apimodel follows",
  host: deployedCopy,
  run: (host) => {
    const up = host.run("scale-cluster.sh", scaleTo(host, 5), SECRET);
    expect(up.stderr).toBe("");
    expect(up.status).toBe(0);
    expect(up.stdout).toContain("scaling node pool linuxpool to 5 nodes (the apimodel has 3;");
    expect(up.stdout).toContain("aks-engine-azurestack scale succeeded (attempt 1)");
    expect(poolCount(host)).toBe(5);
    const down = host.run("scale-cluster.sh", scaleTo(host, 2), SECRET);
    expect(down.status).toBe(0);
    expect(poolCount(host)).toBe(2);
    expect(day2Calls(host)).toEqual([scaleArgv(host, 5), scaleArgv(host, 2)]);
    expect(host.read("cluster/state/scale.log")).not.toContain(SECRET);
    expect(deployedVersion(host)).toBe("1.33.10");
    expect(leftovers(host)).toEqual([]);
  },
};

const scaleNoOpAtCount: Check = {
  name: "does nothing, not even aks-engine's own no-op, when the generated apimodel already has the count",
  host: deployedCopy,
  run: (host) => {
    const run = host.run("scale-cluster.sh", scaleTo(host, 3), SECRET);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("node pool linuxpool already has 3 nodes; nothing to scale");
    expect(day2Calls(host)).toEqual([]);
    expect(poolCount(host)).toBe(3);
  },
};

const scaleWaitsForUpgrade: Check = {
  name: "a scale started while an upgrade runs waits for it, then scales the upgraded apimodel",
  host: deployedCopy,
  run: async (host) => {
    host.env.FAKE_AKS_UPGRADE_SECONDS = "4";
    const upgrade = await host.start("upgrade-cluster.sh", upgradeTo(host, "1.34.4"), SECRET, "upgrade running");
    const scale = host.run("scale-cluster.sh", scaleTo(host, 5), SECRET);
    const upgraded = await upgrade.finished; // before any assertion: a failed one must not leave the upgrade running
    expect(scale.stdout).toContain(`the upgrade is running on this helper; waiting for it to finish (one operation at a time: they rewrite ${apimodelPath(host)})`);
    expect(scale.stdout).toMatch(/waiting for the upgrade running on this helper to finish, \d+s so far; last: /);
    expect(scale.status).toBe(0);
    expect(upgraded.status).toBe(0);
    expect(day2Calls(host)).toEqual([upgradeArgv(host, "1.34.4"), scaleArgv(host, 5)]);
    expect(overlaps(host)).toBe("");
    // neither rewrite of apimodel.json lost the other's change
    expect([deployedVersion(host), poolCount(host)]).toEqual(["1.34.4", 5]);
  },
};
const scaleCountAtMost1000: Check = {
  name: "refuses a node count over 1000 before aks-engine runs",
  host: deployedCopy,
  run: (host) => {
    expect(host.run("scale-cluster.sh", scaleTo(host, 1001), SECRET)).toMatchObject({ status: 1, stderr: expect.stringContaining("--node-count must be between 1 and 1000, not 1001") });
    expect(day2Calls(host)).toEqual([]);
  },
};

/** Two pools as aks-engine writes them (two-space JSON), for lib/apimodel.sh's pool functions. */
const TWO_POOLS = JSON.stringify({ properties: { agentPoolProfiles: [{ name: POOL, count: 3, vmSize: "Standard_DS2_v2" }, { name: "second", count: 5, vmSize: "Standard_DS2_v2" }] } }, null, 2) + "\n";
const poolFunctions: Check = {
  name: "lib/apimodel.sh reads and sets the count of one node pool among several, changing nothing else",
  run: (host) => {
    host.write("cluster/_output/apimodel.json", TWO_POOLS);
    const lib = (call: string) =>
      spawnSync("bash", ["-c", `source "$1/lib/common.sh" && source "$1/lib/apimodel.sh" && ${call}`, "_", host.path("scripts"), apimodelPath(host)], { encoding: "utf8" });
    expect([lib('apimodel_pool_count "$2" second').stdout, lib(`apimodel_pool_count "$2" ${POOL}`).stdout]).toEqual(["5\n", "3\n"]);
    expect(lib('apimodel_set_pool_count "$2" second 7').status).toBe(0);
    expect(host.read("cluster/_output/apimodel.json")).toBe(TWO_POOLS.replace('"count": 5', '"count": 7'));
  },
};

describe("upgrade-cluster.sh", () => {
  itHolds([upgradesExactly, upgradeNoOpAtTarget]);

  it("resumes waiting after the SSH session drops, without a second upgrade", async () => {
    const host = deployedHost();
    host.env.FAKE_AKS_UPGRADE_SECONDS = "4";
    const first = await host.start("upgrade-cluster.sh", upgradeTo(host, "1.34.4"), SECRET, "upgrade running");
    await first.hangUp();
    expect(deployedVersion(host)).toBe("1.33.10");
    const second = host.run("upgrade-cluster.sh", upgradeTo(host, "1.34.4"), SECRET);
    expect(second.stdout).toContain("an upgrade (attempt 1) is already running on this helper; resuming the wait");
    expect(second.stdout).toContain("aks-engine-azurestack upgrade succeeded (attempt 1)");
    expect(second.status).toBe(0);
    expect(day2Calls(host)).toEqual([upgradeArgv(host, "1.34.4")]);
    expect(deployedVersion(host)).toBe("1.34.4");
  });

  it("issues the same upgrade again (never --force) after its worker was killed, e.g. by a helper reboot", async () => {
    const host = deployedHost();
    host.env.FAKE_AKS_UPGRADE_SECONDS = "30";
    const session = await host.start("upgrade-cluster.sh", upgradeTo(host, "1.34.4"), SECRET, "upgrade running");
    host.killWorker("upgrade");
    await session.hangUp();
    expect(deployedVersion(host)).toBe("1.33.10");
    expect(host.shell(`ls ${host.path("cluster/state")}`)).toMatch(/tmp\./); // what the killed worker left behind

    host.env.FAKE_AKS_UPGRADE_SECONDS = "0";
    const resumed = host.run("upgrade-cluster.sh", upgradeTo(host, "1.34.4"), SECRET);
    expect(resumed.stdout).toContain("upgrade attempt 1 was interrupted on the helper (rebooted?) before aks-engine-azurestack finished; running it again if still needed");
    expect(resumed.stdout).toContain("previous upgrade attempt 1 ended with exit code interrupted; retrying");
    expect(resumed.status).toBe(0);
    expect(day2Calls(host)).toEqual([upgradeArgv(host, "1.34.4"), upgradeArgv(host, "1.34.4")]);
    expect(deployedVersion(host)).toBe("1.34.4");
    expect(leftovers(host)).toEqual([]);
  });

  it("fails with a sanitised tail and says a re-run resumes; the re-run issues the same upgrade", () => {
    const host = deployedHost();
    host.scenarioFor("upgrade", "fail", "success");
    const failed = host.run("upgrade-cluster.sh", upgradeTo(host, "1.34.4"), SECRET);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain("aks-engine-azurestack upgrade failed with exit code 1 (attempt 1). Last log lines, sanitised:");
    expect(failed.stderr).toContain("ERRO Error upgrading cluster: upgrading cluster: client secret [redacted] rejected");
    expect(failed.stderr).toContain("servicePrincipalProfile.secret=[redacted]");
    expect(failed.stderr).toContain("Error: upgrading cluster: the VM k8s-master-12345678-0 did not come back");
    expect(failed.stderr).toContain("run pulumi up again to retry (the upgrade resumes where it stopped)");
    expect(failed.stderr).not.toContain("\x1b[");
    const everything = failed.stdout + failed.stderr + host.read("cluster/state/upgrade.log");
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(CLUSTER_SECRET);
    expect(deployedVersion(host)).toBe("1.33.10");

    const retried = host.run("upgrade-cluster.sh", upgradeTo(host, "1.34.4"), SECRET);
    expect(retried.stdout).toContain("previous upgrade attempt 1 ended with exit code 1; retrying");
    expect(retried.status).toBe(0);
    expect(day2Calls(host)).toEqual([upgradeArgv(host, "1.34.4"), upgradeArgv(host, "1.34.4")]);
    expect(deployedVersion(host)).toBe("1.34.4");
  });

  it("treats a panic (exit 2) as a failure and says what usually causes it", () => {
    const host = deployedHost();
    host.scenarioFor("upgrade", "panic");
    const run = host.run("upgrade-cluster.sh", upgradeTo(host, "1.34.4"), SECRET);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("aks-engine-azurestack panicked (exit 2)");
    expect(run.stderr).toContain("panic: runtime error");
  });

  itHolds([upgradeNeedsDeployedCluster]);

  it("refuses another cluster identity than the recorded one, with deploy's message", () => {
    const host = deployedHost();
    const moved = host.run("upgrade-cluster.sh", upgradeTo(host, "1.34.4").map((a) => (a === "ratings-rg" ? "ratings-rg2" : a)), SECRET);
    expect(moved.status).toBe(1);
    expect(moved.stderr).toContain(`this helper's cluster was deployed as 'location=redmond resource-group=ratings-rg subscription=${SUBSCRIPTION} cluster-client-id=${CLIENT}', not 'location=redmond resource-group=ratings-rg2 `);
    expect(day2Calls(host)).toEqual([]);
  });

  it.each([
    [["--kubernetes-version", "1.34"], "--kubernetes-version must be a full Kubernetes version such as 1.34.4, not 1.34"],
    [[], "missing --kubernetes-version"],
  ])("rejects %j before anything runs", (extra, message) => {
    const host = deployedHost();
    expect(host.run("upgrade-cluster.sh", args(host, extra), SECRET)).toMatchObject({ status: 1, stderr: expect.stringContaining(message) });
    expect(day2Calls(host)).toEqual([]);
  });

  it("refuses to start without a credential on stdin", () => {
    const host = deployedHost();
    expect(host.run("upgrade-cluster.sh", upgradeTo(host, "1.34.4"), "")).toMatchObject({ status: 1, stderr: expect.stringContaining("no service principal credential on stdin") });
    expect(day2Calls(host)).toEqual([]);
  });
});

describe("the fake's upgrade, as cmd/upgrade.go's initialize/validateTargetVersion", () => {
  it.each([
    ["1.33.10", false, true],
    ["1.34.4", false, false],
    ["1.35.0", false, true], // two minors up
    ["1.33.5", false, true], // a downgrade
    ["1.33.10", true, false], // --force: the node image refresh
  ])("from 1.33.10 to %s (--force: %s) refused: %s", (target, force, refused) => {
    const host = deployedHost();
    const run = host.shell(
      `FAKE_AKS_LOG=${host.argvLog} ${host.path("bin/aks-engine-azurestack")} upgrade --azure-env AzureStackCloud --location redmond --resource-group rg ` +
        `--api-model ${apimodelPath(host)} --upgrade-version ${target} ${force ? "--force" : ""} --client-secret s 2>&1; echo "exit $?"`,
    );
    if (refused) {
      expect(run).toContain(
        `Error: loading existing cluster: error validating the api model: Invalid upgrade target version. Consider using --force if you really want to proceed: ` +
          `upgrading from Kubernetes version 1.33.10 to version ${target} is not supported. To see a list of available upgrades, use 'aks-engine-azurestack get-versions --version 1.33.10'`,
      );
      expect(run).toContain("exit 1");
      expect(deployedVersion(host)).toBe("1.33.10");
    } else {
      expect(run).toContain("exit 0");
      expect(deployedVersion(host)).toBe(target);
    }
  });
});

describe("refresh-node-images.sh", () => {
  itHolds([refreshRecordsFirstToken, refreshRunsOnNewToken, refreshKeepsTokenOnFailure]);

  it("records the token when the refresh finishes after the SSH session dropped (the worker records it, not the session)", async () => {
    const host = deployedHost();
    host.run("refresh-node-images.sh", refreshFor(host, "none"), SECRET);
    host.env.FAKE_AKS_UPGRADE_SECONDS = "3";
    const session = await host.start("refresh-node-images.sh", refreshFor(host, "2026-12-01"), SECRET, "node image refresh running");
    await session.hangUp();
    expect(host.read("cluster/state/node-image-refresh.token")).toBe("none\n");
    const resumed = host.run("refresh-node-images.sh", refreshFor(host, "2026-12-01"), SECRET);
    expect(resumed.stdout).toContain("a node image refresh (attempt 1) is already running on this helper; resuming the wait");
    expect(resumed.status).toBe(0);
    expect(host.read("cluster/state/node-image-refresh.token")).toBe("2026-12-01\n");
    expect(day2Calls(host)).toEqual([refreshArgv(host, "1.33.10")]);
  });
});

describe("scale-cluster.sh", () => {
  itHolds([scalesExactly, scaleNoOpAtCount, scaleCountAtMost1000]);

  it("repairs the apimodel's count when a scale was killed after its ARM deployment (aks-engine's no-op does not save it)", () => {
    const host = deployedHost();
    host.scenarioFor("scale", "killed-after-arm");
    const killed = host.run("scale-cluster.sh", scaleTo(host, 5), SECRET);
    expect(killed.status).toBe(1);
    expect(killed.stderr).toContain("aks-engine-azurestack scale failed with exit code 137 (attempt 1)");
    expect(poolCount(host)).toBe(3); // the VMs are at 5, the apimodel still says 3
    const before = host.read("cluster/_output/apimodel.json");

    const retried = host.run("scale-cluster.sh", scaleTo(host, 5), SECRET);
    expect(retried.status).toBe(0);
    expect(host.read("cluster/state/scale.log")).toContain("INFO Node pool linuxpool is already at the desired count 5.");
    expect(host.read("cluster/state/scale.log")).toContain(
      `the VMs of node pool linuxpool are at 5 but ${apimodelPath(host)} says 3 (a scale that was interrupted after its ARM deployment); setting it to 5`,
    );
    expect(poolCount(host)).toBe(5);
    // only that line changed
    expect(host.read("cluster/_output/apimodel.json")).toBe(before.replace(/("name": "linuxpool",\n\s+"count": )3/, "$15"));
    expect(day2Calls(host)).toEqual([scaleArgv(host, 5), scaleArgv(host, 5)]);
  });

  it.each([
    [["--node-pool", "otherpool", "--node-count", "4", "--apiserver", APISERVER], "node pool otherpool is not in the deployed cluster's apimodel"],
    [["--node-pool", POOL, "--node-count", "0", "--apiserver", APISERVER], "--node-count must be between 1 and 1000, not 0"],
    [["--node-pool", POOL, "--node-count", "4"], "missing --apiserver"],
    [["--node-pool", POOL, "--node-count", "4", "--apiserver", `http://${APISERVER}`], "--apiserver must not be http://"],
  ])("refuses %j before aks-engine runs", (extra, message) => {
    const host = deployedHost();
    expect(host.run("scale-cluster.sh", args(host, extra), SECRET)).toMatchObject({ status: 1, stderr: expect.stringContaining(message) });
    expect(day2Calls(host)).toEqual([]);
  });

  it("refuses without a deployed cluster", () => {
    const host = newHost();
    expect(host.run("scale-cluster.sh", scaleTo(host, 4), SECRET)).toMatchObject({ status: 1, stderr: expect.stringContaining("the deploy step must succeed before a scale can run") });
    expect(host.invocations()).toEqual([]);
  });
});

describe("one operation at a time on the helper", () => {
  itHolds([scaleWaitsForUpgrade]);

  it("an upgrade started while the deploy runs waits for it instead of failing for the missing marker", async () => {
    const host = newHost();
    host.write("cluster/apimodel.input.json", DAY2_APIMODEL);
    host.env.FAKE_AKS_DEPLOY_SECONDS = "4";
    const deploy = await host.start("deploy-cluster.sh", deployArgs(host), stdin(), "deploy running");
    const upgrade = host.run("upgrade-cluster.sh", upgradeTo(host, "1.34.4"), SECRET);
    expect(upgrade.stdout).toContain("the deploy is running on this helper; waiting for it to finish");
    expect(upgrade.status).toBe(0);
    expect((await deploy.finished).status).toBe(0);
    expect(host.invocations().map((argv) => argv[0])).toEqual(["deploy", "upgrade"]);
    expect(overlaps(host)).toBe("");
    expect(deployedVersion(host)).toBe("1.34.4");
  });

  it("a re-run asking for another count waits for the scale still running from before, then scales to its own", async () => {
    const host = deployedHost();
    host.env.FAKE_AKS_SCALE_SECONDS = "3";
    const first = await host.start("scale-cluster.sh", scaleTo(host, 5), SECRET, "scale running");
    await first.hangUp();
    delete host.env.FAKE_AKS_SCALE_SECONDS;
    const second = host.run("scale-cluster.sh", scaleTo(host, 4), SECRET);
    expect(second.stdout).toContain("a scale (attempt 1) is already running on this helper; resuming the wait");
    expect(second.stdout).toContain("that scale was asked to scale node pool linuxpool to 5 nodes and ended with exit code 0; now: scale node pool linuxpool to 4 nodes");
    expect(second.status).toBe(0);
    expect(day2Calls(host)).toEqual([scaleArgv(host, 5), scaleArgv(host, 4)]);
    expect(poolCount(host)).toBe(4);
  });

  it("gives up waiting for another operation after --max-wait-seconds, and a re-run runs after it", async () => {
    const host = deployedHost();
    host.env.FAKE_AKS_UPGRADE_SECONDS = "5";
    const upgrade = await host.start("upgrade-cluster.sh", upgradeTo(host, "1.34.4"), SECRET, "upgrade running");
    const impatient = host.run("scale-cluster.sh", scaleTo(host, 5, ["--max-wait-seconds", "1"]), SECRET);
    expect(impatient.status).toBe(1);
    expect(impatient.stderr).toMatch(/still waiting after \d+s for the upgrade running on this helper, which continues there\. Run pulumi up again to resume waiting\./);
    const patient = host.run("scale-cluster.sh", scaleTo(host, 5), SECRET);
    expect(patient.status).toBe(0);
    expect((await upgrade.finished).status).toBe(0);
    expect(day2Calls(host)).toEqual([upgradeArgv(host, "1.34.4"), scaleArgv(host, 5)]);
  });

  it("the fake notices two cloud operations at once (the negative control of the tests above)", () => {
    const host = deployedHost();
    const fake = `FAKE_AKS_LOG=${host.argvLog} FAKE_AKS_UPGRADE_SECONDS=2 ${host.path("bin/aks-engine-azurestack")}`;
    const upgrade = `upgrade --location redmond --resource-group rg --api-model ${apimodelPath(host)} --upgrade-version 1.33.10 --force --client-secret s`;
    host.shell(`(${fake} ${upgrade} & sleep 1; ${fake} ${upgrade}; wait) >/dev/null 2>&1`);
    expect(overlaps(host)).toMatch(/^upgrade started while upgrade \(pid \d+\) was running$/m);
  });
});

describe("certificate sign-in for the day-2 operations", () => {
  it("passes the certificate and a private key file, never the key, in aks-engine's argv or environment", () => {
    const host = deployedHost("client_certificate");
    const certArgs = (extra: string[]) => args(host, extra, "client_certificate");
    expect(host.run("upgrade-cluster.sh", certArgs(["--kubernetes-version", "1.34.4"]), KEY).status).toBe(0);
    host.run("refresh-node-images.sh", certArgs(["--token", "none"]), KEY);
    expect(host.run("refresh-node-images.sh", certArgs(["--token", "2026-12-01"]), KEY).status).toBe(0);
    expect(host.run("scale-cluster.sh", certArgs(["--node-pool", POOL, "--node-count", "4", "--apiserver", APISERVER]), KEY).status).toBe(0);
    const calls = day2Calls(host);
    expect(calls.map((argv) => argv[0])).toEqual(["upgrade", "upgrade", "scale"]);
    for (const argv of calls) {
      expect(argv.slice(-4)).toEqual(["--certificate-path", host.path("cluster/client-certificate.pem"), "--private-key-path", host.path("cluster/state/credential")]);
      expect(argv).toContain("client_certificate");
      expect(argv).not.toContain("--client-secret");
    }
    for (const secret of ["planted-key-material", CLUSTER_SECRET]) {
      expect({ secret, inArgv: calls.flat().join("\n").includes(secret), inEnvironment: host.environments().includes(secret) }).toEqual({ secret, inArgv: false, inEnvironment: false });
    }
    expect(host.exists("cluster/state/credential")).toBe(false);
    expect([deployedVersion(host), poolCount(host)]).toEqual(["1.34.4", 4]);
  });
});

describe("remote/scripts.ts", () => {
  it("ships every script of the scripts directory to the helper", () => {
    const scriptsDir = path.join(__dirname, "..", "scripts");
    const onDisk = [...readdirSync(scriptsDir), ...readdirSync(path.join(scriptsDir, "lib")).map((f) => `lib/${f}`)].filter((f) => f.endsWith(".sh"));
    expect([...HELPER_SCRIPTS].sort()).toEqual(onDisk.sort());
  });
});

describe("lib/apimodel.sh", () => {
  itHolds([poolFunctions]);
});

/**
 * Faults these tests catch, each shown once on a broken copy of the script (tests/support/
 * scriptFaults.ts); a fault's check is the test of that name above.
 */
describeFaults("the day-2 scripts, lib/operation.sh's lock and lib/apimodel.sh: faults these tests catch", [
  { script: "upgrade-cluster.sh", fault: "the upgrade runs with --force (skipping aks-engine's upgrade-path check)",
    edit: ['--upgrade-version "$target")', '--upgrade-version "$target" --force)'], check: upgradesExactly },
  { script: "upgrade-cluster.sh", fault: "aks-engine runs although the cluster is at the target already", edit: ['if [[ $deployed == "$target" ]]; then', "if false; then"], check: upgradeNoOpAtTarget },
  { script: "upgrade-cluster.sh", fault: "the deployed cluster is not required first", edit: ["  require_deployed_cluster\n", "  true\n"], check: upgradeNeedsDeployedCluster },
  { script: "refresh-node-images.sh", fault: "the first token (no record yet) refreshes the nodes instead of being recorded", edit: ["if [[ ! -f $RECORD ]]; then", "if false; then"], check: refreshRecordsFirstToken },
  { script: "refresh-node-images.sh", fault: "the refresh runs without --force (aks-engine refuses an upgrade to the same version)",
    edit: ['--upgrade-version "$deployed" --force)', '--upgrade-version "$deployed")'], check: refreshRunsOnNewToken },
  { script: "refresh-node-images.sh", fault: "the token is recorded before the refresh succeeded", edit: ['printf \'%s\\n\' "$token" >"$RECORD.pending"', 'printf \'%s\\n\' "$token" >"$RECORD"'], check: refreshKeepsTokenOnFailure },
  { script: "scale-cluster.sh", fault: "--apiserver is not passed (aks-engine cannot drain nodes to scale down)", edit: [' --apiserver "$apiserver")', ")"], check: scalesExactly },
  { script: "scale-cluster.sh", fault: "aks-engine runs although the pool has the count already", edit: ['if [[ $recorded == "$count" ]]; then', "if false; then"], check: scaleNoOpAtCount },
  { script: "scale-cluster.sh", fault: "the node count's upper bound is off by one", edit: ["((count > 1000))", "((count > 1001))"], check: scaleCountAtMost1000 },
  { script: "lib/operation.sh", fault: "the helper's operation lock is not taken, so a scale runs while an upgrade rewrites the apimodel", edit: ["if flock -n 9; then", "if true; then"], check: scaleWaitsForUpgrade },
  { script: "lib/apimodel.sh", fault: "every pool's name matches", edit: ['if ($0 ~ "^        \\"name\\": \\"" pool "\\",?$") named = 1', "named = 1"], check: poolFunctions },
  { script: "lib/apimodel.sh", fault: "setting one pool's count rewrites every pool's", edit: ['mode == "set" && named && i == countline', 'mode == "set" && i == countline'], check: poolFunctions },
]);
