/** The stamp outputs contract: README table, the StampOutputs type and the plans agree. */
import { readFileSync } from "fs";
import * as path from "path";
import type { StampOutputs } from "../stacks/stamp";
import { planStack, ROOT } from "./support/plan";

// Compile-time half of the contract: this object must name every key of StampOutputs, and only those.
const SECRET_OUTPUTS: Record<keyof StampOutputs, boolean> = {
  stampName: false, hubLocation: false, clusterName: false, kubernetesVersion: false, nodeCount: false, clusterState: false, apiServerUrl: false,
  clusterResourceGroup: false, helperAddress: false, helperUser: false, helperHostKey: false, nodeAdminUsername: false, ingressController: false,
  ingressAddress: false, appUrl: false, appNamespace: false, monitoringClusterName: false,
  kubeconfig: true, deployerKubeconfig: true, apimodelBackup: true, helperSshPrivateKey: true, nodeSshPrivateKey: true,
};

function documentedOutputs(): Record<string, boolean> {
  const section = readFileSync(path.join(ROOT, "README.md"), "utf8").split("## Stack outputs (stamp)")[1].split("\n## ")[0];
  const rows = section.split("\n").filter((line) => /^\| `\w+` \|/.test(line));
  return Object.fromEntries(rows.map((row) => {
    const cells = row.split("|").map((c) => c.trim());
    return [cells[1].replace(/`/g, ""), cells[3] === "**yes**"];
  }));
}

describe("the stamp outputs contract", () => {
  it("the README documents exactly the outputs of the StampOutputs type, with the same secrecy", () => {
    expect(documentedOutputs()).toEqual(SECRET_OUTPUTS);
  });

  it.each(["stampA", "stampB"])("%s exports every documented output, secrets as secrets", async (stack) => {
    const plan = await planStack(stack);
    expect(Object.keys(plan.outputs).sort()).toEqual(Object.keys(SECRET_OUTPUTS).sort());
    for (const [name, secret] of Object.entries(SECRET_OUTPUTS)) {
      if (secret) expect({ name, value: plan.outputs[name] }).toEqual({ name, value: "[secret]" });
      else expect({ name, secret: plan.outputs[name] === "[secret]" }).toEqual({ name, secret: false });
    }
    expect(plan.outputs.ingressAddress).toEqual(expect.any(String));
    expect(plan.outputs.appUrl).toBe(`http://${plan.outputs.ingressAddress}/`);
  });
});
