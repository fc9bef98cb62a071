/**
 * deploy-cluster.sh, aks-engine-worker.sh, restore-cluster-state.sh and read-apimodel.sh run
 * for real under bash, against the fake aks-engine-azurestack.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { backupText, parseEnvelope } from "../aksengine/clusterState";
import { adminKubeconfigFromApimodel } from "../aksengine/kubeconfig";
import { CLUSTER_SECRET_PLACEHOLDER } from "../aksengine/rules";
import { APIMODEL, CLIENT, CLUSTER_SECRET, deployArgs, expectedDeployArgv, generatedPki, newHost, identityArgs, SECRET, stdin, SUBSCRIPTION, restoreInput } from "./support/deployScenario";
import { HelperHost } from "./support/helperHost";
import { Check, describeFaults, itHolds } from "./support/scriptFaults";

// Tests that are also the checks of the fault list at the end of this file (tests/support/scriptFaults.ts).
const deploysOnceLeavingNoSecret: Check = {
  name: "deploys once with the exact hub flags, reports progress, and leaves no secret behind",
  host: newHost,
  run: (host) => {
    host.env.FAKE_AKS_DEPLOY_SECONDS = "3";
    const run = host.run("deploy-cluster.sh", deployArgs(host), stdin());
    expect(run.status).toBe(0);
    expect(host.invocations()).toEqual([expectedDeployArgv(host, false)]);
    expect(run.stdout).toMatch(/deploy running, \d+s so far \(attempt 1\); last: .*Starting ARM deployment/);
    expect(run.stdout).toContain("aks-engine-azurestack deploy succeeded (attempt 1)");
    expect(run.stdout + run.stderr).not.toContain(SECRET);
    expect(host.read("cluster/state/deploy.log")).not.toContain(SECRET);
    expect(run.stdout + run.stderr + host.read("cluster/state/deploy.log")).not.toContain(CLUSTER_SECRET);
    expect(host.exists("cluster/state/deployed")).toBe(true);
    expect(host.exists("cluster/state/credential")).toBe(false);
    expect(host.exists("cluster/state/apimodel.deploy.json")).toBe(false);
    // the fake leaves a secret-bearing temp file, as the real tool does; the worker's private TMPDIR is gone
    expect(host.shell(`ls ${host.path("cluster/state")}`).split("\n").filter((f) => f.startsWith("tmp."))).toEqual([]);
  },
};

const givesUpAfterMaxWait: Check = {
  name: "gives up waiting after --max-wait-seconds while the deploy goes on, and a re-run picks it up",
  host: newHost,
  run: (host) => {
    host.env.FAKE_AKS_DEPLOY_SECONDS = "4";
    const impatient = host.run("deploy-cluster.sh", deployArgs(host, ["--max-wait-seconds", "1"]), stdin());
    expect(impatient.status).toBe(1);
    expect(impatient.stderr).toContain("it continues on the helper. Run pulumi up again to resume waiting.");
    const patient = host.run("deploy-cluster.sh", deployArgs(host), stdin());
    expect(patient.status).toBe(0);
    expect(host.invocations()).toHaveLength(1);
  },
};

const retriesKeepingPki: Check = {
  name: "after a failed ARM deployment, retries from the generated apimodel with --force-overwrite and keeps the PKI",
  host: newHost,
  run: (host) => {
    host.scenarioOf("fail", "success");
    const failed = host.run("deploy-cluster.sh", deployArgs(host), stdin());
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain("aks-engine-azurestack deploy failed with exit code 1 (attempt 1). Last log lines, sanitised:");
    expect(failed.stderr).toContain("ERRO Error deploying: ResourceDeploymentFailure, client secret [redacted] rejected");
    expect(failed.stderr).toContain("servicePrincipalProfile.secret=[redacted]");
    expect(failed.stderr).not.toContain(CLUSTER_SECRET);
    expect(failed.stderr + failed.stdout).not.toContain(SECRET);
    expect(host.read("cluster/state/deploy.log")).toContain("client secret [redacted] rejected");
    expect(host.read("cluster/state/deploy.log")).not.toContain(SECRET);
    expect(failed.stderr).not.toContain("\x1b[");
    expect(host.exists("cluster/state/deployed")).toBe(false);
    const pkiOfFirstAttempt = generatedPki(host);

    const retried = host.run("deploy-cluster.sh", deployArgs(host), stdin());
    expect(retried.status).toBe(0);
    expect(retried.stdout).toContain("previous deploy attempt 1 ended with exit code 1; retrying");
    expect(host.invocations()).toEqual([expectedDeployArgv(host, false), expectedDeployArgv(host, true)]);
    expect(generatedPki(host)).toBe(pkiOfFirstAttempt);
    expect(host.exists("cluster/state/deployed")).toBe(true);
  },
};

const refusesChangedInputOnRetry: Check = {
  name: "refuses to retry a failed deploy when the uploaded apimodel changed since, instead of ignoring the change",
  host: newHost,
  run: (host) => {
    host.scenarioOf("fail", "success");
    expect(host.run("deploy-cluster.sh", deployArgs(host), stdin()).status).toBe(1);
    host.write("cluster/apimodel.input.json", APIMODEL.replace('"count": 3', '"count": 5'));
    const refused = host.run("deploy-cluster.sh", deployArgs(host), stdin());
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("the uploaded apimodel changed after deploy attempt 1 failed");
    expect(refused.stderr).toContain("delete the cluster resource group ratings-rg on the hub");
    expect(host.invocations()).toHaveLength(1);
    host.write("cluster/apimodel.input.json", APIMODEL);
    expect(host.run("deploy-cluster.sh", deployArgs(host), stdin()).status).toBe(0);
  },
};

const refusesMovedCluster: Check = {
  name: "fails when the cluster's location, resource group or subscription changed, instead of reporting the old cluster",
  host: newHost,
  run: (host) => {
    expect(host.run("deploy-cluster.sh", deployArgs(host), stdin()).status).toBe(0);
    const moved = host.run("deploy-cluster.sh", deployArgs(host).map((a) => (a === "ratings-rg" ? "ratings-rg2" : a)), stdin());
    expect(moved.status).toBe(1);
    expect(moved.stderr).toContain(
      `this helper's cluster was deployed as 'location=redmond resource-group=ratings-rg subscription=${SUBSCRIPTION} cluster-client-id=${CLIENT}', ` +
        `not 'location=redmond resource-group=ratings-rg2 subscription=${SUBSCRIPTION} cluster-client-id=${CLIENT}'`,
    );
    expect(host.invocations()).toHaveLength(1);
  },
};

const explainsPanic: Check = {
  name: "treats a panic (exit 2) as a failure and says what usually causes it",
  host: newHost,
  run: (host) => {
    host.scenarioOf("panic");
    const run = host.run("deploy-cluster.sh", deployArgs(host), stdin());
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("aks-engine-azurestack panicked (exit 2)");
    expect(run.stderr).toContain("its TLS certificate is not trusted (see hubRootCaPem)");
    expect(run.stderr).toContain("panic: runtime error");
    expect(host.exists("cluster/state/deployed")).toBe(false);
  },
};

const fillsInClusterSecret: Check = {
  name: "hands deploy a private copy of the uploaded apimodel with the cluster's secret in place of the placeholder",
  host: newHost,
  run: (host) => {
    host.env.FAKE_AKS_CAPTURE = path.join(host.root, "captured");
    host.env.FAKE_AKS_DEPLOY_SECONDS = "2";
    expect(host.run("deploy-cluster.sh", deployArgs(host), stdin()).status).toBe(0);
    const given = JSON.parse(readFileSync(path.join(host.root, "captured", "deploy-1.json"), "utf8"));
    expect(given.properties.servicePrincipalProfile).toEqual({ clientId: CLIENT, secret: CLUSTER_SECRET });
    expect({ ...given, properties: { ...given.properties, servicePrincipalProfile: undefined } }).toEqual({
      ...JSON.parse(APIMODEL),
      properties: { ...JSON.parse(APIMODEL).properties, servicePrincipalProfile: undefined },
    });
    // deploy kept the profile it was given instead of filling it from --client-id/--client-secret
    expect(JSON.parse(host.read("cluster/_output/apimodel.json")).properties.servicePrincipalProfile.secret).toBe(CLUSTER_SECRET);
    expect(host.read("cluster/apimodel.input.json")).toBe(APIMODEL);
    expect(host.exists("cluster/state/apimodel.deploy.json")).toBe(false);
  },
};

const restoresWithoutRedeploy: Check = {
  name: "gets the cluster's files back from the stack's backup and does not deploy again",
  host: newHost,
  run: (host) => {
    const original = newHost();
    expect(original.run("deploy-cluster.sh", deployArgs(original), stdin()).status).toBe(0);
    const backup = backupText(parseEnvelope(original.run("read-apimodel.sh", ["--work", original.work]).stdout));

    const rebuilt = host;
    const restore = rebuilt.run("restore-cluster-state.sh", identityArgs(rebuilt), restoreInput(backup, "v0.84.2"));
    expect(restore.status).toBe(0);
    expect(restore.stdout).toContain("restored; the existing cluster is kept and will not be redeployed");
    // the release that wrote the backup, as the stack's clusterState recorded it
    expect(parseEnvelope(rebuilt.run("read-apimodel.sh", ["--work", rebuilt.work]).stdout).aksEngineRelease).toBe("v0.84.2");
    expect(rebuilt.exists("cluster/state/apimodel.restored.json")).toBe(false); // no second copy of the PKI
    expect(rebuilt.invocations()).toEqual([["generate", "--api-model", rebuilt.path("cluster/state/apimodel.restored.json"), "--output-directory", rebuilt.path("cluster/_output.restore")]]);
    expect(generatedPki(rebuilt)).toBe(generatedPki(original));

    const deploy = rebuilt.run("deploy-cluster.sh", deployArgs(rebuilt), stdin());
    expect(deploy.stdout).toContain("the cluster is already deployed");
    expect(rebuilt.invocations().filter((argv) => argv[0] === "deploy")).toEqual([]);
    const restoredBackup = backupText(parseEnvelope(rebuilt.run("read-apimodel.sh", ["--work", rebuilt.work]).stdout));
    expect(restoredBackup).toBe(backup);
    expect(adminKubeconfigFromApimodel(restoredBackup)).toBe(adminKubeconfigFromApimodel(backup));
  },
};

const restoreNoOps: Check = {
  name: "does nothing on a first deploy (empty backup) or when the cluster is deployed here",
  host: newHost,
  run: (host) => {
    const fresh = newHost();
    expect(fresh.run("restore-cluster-state.sh", identityArgs(fresh), restoreInput("")).stdout).toContain("no apimodel backup in the stack yet (first deploy); nothing to restore");
    expect(fresh.exists("cluster/state/deployed")).toBe(false);

    const deployed = host;
    deployed.run("deploy-cluster.sh", deployArgs(deployed), stdin());
    const run = deployed.run("restore-cluster-state.sh", identityArgs(deployed), restoreInput('{"stale": true}'));
    expect(run.stdout).toContain("this helper has a deployed cluster; nothing to restore");
    expect(deployed.invocations().map((argv) => argv[0])).toEqual(["deploy"]);
  },
};

const readsOnlyAfterSuccess: Check = {
  name: "prints only the generated apimodel with the release that wrote it, and refuses before a successful deploy",
  host: newHost,
  run: (host) => {
    host.scenarioOf("fail");
    host.run("deploy-cluster.sh", deployArgs(host), stdin());
    // deploy wrote a complete-looking output directory, but it failed: nothing may be read from it
    expect(host.exists("cluster/_output/apimodel.json")).toBe(true);
    const refused = host.run("read-apimodel.sh", ["--work", host.work]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toContain("no successful deploy recorded on this helper");

    host.scenarioOf("fail", "success");
    expect(host.run("deploy-cluster.sh", deployArgs(host), stdin()).status).toBe(0);
    const read = host.run("read-apimodel.sh", ["--work", host.work]);
    expect(read.status).toBe(0);
    // with the release that wrote it (the worker records the installed one after success)
    expect(parseEnvelope(read.stdout).aksEngineRelease).toBe("v0.85.0");
    expect(backupText(parseEnvelope(read.stdout))).toBe(host.read("cluster/_output/apimodel.json"));
  },
};

describe("deploy-cluster.sh", () => {
  itHolds([deploysOnceLeavingNoSecret]);

  it("is a no-op once the cluster is deployed", () => {
    const host = newHost();
    expect(host.run("deploy-cluster.sh", deployArgs(host), stdin()).status).toBe(0);
    const again = host.run("deploy-cluster.sh", deployArgs(host), stdin());
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("the cluster is already deployed");
    expect(host.invocations()).toHaveLength(1);
  });

  it("resumes waiting after the SSH session drops, without starting a second deploy", async () => {
    const host = newHost();
    host.env.FAKE_AKS_DEPLOY_SECONDS = "4";
    const first = await host.start("deploy-cluster.sh", deployArgs(host), stdin(), "deploy running");
    await first.hangUp();
    expect(host.exists("cluster/state/deployed")).toBe(false);
    const second = host.run("deploy-cluster.sh", deployArgs(host), stdin());
    expect(second.stdout).toContain("a deploy (attempt 1) is already running on this helper; resuming the wait");
    expect(second.status).toBe(0);
    expect(host.invocations()).toEqual([expectedDeployArgv(host, false)]);
    expect(host.exists("cluster/state/deployed")).toBe(true);
  });

  itHolds([givesUpAfterMaxWait, retriesKeepingPki, refusesChangedInputOnRetry]);

  it("stops after the worker vanished (helper reboot) instead of racing its ARM deployment, then retries on the next run", async () => {
    const host = newHost();
    host.env.FAKE_AKS_DEPLOY_SECONDS = "30";
    const session = await host.start("deploy-cluster.sh", deployArgs(host), stdin(), "deploy running");
    // The reboot comes once deploy wrote its output directory, as it does before its ARM deployment
    // (on a busy machine the first progress line can come before that).
    for (let i = 0; i < 200 && !host.exists("cluster/_output/apimodel.json"); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    host.killWorker();
    await session.hangUp();
    host.env.FAKE_AKS_DEPLOY_SECONDS = "0";
    const stopped = host.run("deploy-cluster.sh", deployArgs(host), stdin());
    expect(stopped.status).toBe(1);
    expect(stopped.stderr).toContain("deploy attempt 1 was interrupted on the helper (rebooted?) before aks-engine-azurestack finished");
    expect(stopped.stderr).toContain("check the deployments of resource group ratings-rg, and once none is running, run pulumi up again");
    expect(host.invocations()).toHaveLength(1);
    expect(host.shell(`ls ${host.path("cluster/state")}`)).toMatch(/tmp\./); // what the killed worker left behind

    const retried = host.run("deploy-cluster.sh", deployArgs(host), stdin());
    expect(retried.status).toBe(0);
    expect(retried.stdout).toContain("previous deploy attempt 1 ended with exit code interrupted; retrying");
    expect(host.invocations()).toEqual([expectedDeployArgv(host, false), expectedDeployArgv(host, true)]);
    expect(host.shell(`ls ${host.path("cluster/state")}`).split("\n").filter((f) => f.startsWith("tmp.") || f === "credential")).toEqual([]);
  });

  itHolds([refusesMovedCluster, explainsPanic, fillsInClusterSecret]);

  it("signs in with a certificate: key from stdin to a private file, removed afterwards; the cluster still gets its secret", () => {
    const host = newHost();
    const key = "-----BEGIN PRIVATE KEY-----\nplanted-key-material\n-----END PRIVATE KEY-----";
    expect(host.run("deploy-cluster.sh", deployArgs(host, [], "client_certificate"), stdin(key)).status).toBe(0);
    const argv = host.invocations()[0];
    expect(argv.slice(-4)).toEqual(["--certificate-path", host.path("cluster/client-certificate.pem"), "--private-key-path", host.path("cluster/state/credential")]);
    expect(argv).toContain("client_certificate");
    expect(argv.join(" ")).not.toContain("planted");
    expect(host.exists("cluster/state/credential")).toBe(false);
    expect(JSON.parse(host.read("cluster/_output/apimodel.json")).properties.servicePrincipalProfile).toEqual({ clientId: CLIENT, secret: CLUSTER_SECRET });
  });

  it.each([
    ["a missing cluster secret", stdin(SECRET, ""), "no cluster service principal secret on the first line of stdin (clusterClientSecret)"],
    ["a cluster secret with control characters", stdin(SECRET, "bad\tsecret"), "the cluster service principal secret (clusterClientSecret) contains control characters"],
  ])("refuses %s before anything runs", (_case, input, message) => {
    const host = newHost();
    const run = host.run("deploy-cluster.sh", deployArgs(host), input);
    expect(run).toMatchObject({ status: 1, stderr: expect.stringContaining(message) });
    expect(run.stderr).not.toContain(SECRET);
    expect(host.invocations()).toEqual([]);
  });

  it("refuses an uploaded apimodel without the secret placeholder", () => {
    const host = newHost();
    host.write("cluster/apimodel.input.json", APIMODEL.replace(CLUSTER_SECRET_PLACEHOLDER, "literal"));
    const run = host.run("deploy-cluster.sh", deployArgs(host), stdin());
    expect(run).toMatchObject({ status: 1, stderr: expect.stringContaining("has no servicePrincipalProfile secret placeholder {{clusterClientSecret}}") });
    expect(host.invocations()).toEqual([]);
  });

  it("refuses to start without a credential on stdin or without the uploaded apimodel", () => {
    const noCredential = newHost();
    expect(noCredential.run("deploy-cluster.sh", deployArgs(noCredential), "")).toMatchObject({ status: 1, stderr: expect.stringContaining("no service principal credential on stdin") });
    expect(noCredential.run("deploy-cluster.sh", deployArgs(noCredential), `${CLUSTER_SECRET}\n`)).toMatchObject({ status: 1, stderr: expect.stringContaining("no service principal credential on stdin") });
    const noApimodel = new HelperHost();
    const run = noApimodel.run("deploy-cluster.sh", deployArgs(noApimodel), stdin());
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("apimodel.input.json is missing; the apimodel upload must run first");
    expect(noApimodel.invocations()).toEqual([]);
  });

  it("rejects an unknown identity system instead of letting deploy default to azure_ad", () => {
    const host = newHost();
    const args = deployArgs(host).map((a) => (a === "azure_ad" ? "ldap" : a));
    expect(host.run("deploy-cluster.sh", args, stdin())).toMatchObject({ status: 1, stderr: expect.stringContaining("--identity-system must be azure_ad or adfs") });
  });
});

describe("a rebuilt helper (restore-cluster-state.sh, then deploy-cluster.sh)", () => {
  itHolds([restoresWithoutRedeploy]);

  it("finishes a restore that was interrupted after generate but before the marker", () => {
    const original = newHost();
    original.run("deploy-cluster.sh", deployArgs(original), stdin());
    const backup = original.read("cluster/_output/apimodel.json");
    const rebuilt = newHost();
    rebuilt.write("cluster/_output/apimodel.json", '{"half": "written"}');
    const restore = rebuilt.run("restore-cluster-state.sh", identityArgs(rebuilt), restoreInput(backup));
    expect(restore.status).toBe(0);
    expect(generatedPki(rebuilt)).toBe(generatedPki(original));
    expect(rebuilt.run("deploy-cluster.sh", deployArgs(rebuilt), stdin()).stdout).toContain("the cluster is already deployed");
    expect(rebuilt.invocations().map((argv) => argv[0])).toEqual(["generate"]);
  });

  itHolds([restoreNoOps]);
});

describe("read-apimodel.sh", () => {
  itHolds([readsOnlyAfterSuccess]);
});

/**
 * Faults these tests catch, each shown once on a broken copy of the script (tests/support/
 * scriptFaults.ts); a fault's check is the test of that name above. Not listed, because no
 * behaviour shows them (equivalent, or defence in depth): deploy-cluster.sh's first "already
 * deployed" check (operation_plan repeats it under the lock); the worker's literal redaction of
 * the client secret (sanitize's rule for --client-secret and the redaction list hide it too); the
 * worker's `code=${PIPESTATUS[0]}` as `code=$?` (under pipefail the pipeline fails with aks-engine).
 */
