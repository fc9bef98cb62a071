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

describe("deploy-cluster.sh", () => {
  it("deploys once with the exact hub flags, reports progress, and leaves no secret behind", () => {
    const host = newHost();
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
  });

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

  it("gives up waiting after --max-wait-seconds while the deploy goes on, and a re-run picks it up", () => {
    const host = newHost();
    host.env.FAKE_AKS_DEPLOY_SECONDS = "4";
    const impatient = host.run("deploy-cluster.sh", deployArgs(host, ["--max-wait-seconds", "1"]), stdin());
    expect(impatient.status).toBe(1);
    expect(impatient.stderr).toContain("it continues on the helper. Run pulumi up again to resume waiting.");
    const patient = host.run("deploy-cluster.sh", deployArgs(host), stdin());
    expect(patient.status).toBe(0);
    expect(host.invocations()).toHaveLength(1);
  });

  it("after a failed ARM deployment, retries from the generated apimodel with --force-overwrite and keeps the PKI", () => {
    const host = newHost();
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
  });

  it("refuses to retry a failed deploy when the uploaded apimodel changed since, instead of ignoring the change", () => {
    const host = newHost();
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
  });

  it("stops after the worker vanished (helper reboot) instead of racing its ARM deployment, then retries on the next run", async () => {
    const host = newHost();
    host.env.FAKE_AKS_DEPLOY_SECONDS = "30";
    const session = await host.start("deploy-cluster.sh", deployArgs(host), stdin(), "deploy running");
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

  it("fails when the cluster's location, resource group or subscription changed, instead of reporting the old cluster", () => {
    const host = newHost();
    expect(host.run("deploy-cluster.sh", deployArgs(host), stdin()).status).toBe(0);
    const moved = host.run("deploy-cluster.sh", deployArgs(host).map((a) => (a === "ratings-rg" ? "ratings-rg2" : a)), stdin());
    expect(moved.status).toBe(1);
    expect(moved.stderr).toContain(
      `this helper's cluster was deployed as 'location=redmond resource-group=ratings-rg subscription=${SUBSCRIPTION} cluster-client-id=${CLIENT}', ` +
        `not 'location=redmond resource-group=ratings-rg2 subscription=${SUBSCRIPTION} cluster-client-id=${CLIENT}'`,
    );
    expect(host.invocations()).toHaveLength(1);
  });

  it("treats a panic (exit 2) as a failure and says what usually causes it", () => {
    const host = newHost();
    host.scenarioOf("panic");
    const run = host.run("deploy-cluster.sh", deployArgs(host), stdin());
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("aks-engine-azurestack panicked (exit 2)");
    expect(run.stderr).toContain("its TLS certificate is not trusted (see hubRootCaPem)");
    expect(run.stderr).toContain("panic: runtime error");
    expect(host.exists("cluster/state/deployed")).toBe(false);
  });

  it("hands deploy a private copy of the uploaded apimodel with the cluster's secret in place of the placeholder", () => {
    const host = newHost();
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
  });

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
  it("gets the cluster's files back from the stack's backup and does not deploy again", () => {
    const original = newHost();
    expect(original.run("deploy-cluster.sh", deployArgs(original), stdin()).status).toBe(0);
    const backup = backupText(parseEnvelope(original.run("read-apimodel.sh", ["--work", original.work]).stdout));

    const rebuilt = newHost();
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
  });

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

  it("does nothing on a first deploy (empty backup) or when the cluster is deployed here", () => {
    const fresh = newHost();
    expect(fresh.run("restore-cluster-state.sh", identityArgs(fresh), restoreInput("")).stdout).toContain("no apimodel backup in the stack yet (first deploy); nothing to restore");
    expect(fresh.exists("cluster/state/deployed")).toBe(false);

    const deployed = newHost();
    deployed.run("deploy-cluster.sh", deployArgs(deployed), stdin());
    const run = deployed.run("restore-cluster-state.sh", identityArgs(deployed), restoreInput('{"stale": true}'));
    expect(run.stdout).toContain("this helper has a deployed cluster; nothing to restore");
    expect(deployed.invocations().map((argv) => argv[0])).toEqual(["deploy"]);
  });
});

describe("read-apimodel.sh", () => {
  it("prints only the generated apimodel with the release that wrote it, and refuses before a successful deploy", () => {
    const host = newHost();
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
  });
});
