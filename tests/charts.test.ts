/**
 * Helm values the stamps give each chart, checked against the chart's published contract: its
 * values.schema.json where it ships one, and, for every chart, that each key the program sets
 * exists in the chart's values.yaml or schema (schemas here accept misspelled keys).
 */
import Ajv2019 from "ajv/dist/2019";
import Ajv2020 from "ajv/dist/2020";
import { readFileSync } from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import type { Plan, PlanResource } from "../tools/plan/evaluate";
import { byName, planStack } from "./support/plan";
import { specsDir } from "./support/specs";

const chartFile = (file: string) => readFileSync(path.join(specsDir(), "charts", file), "utf8");
const json = (file: string) => JSON.parse(chartFile(file));

/** A local stand-in for the remote Kubernetes definitions the NGINX schema references (not fetchable here). */
function remoteDefinitionsStub(schema: unknown): { id: string; stub: Record<string, unknown> } {
  const refs = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "$ref" && typeof value === "string" && value.startsWith("http")) refs.add(value);
        else walk(value);
      }
    }
  };
  walk(schema);
  const ids = new Set([...refs].map((ref) => ref.split("#")[0]));
  expect(ids.size).toBe(1);
  const [id] = ids;
  const stub: Record<string, any> = { $id: id };
  for (const ref of refs) {
    const pointer = ref.split("#")[1].split("/").filter(Boolean);
    let node = stub;
    for (const part of pointer) node = node[part] ??= {};
  }
  return { id, stub };
}

/** What Helm validates: the chart's values.yaml with the given values merged over it. */
function merged(defaults: unknown, values: unknown): unknown {
  if (!values || typeof values !== "object" || Array.isArray(values) || !defaults || typeof defaults !== "object" || Array.isArray(defaults)) return values;
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries(values)) out[key] = merged(out[key], value);
  return out;
}

/** Validates values as Helm would: merged over the chart's defaults, against its schema. Returns the errors. */
function schemaErrors(chart: "nginx-ingress" | "traefik", values: Record<string, unknown>): unknown[] {
  const schema = json(`${chart}.values.schema.json`);
  let validate;
  if (chart === "traefik") validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
  else {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    ajv.addFormat("uri-reference", /^\S*$/);
    ajv.addSchema(remoteDefinitionsStub(schema).stub);
    validate = ajv.compile(schema);
  }
  return validate(merged(yaml.load(chartFile(`${chart}.values.yaml`)), values)) ? [] : (validate.errors ?? []);
}

/** Leaf paths set in `values` that neither the chart's values.yaml nor its schema define. */
function unknownPaths(values: Record<string, unknown>, defaults: unknown, schema?: any): string[] {
  const unknown: string[] = [];
  const walk = (node: unknown, at: string[], defaultsNode: unknown, schemaNode: any) => {
    if (node === null || typeof node !== "object" || Array.isArray(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const inDefaults = defaultsNode && typeof defaultsNode === "object" && key in (defaultsNode as object);
      // An empty map in values.yaml, or a schema node typed by reference (a Kubernetes type), takes any keys.
      const freeForm =
        (defaultsNode !== undefined && defaultsNode !== null && typeof defaultsNode === "object" && Object.keys(defaultsNode).length === 0) ||
        typeof schemaNode?.$ref === "string";
      const inSchema = schemaNode?.properties && key in schemaNode.properties;
      if (!inDefaults && !inSchema && !freeForm) unknown.push([...at, key].join("."));
      else if (!freeForm) walk(value, [...at, key], inDefaults ? (defaultsNode as any)[key] : undefined, inSchema ? schemaNode.properties[key] : undefined);
    }
  };
  walk(values, [], defaults, schema);
  return unknown;
}

let nginxStamp: Plan;
let traefikStamp: Plan;
const release = (plan: Plan, component: "ingress" | "monitoring") => byName(plan, `${plan.outputs.stampName}-${component}-release`);
const valuesOf = (resource: PlanResource) => (resource.inputs as { values: Record<string, unknown> }).values;

beforeAll(async () => {
  nginxStamp = await planStack("stampA", { showSecrets: true });
  traefikStamp = await planStack("stampB", { showSecrets: true });
});

describe("the ingress controller release", () => {
  it.each([
    ["nginx", () => nginxStamp, "nginx-ingress", { chart: "oci://ghcr.io/nginx/charts/nginx-ingress", version: "2.7.2", namespace: "nginx-ingress", name: "nginx-ingress" }],
    ["traefik", () => traefikStamp, "traefik", { chart: "traefik", repositoryOpts: { repo: "https://traefik.github.io/charts" }, version: "37.1.2", namespace: "traefik", name: "traefik" }],
  ] as const)("%s: a pinned chart whose values pass its schema and name only keys it defines", (kind, plan, chart, expected) => {
    const resource = release(plan(), "ingress");
    expect(resource.inputs).toMatchObject(expected);
    expect(schemaErrors(chart, valuesOf(resource))).toEqual([]);
    expect(unknownPaths(valuesOf(resource), yaml.load(chartFile(`${chart}.values.yaml`)), json(`${chart}.values.schema.json`))).toEqual([]);
    // The address is read from the Service the chart names for this release, once the release exists.
    const service = byName(plan(), `${plan().outputs.stampName}-ingress-service`);
    expect(service.inputs.id).toBe(`${expected.namespace}/${kind === "nginx" ? "nginx-ingress-controller" : "traefik"}`);
    expect(service.dependsOn).toContain(resource.urn);
    expect(plan().outputs.ingressAddress).toMatch(/^192\.0\.2\.\d+$/);
  });

  it("asks, in exactly these values, for its own LoadBalancer on 80 and 443, two replicas spread over nodes per rollout, a budget of one pod down at a time, memory-capped requests and a class that is not the cluster default", () => {
    // No CPU limit, so bursts are not throttled; the spread counts only the pods of the current rollout (pod-template-hash).
    const resources = { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } };
    const spread = (instance: string, name: string) => [
      {
        maxSkew: 1,
        topologyKey: "kubernetes.io/hostname",
        whenUnsatisfiable: "DoNotSchedule",
        nodeTaintsPolicy: "Honor",
        labelSelector: { matchLabels: { "app.kubernetes.io/instance": instance, "app.kubernetes.io/name": name } },
        matchLabelKeys: ["pod-template-hash"],
      },
    ];
    expect(valuesOf(release(nginxStamp, "ingress"))).toEqual({
      controller: {
        replicaCount: 2,
        ingressClass: { name: "nginx", create: true, setAsDefaultIngress: false },
        service: { create: true, type: "LoadBalancer", httpPort: { enable: true, port: 80 }, httpsPort: { enable: true, port: 443 } },
        podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
        topologySpreadConstraints: spread("nginx-ingress", "nginx-ingress"),
        resources,
        allowEmptyIngressHost: true,
      },
    });
    expect(valuesOf(release(traefikStamp, "ingress"))).toEqual({
      deployment: { replicas: 2 },
      ingressClass: { enabled: true, isDefaultClass: false, name: "traefik" },
      service: { enabled: true, type: "LoadBalancer" },
      ports: { web: { exposedPort: 80 }, websecure: { exposedPort: 443 } },
      podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
      topologySpreadConstraints: spread("traefik-traefik", "traefik"),
      resources,
    });
  });
});

