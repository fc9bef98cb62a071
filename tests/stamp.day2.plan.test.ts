/**
 * The stamp's plan once its cluster exists (its own previous outputs in the stack-reference
 * fixture): day-2 steps carry their targets, nothing that holds the cluster can be destroyed by
 * accident, settings aks-engine cannot change are refused before anything runs, and no step
 * waits for what it does not need.
 */
import type { Plan } from "../tools/plan/evaluate";
import type { StackReferenceFixture } from "../tools/plan/mocks";
import { diffPlans, reported } from "../tools/plan/diff";
import { byName, deployedReference, planStack } from "./support/plan";

let first: Plan;
let previous: Record<string, StackReferenceFixture>;
let deployed: Plan;
beforeAll(async () => {
  first = await planStack("stampA");
  previous = await deployedReference("stampA");
  deployed = await planStack("stampA", { stackReferences: previous });
});

const create = (plan: Plan, name: string) => String(byName(plan, name).inputs.create);
const inputs = (plan: Plan, name: string) => byName(plan, name).inputs as Record<string, unknown>;

describe("a deployed stamp's plan", () => {
  it("freezes the uploaded apimodel once the cluster exists: deploy never reads it again", () => {
    expect(byName(first, "stampa-cluster-upload-cluster-apimodel-input-json").options.ignoreChanges).toEqual([]);
    expect(byName(deployed, "stampa-cluster-upload-cluster-apimodel-input-json").options.ignoreChanges).toEqual(["source"]);
    expect(byName(deployed, "stampa-cluster-upload-scripts-deploy-cluster-sh").options.ignoreChanges).toEqual([]);
  });

  it("gives each operation its target in its command, so only a change of that target runs it", async () => {
    const changed = await planStack("stampA", { stackReferences: previous, values: { kubernetesVersion: "1.34.4", agentCount: "5", nodeImageRefresh: "2026-12-02" } });
    expect(create(changed, "stampa-cluster-operations-kubernetes-upgrade")).toContain("--kubernetes-version 1.34.4 # scripts");
    expect(create(changed, "stampa-cluster-operations-node-image-refresh")).toContain("--token 2026-12-02 # scripts");
    expect(create(changed, "stampa-cluster-operations-scale")).toContain(
      "--node-pool linuxpool --node-count 5 --apiserver ratings-redmond.redmond.cloudapp.azurestack.contoso.com # scripts",
    );
    expect(create(changed, "stampa-cluster-apimodel-backup")).toMatch(/\(after: kubernetes 1\.34\.4, linuxpool 5 nodes, node images 2026-12-02\)$/);
    expect(create(deployed, "stampa-cluster-operations-node-image-refresh")).toContain("--token none # scripts");
    // the deploy step is the same as before: day-2 changes never run it again
    expect(byName(changed, "stampa-cluster-deploy").inputs).toEqual(byName(deployed, "stampa-cluster-deploy").inputs);
  });

  it("reports the cluster from its generated apimodel (clusterState), and kubernetesVersion and nodeCount from that", () => {
    expect(deployed.outputs.clusterState).toEqual((previous["organization/azs-ha-kubernetes/stampA"].outputs as Record<string, unknown>).clusterState);
    expect(deployed.outputs.kubernetesVersion).toBe("1.33.10");
    expect(deployed.outputs.nodeCount).toBe(6);
  });

  it("protects the deploy step and the backup unless protectCluster is false", async () => {
    for (const step of ["stampa-cluster-deploy", "stampa-cluster-apimodel-backup"]) expect({ step, protect: byName(deployed, step).options.protect }).toEqual({ step, protect: true });
    const unprotected = await planStack("stampA", { stackReferences: previous, values: { protectCluster: "false" } });
    for (const step of ["stampa-cluster-deploy", "stampa-cluster-apimodel-backup"]) expect({ step, protect: byName(unprotected, step).options.protect }).toEqual({ step, protect: false });
  });

  it("keeps MongoDB's data when the stack or the StatefulSet goes: the namespace is retained, the claims too (a scale-down drops only removed members' claims)", () => {
    expect(byName(deployed, "stampa-app-namespace").options.retainOnDelete).toBe(true);
    expect((byName(deployed, "stampa-app-mongodb-members").inputs.spec as Record<string, unknown>).persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: "Retain", whenScaled: "Delete" });
  });

  it("restores a rebuilt helper from the backup of its time: each helper generation has its own restore step", async () => {
    const restore = byName(deployed, "stampa-cluster-restore-g1");
    expect(restore.options.ignoreChanges).toEqual(["stdin"]);
    const rebuilt = await planStack("stampA", { stackReferences: previous, values: { helperGeneration: "2" }, showSecrets: true });
    expect(() => byName(rebuilt, "stampa-cluster-restore-g1")).toThrow("no resource named stampa-cluster-restore-g1");
    // a new resource (no old state, so nothing of an ignored input is kept): created with the current backup
    const backup = (previous["organization/azs-ha-kubernetes/stampA"].outputs as Record<string, string>).apimodelBackup;
    expect(inputs(rebuilt, "stampa-cluster-restore-g2").stdin).toBe(`v0.85.0\n${backup}`);
  });

  it("lets the deployer account wait for the app's namespace only, not for the whole app", () => {
    const namespace = byName(deployed, "stampa-app-namespace").urn;
    const appObjects = deployed.resources.filter((r) => r.name.startsWith("stampa-app-") && r.name !== "stampa-app-namespace").map((r) => r.urn);
    for (const r of deployed.resources.filter((resource) => resource.name.startsWith("stampa-deployer-"))) {
      expect({ name: r.name, waitsForApp: r.dependsOn.some((urn) => appObjects.includes(urn)) }).toEqual({ name: r.name, waitsForApp: false });
    }
    expect(byName(deployed, "stampa-deployer-account").dependsOn).toContain(namespace);
  });

  it("shows no change on the second `pulumi up` after the first deploy, although the stack now has a backup and a clusterState", async () => {
    const firstRun = await planStack("stampA", { showSecrets: true });
    const secondRun = await planStack("stampA", { stackReferences: previous, showSecrets: true });
    expect(reported(diffPlans(firstRun, secondRun))).toEqual([]);
  });

  it("shows no change on the `pulumi up` right after an upgrade, although the backup the restore step reads changed", async () => {
    const upgraded = { kubernetesVersion: "1.34.4" };
    const upgradeRun = await planStack("stampA", { values: upgraded, stackReferences: previous, showSecrets: true });
    const afterwards = await deployedReference("stampA", { values: upgraded, stackReferences: previous });
    const nextRun = await planStack("stampA", { values: upgraded, stackReferences: afterwards, showSecrets: true });
    expect(inputs(nextRun, "stampa-cluster-restore-g1").stdin).not.toBe(inputs(upgradeRun, "stampa-cluster-restore-g1").stdin);
    expect(reported(diffPlans(upgradeRun, nextRun))).toEqual([]);
  });

  it("refuses a change aks-engine cannot make, before anything runs, naming the deployed value", async () => {
    await expect(planStack("stampA", { stackReferences: previous, values: { masterCount: "5" } })).rejects.toThrow(
      "masterCount: the deployed cluster has 3, not 5: aks-engine-azurestack cannot change it on a running cluster. " +
        "Set masterCount back to 3, or deploy a new stamp (a new stack) with 5 and move its traffic over",
    );
  });
});

