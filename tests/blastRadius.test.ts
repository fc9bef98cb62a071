/**
 * `npm run blast-radius`: the stack deployed with its stack file, then changed by `--set`, each
 * side an offline plan evaluation (tools/plan/blastRadius.ts). Day-2 rows (Kubernetes version,
 * agent count...) belong here too: `blastRadiusOf(stack, { key: value })` and `rows(...)`.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { stackOverrides } from "../tools/plan/blastRadius";
import { blastRadiusOf, rows } from "./support/blastRadius";

const ROOT = path.join(__dirname, "..");
const PROJECT = "azs-ha-kubernetes";

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(path.join(ROOT, "node_modules", ".bin", "ts-node"), ["--transpile-only", "tools/blastRadius.ts", ...args], { cwd: ROOT, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("blast radius of config changes", () => {
  it("an app setting (HPA maximum) touches only its Kubernetes object, as an update of exactly that path", async () => {
    const result = await blastRadiusOf("stampA", { appHpaMaxReplicas: "20" });
    expect(result.changes).toEqual([
      {
        urn: "urn:pulumi:stampA::azs-ha-kubernetes::azs-ha:app:RatingsApp$kubernetes:autoscaling/v2:HorizontalPodAutoscaler::stampa-app-web-autoscaler",
        type: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
        name: "stampa-app-web-autoscaler",
        action: "update",
        changes: [{ path: "spec.maxReplicas", kind: "update", old: 10, new: 20, secret: false, replaces: false }],
        notes: [],
      },
    ]);
    expect(rows(result)).toEqual([["stampa-app-web-autoscaler", "update", "spec.maxReplicas: 10 → 20"]]);
    expect(result.changesSomething).toBe(true);
  });
});

describe("npm run blast-radius", () => {
  it("prints the table and exits 2 when something changes", () => {
    expect(cli("--stack", "stampA", "--set", "appHpaMaxReplicas=20")).toEqual({
      status: 2,
      stdout: [
        "stack stampA with appHpaMaxReplicas=20: 0 create, 0 replace, 1 update, 0 delete",
        "",
        "RESOURCE                   TYPE                                               ACTION  CHANGE",
        "stampa-app-web-autoscaler  kubernetes:autoscaling/v2:HorizontalPodAutoscaler  update  spec.maxReplicas: 10 → 20",
        "",
      ].join("\n"),
      stderr: "",
    });
  });

  it("exits 0 and touches nothing when the value is the one deployed", () => {
    expect(cli("--stack=stampA", "--set=appHpaMaxReplicas=10")).toEqual({
      status: 0,
      stdout: "stack stampA with appHpaMaxReplicas=10: 0 create, 0 replace, 0 update, 0 delete\n",
      stderr: "",
    });
  });

  it("exits 1 with the configuration error for an invalid value", () => {
    expect(cli("--stack", "stampA", "--set", "appHpaMaxReplicas=many")).toEqual({
      status: 1,
      stdout: "",
      stderr: 'Invalid configuration for stack "stampA" (1 problem):\n  - appHpaMaxReplicas: "many" is not an integer\n',
    });
  });
});

describe("--set values, as pulumi config set stores them", () => {
  it("text for scalars (the program parses them), a list for array keys, ciphertext for secrets", () => {
    expect(stackOverrides(PROJECT, { agentCount: "5", [`${PROJECT}:helperSshSourceRanges`]: '["203.0.113.0/24"]', hubClientSecret: "rotated" })).toEqual({
      values: {
        [`${PROJECT}:agentCount`]: "5",
        [`${PROJECT}:helperSshSourceRanges`]: ["203.0.113.0/24"],
        [`${PROJECT}:hubClientSecret`]: { secure: "rotated" },
      },
      secrets: { hubClientSecret: "rotated" },
    });
  });

  it("refuses unknown keys, other namespaces and lists that are not JSON", () => {
    expect(() => stackOverrides(PROJECT, { agentCout: "5" })).toThrow("--set agentCout: unknown configuration key (the README's Configuration section lists them)");
    expect(() => stackOverrides(PROJECT, { "kubernetes:context": "x" })).toThrow(`--set kubernetes:context: only keys of the project (${PROJECT}) can be set here`);
    expect(() => stackOverrides(PROJECT, { helperSshSourceRanges: "203.0.113.0/24" })).toThrow('--set helperSshSourceRanges: helperSshSourceRanges is a list; give it as JSON, e.g. ["a","b"]');
    expect(() => stackOverrides(PROJECT, { trafficManagerEndpoints: "stampA" })).toThrow('--set trafficManagerEndpoints: trafficManagerEndpoints is a list; give it as JSON, e.g. [{"stack":"..."}]');
    expect(stackOverrides(PROJECT, { trafficManagerEndpoints: '[{"stack":"o/p/stampA"}]' }).values).toEqual({ [`${PROJECT}:trafficManagerEndpoints`]: [{ stack: "o/p/stampA" }] });
  });
});
