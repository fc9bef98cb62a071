/** The stacks' outputs contracts: for each role, the README table, the outputs type and the plans agree. */
import { readFileSync } from "fs";
import * as path from "path";
import type { GlobalOutputs } from "../stacks/global";
import type { StampOutputs } from "../stacks/stamp";
import { planStack, ROOT } from "./support/plan";

// Compile-time half of the contract: each object must name every key of its outputs type, and only those.
const SECRET_OUTPUTS: Record<keyof StampOutputs, boolean> = {
  stampName: false, hubLocation: false, clusterName: false, kubernetesVersion: false, nodeCount: false, clusterState: false, apiServerUrl: false,
  clusterResourceGroup: false, helperAddress: false, helperUser: false, helperHostKey: false, nodeAdminUsername: false, ingressController: false,
  ingressAddress: false, appUrl: false, appNamespace: false, appMongoReplicas: false, monitoringClusterName: false,
  kubeconfig: true, deployerKubeconfig: true, apimodelBackup: true, helperSshPrivateKey: true, nodeSshPrivateKey: true,
};
const GLOBAL_SECRET_OUTPUTS: Record<keyof GlobalOutputs, boolean> = {
  appUrl: false, trafficManagerFqdn: false, trafficManagerProfileId: false, workspaceId: false, endpoints: false, workspaceKey: true,
};

/** The outputs table of a README section (up to the next `## ` heading): name to secrecy. */
function documentedOutputs(heading: string): Record<string, boolean> {
  const section = readFileSync(path.join(ROOT, "README.md"), "utf8").split(`\n${heading}\n`)[1].split("\n## ")[0];
  const rows = section.split("\n").filter((line) => /^\| `\w+` \|/.test(line));
  return Object.fromEntries(rows.map((row) => {
    const cells = row.split("|").map((c) => c.trim());
    return [cells[1].replace(/`/g, ""), cells[3] === "**yes**"];
  }));
}

function expectSecrecy(outputs: Record<string, unknown>, contract: Record<string, boolean>): void {
  expect(Object.keys(outputs).sort()).toEqual(Object.keys(contract).sort());
  for (const [name, secret] of Object.entries(contract)) {
    if (secret) expect({ name, value: outputs[name] }).toEqual({ name, value: "[secret]" });
    else expect({ name, secret: outputs[name] === "[secret]" }).toEqual({ name, secret: false });
  }
}

describe("the stamp outputs contract", () => {
  it("the README documents exactly the outputs of the StampOutputs type, with the same secrecy", () => {
    expect(documentedOutputs("## Stack outputs (stamp)")).toEqual(SECRET_OUTPUTS);
  });

  it.each(["stampA", "stampB"])("%s exports every documented output, secrets as secrets", async (stack) => {
    const plan = await planStack(stack);
    expectSecrecy(plan.outputs, SECRET_OUTPUTS);
    expect(plan.outputs.ingressAddress).toEqual(expect.any(String));
    expect(plan.outputs.appUrl).toBe(`http://${plan.outputs.ingressAddress}/`);
  });
});

describe("the global outputs contract", () => {
  it("the README documents exactly the outputs of the GlobalOutputs type, with the same secrecy", () => {
    expect(documentedOutputs("## The global stack")).toEqual(GLOBAL_SECRET_OUTPUTS);
  });

  it("the global stack exports every documented output, secrets as secrets", async () => {
    expectSecrecy((await planStack("global")).outputs, GLOBAL_SECRET_OUTPUTS);
  });
});