describe("the schema checks themselves", () => {
  it("reject a mistyped value, and the path check catches a misspelled or obsolete key", () => {
    expect(schemaErrors("nginx-ingress", {})).toEqual([]);
    expect(schemaErrors("nginx-ingress", { controller: { replicaCount: "two" } })).toMatchObject([{ instancePath: "/controller/replicaCount", keyword: "type" }]);
    expect(schemaErrors("traefik", {})).toEqual([]);
    expect(schemaErrors("traefik", { deployment: { replicas: "two" } })).toMatchObject([{ instancePath: "/deployment/replicas" }]);
    expect(unknownPaths({ controller: { replicaCont: 2 } }, yaml.load(chartFile("nginx-ingress.values.yaml")), json("nginx-ingress.values.schema.json"))).toEqual(["controller.replicaCont"]);
    expect(unknownPaths({ omsagent: { secret: { wsid: "x" } } }, yaml.load(chartFile("azuremonitor-containers.values.yaml")))).toEqual(["omsagent"]);
  });
});

describe("the container insights release", () => {
  it("uses the chart's amalogs.* keys with the global stack's workspace and a cluster name unique to the stamp", () => {
    for (const plan of [nginxStamp, traefikStamp]) {
      const resource = release(plan, "monitoring");
      expect(resource.inputs).toMatchObject({ chart: "azuremonitor-containers", repositoryOpts: { repo: "https://microsoft.github.io/charts/repo" }, version: "3.1.28", namespace: "kube-system" });
      expect(valuesOf(resource)).toEqual({
        amalogs: {
          secret: { wsid: "6f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b", key: "<secret:workspaceKey>" },
          env: { clusterName: `${plan.outputs.stampName}-${plan.outputs.clusterName}` },
        },
      });
      expect(unknownPaths(valuesOf(resource), yaml.load(chartFile("azuremonitor-containers.values.yaml")))).toEqual([]);
    }
    expect(nginxStamp.outputs.monitoringClusterName).not.toBe(traefikStamp.outputs.monitoringClusterName);
  });

  it("carries the workspace key only as a secret", async () => {
    const hidden = await planStack("stampA");
    const resource = release(hidden, "monitoring");
    expect(resource.secretInputs).toEqual(["values.amalogs.secret.key"]);
    expect((valuesOf(resource).amalogs as any).secret.key).toBe("[secret]");
  });

  it("is left out when monitoring is disabled", async () => {
    const plan = await planStack("stampA", { values: { monitoringEnabled: "false", globalStack: undefined } });
    expect(plan.resources.filter((r) => r.name.startsWith("stampa-monitoring"))).toEqual([]);
    expect(plan.resources.filter((r) => r.type === "pulumi:pulumi:StackReference").map((r) => r.name)).toEqual(["stampa-previous-state"]);
    expect(plan.outputs.monitoringClusterName).toBeNull();
  });
});