describe("a stamp deployed before clusterState was published", () => {
  const SELF = "organization/azs-ha-kubernetes/stampA";
  /** Its previous outputs: no clusterState, and the apimodel backup given (secret or not) or left out. */
  const legacy = (backup: string | undefined, secret: boolean): Record<string, StackReferenceFixture> => {
    const { clusterState: _state, apimodelBackup: _backup, ...outputs } = previous[SELF].outputs as Record<string, unknown>;
    const secretOutputNames = (previous[SELF].secretOutputNames ?? []).filter((name) => secret || name !== "apimodelBackup");
    return { ...previous, [SELF]: { outputs: backup === undefined ? outputs : { ...outputs, apimodelBackup: backup }, secretOutputNames } };
  };
  const uploadFrozen = (plan: Plan) => byName(plan, "stampa-cluster-upload-cluster-apimodel-input-json").options.ignoreChanges;

  it("gets the deployed cluster from its apimodel backup, secret or not: the day-2 rules apply and the upload stays frozen", async () => {
    const backup = (previous[SELF].outputs as Record<string, string>).apimodelBackup;
    for (const secret of [true, false]) {
      expect({ secret, frozen: uploadFrozen(await planStack("stampA", { stackReferences: legacy(backup, secret) })) }).toEqual({ secret, frozen: ["source"] });
      await expect(planStack("stampA", { stackReferences: legacy(backup, secret), values: { masterCount: "5" } })).rejects.toThrow("masterCount: the deployed cluster has 3, not 5");
    }
  });

  it("is not deployed yet when that backup is missing, empty or blank", async () => {
    for (const backup of [undefined, "", " \n"]) {
      const plan = await planStack("stampA", { stackReferences: legacy(backup, true), values: { masterCount: "5" } });
      expect({ backup, frozen: uploadFrozen(plan) }).toEqual({ backup, frozen: [] });
    }
  });
});
