/**
 * The README's day-2 table, row by row, from two offline plan evaluations each (the stack as
 * deployed with its stack file, then with one value changed): each operation touches its own step
 * and the backup that reads its result, nothing else; the deploy never runs again.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import type { BlastRadius } from "../tools/plan/blastRadius";
import { blastRadius } from "../tools/plan/blastRadius";
import { blastRadiusOf, rows } from "./support/blastRadius";
import { isolatedEvaluate } from "./support/plan";

const ROOT = path.join(__dirname, "..");

/** What the README's table shows for a change: each touched resource with its action. */
function cell(result: BlastRadius): string {
  return result.changes.map((c) => `\`${c.name}\` (${c.action})`).join(", ");
}

function readmeCell(key: string): string {
  const section = readFileSync(path.join(ROOT, "README.md"), "utf8").split("### Day-2 operations")[1].split("\n### ")[0];
  const row = section.split("\n").find((line) => line.startsWith(`| \`${key}\``));
  if (!row) throw new Error(`the README's day-2 table has no row for ${key}`);
  return row.replace(/ \|$/, "").split(" | ").pop() ?? "";
}

describe("day-2 changes on a deployed stampA", () => {
  it.each([
    ["agentCount", "5", ["stampa-cluster-apimodel-backup", "stampa-cluster-operations-scale"]],
    // the namespace's Pod Security enforce-version follows the cluster's minor
    ["kubernetesVersion", "1.34.4", ["stampa-app-namespace", "stampa-cluster-apimodel-backup", "stampa-cluster-operations-kubernetes-upgrade"]],
    ["nodeImageRefresh", "2026-12-02", ["stampa-cluster-apimodel-backup", "stampa-cluster-operations-node-image-refresh"]],
    ["appHpaMaxReplicas", "20", ["stampa-app-web-autoscaler"]],
  ])("%s=%s updates only %j, and the README says so", async (key, value, touched) => {
    const result = await blastRadiusOf("stampA", { [key]: value });
    expect(result.changes.map((c) => [c.name, c.action])).toEqual(touched.map((name) => [name, "update"]));
    expect(readmeCell(key)).toBe(cell(result));
  });

  it("the upgrade step's command names the target; the scale step's the new count", async () => {
    const upgrade = rows(await blastRadiusOf("stampA", { kubernetesVersion: "1.34.4" }));
    expect(upgrade.find((row) => row[0] === "stampa-cluster-operations-kubernetes-upgrade")?.[2]).toMatch(/^create: .*--kubernetes-version 1\.33\.10.* → .*--kubernetes-version 1\.34\.4/);
  });

  it("nothing changed means nothing touched", async () => {
    expect((await blastRadiusOf("stampA", {})).changes).toEqual([]);
  });

  it("an immutable setting is refused before anything runs, with the deployed and requested values", async () => {
    await expect(blastRadiusOf("stampA", { agentVmSize: "Standard_DS3_v2" })).rejects.toThrow(
      "agentVmSize: the deployed cluster has Standard_DS2_v2, not Standard_DS3_v2: aks-engine-azurestack cannot change it on a running cluster.",
    );
  });

  it("an aks-engine release bump reinstalls the binary and nothing else (a stamp deployed with v0.84.2 at 1.33.5)", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "bump-"));
    try {
      copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
      const stackFile = readFileSync(path.join(ROOT, "Pulumi.stampA.yaml"), "utf8").replace('kubernetesVersion: "1.33"', 'kubernetesVersion: "1.33.5"');
      writeFileSync(path.join(root, "Pulumi.stampA.yaml"), `${stackFile}  azs-ha-kubernetes:aksEngineVersion: v0.84.2\n`);
      const result = await blastRadius("stampA", { aksEngineVersion: "v0.85.0" }, { root, evaluate: isolatedEvaluate });
      expect(result.changes.map((c) => [c.name, c.action])).toEqual([["stampa-cluster-install-aks-engine", "update"]]);
      expect(readmeCell("aksEngineVersion")).toBe(cell(result));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