describeFaults("deploy, the worker, restore, read-apimodel.sh and lib/operation.sh: faults these tests catch", [
  { script: "deploy-cluster.sh", fault: "a retry runs without --force-overwrite (it would fail on the output directory, or make a new PKI)",
    edit: ['OP_ARGS+=(--api-model "$OUT/apimodel.json" --output-directory "$OUT" --force-overwrite)', 'OP_ARGS+=(--api-model "$OUT/apimodel.json" --output-directory "$OUT")'], check: retriesKeepingPki },
  { script: "deploy-cluster.sh", fault: "the uploaded apimodel's hash is not recorded, so a changed apimodel is silently ignored on retry",
    edit: ['    input_hash >"$INPUT_HASH"', "    true"], check: refusesChangedInputOnRetry },
  { script: "deploy-cluster.sh", fault: "the cluster's identity is not recorded with the first attempt", edit: ['  echo "$identity" >"$IDENTITY"', "  true"], check: refusesMovedCluster },
  { script: "deploy-cluster.sh", fault: "the cluster's secret is not filled into the deploy copy of the apimodel",
    edit: ["[[ $retry == true ]] || write_deploy_apimodel", "[[ $retry == false ]] || write_deploy_apimodel"], check: fillsInClusterSecret },
  { script: "aks-engine-worker.sh", fault: "the success marker is written before the exit code is checked", edit: ["if [[ $code == 0 ]]; then", "if true; then"], check: readsOnlyAfterSuccess },
  { script: "aks-engine-worker.sh", fault: "the exit code recorded is the sanitiser's, not aks-engine's", edit: ["code=${PIPESTATUS[0]}", "code=${PIPESTATUS[1]}"], check: readsOnlyAfterSuccess },
  { script: "aks-engine-worker.sh", fault: "aks-engine's output reaches the log unsanitised", edit: ['2>&1 | sanitize "$secret" "${redact[@]}"', "2>&1 | cat"], check: retriesKeepingPki },
  { script: "aks-engine-worker.sh", fault: "the private copy of the apimodel (with the cluster's secret) and the temp files are left behind",
    edit: ["trap 'rm -rf \"$TMPDIR\" \"$credential_file\" \"$STATE/credential.redact\" \"$DEPLOY_APIMODEL\"' EXIT", "trap 'true' EXIT"], check: deploysOnceLeavingNoSecret },
  { script: "restore-cluster-state.sh", fault: "a deployed cluster's files are replaced by the backup", edit: ["if [[ -f $MARKER ]]; then", "if false; then"], check: restoreNoOps },
  { script: "restore-cluster-state.sh", fault: "no deployed marker after a restore, so the rebuilt helper deploys a new cluster",
    edit: ['date -u +%Y-%m-%dT%H:%M:%SZ >"$MARKER"', "true"], check: restoresWithoutRedeploy },
  { script: "read-apimodel.sh", fault: "the apimodel is read without a successful deploy", edit: ['[[ -f $MARKER ]] || die "no successful deploy', '[[ -f $MARKER ]] || true || die "no successful deploy'], check: readsOnlyAfterSuccess },
  { script: "lib/operation.sh", fault: "a stale exit code is left for the retry's wait, which then reports the last attempt's failure",
    edit: ['rm -rf "$OP_EXITCODE" "$STATE/credential"', 'rm -rf "$STATE/credential"'], check: retriesKeepingPki },
  { script: "lib/operation.sh", fault: "a panic (exit 2) is not explained", edit: ["if [[ $code == 2 ]]; then", "if [[ $code == 3 ]]; then"], check: explainsPanic },
  { script: "lib/operation.sh", fault: "the wait never gives up after --max-wait-seconds",
    edit: ['    if ((elapsed >= max_wait_seconds)); then\n      die "$OP_LABEL still running', '    if false; then\n      die "$OP_LABEL still running'], check: givesUpAfterMaxWait },
]);
