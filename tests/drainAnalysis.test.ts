/**
 * Issue 11: every serving tier of both example stamps keeps a ready pod through the drain (or loss)
 * of any one node, by the static analysis of tests/support/drainAnalysis.ts over their offline
 * plans; and each rule of that analysis fails where it should (the negative controls), naming the
 * tier and, for a replica count, the config key that fixes it.
 */
import { readFileSync } from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { INGRESS_CHARTS } from "../platform/ingress";
import type { Plan } from "../tools/plan/evaluate";
import { CHART_POD_LABELS, chartOf, drainProblems, stampWorkloads } from "./support/drainAnalysis";
import { byName, planStack } from "./support/plan";
import { specsDir } from "./support/specs";
import { validateKubernetesObjects } from "./support/validateKubernetes";

const plans: Record<string, Plan> = {};
beforeAll(async () => {
  plans.stampA = await planStack("stampA", { showSecrets: true });
  plans.stampB = await planStack("stampB", { showSecrets: true });
});

/** A copy of a stamp's plan with one resource's inputs changed. */
function changed(stack: string, resource: string, change: (inputs: any) => void): Plan {
  const plan = structuredClone(plans[stack]);
  change(byName(plan, resource).inputs);
  return plan;
}
const ingressRelease = (stack: string) => `${plans[stack].outputs.stampName}-ingress-release`;

describe.each([
  ["stampA", "nginx", "ingress controller (nginx-ingress)"],
  ["stampB", "traefik", "ingress controller (traefik)"],
])("%s (%s)", (stack, kind, ingressTier) => {
  it("keeps a ready pod of every tier through the drain of any one node", () => {
    const workloads = stampWorkloads(plans[stack]);
    expect(workloads.map((w) => w.tier)).toEqual([ingressTier, "ratings-api", "ratings-mongodb", "ratings-web"]);
    expect(drainProblems(workloads)).toEqual([]);
  });

  it("analyses every Helm release that serves traffic: the only other one is container insights", () => {
    const releases = plans[stack].resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release").map((r) => chartOf(r.inputs as { chart: string }));
    expect(releases.filter((chart) => CHART_POD_LABELS[chart] === undefined)).toEqual(["azuremonitor-containers"]);
  });

  it("spreads the controller with the labels its chart gives its pods, in a spread Kubernetes accepts", () => {
    const chart = INGRESS_CHARTS[kind as "nginx" | "traefik"];
    const chartName = (yaml.load(readFileSync(path.join(specsDir(), "charts", `${chartOf(chart)}.Chart.yaml`), "utf8")) as { name: string }).name;
    expect(chart.podLabels).toEqual(CHART_POD_LABELS[chartName](chartName, chart.releaseName, chart.namespace));
    // The NGINX chart's schema takes any topologySpreadConstraints (a reference to a Kubernetes type): check them as Kubernetes would.
    const [ingress] = stampWorkloads(plans[stack]);
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "controller", labels: ingress.podLabels }, spec: { containers: [{ name: "c", image: "i" }], topologySpreadConstraints: ingress.topologySpreadConstraints } };
    expect(validateKubernetesObjects([pod])).toEqual([{ kind: "Pod", name: "controller", error: null }]);
  });
});

describe("the negative controls: each rule fails where it should", () => {
  it.each([
    ["the guide's single ratings-web replica", { appHpaMinReplicas: "1" }, ["ratings-web: 1 replica: draining its node leaves none ready (raise appHpaMinReplicas)"]],
    ["a single MongoDB member", { appMongoReplicas: "1" }, ["ratings-mongodb: 1 replica: draining its node leaves none ready (raise appMongoReplicas)"]],
  ])("%s (from config)", async (_what, values, expected) => {
    expect(drainProblems(stampWorkloads(await planStack("stampA", { values, showSecrets: true })))).toEqual(expected);
  });

  it.each([
    ["a single ingress controller replica", "stampA", (v: any) => (v.controller.replicaCount = 1), "ingress controller (nginx-ingress): 1 replica: draining its node leaves none ready (raise ingressReplicas)"],
    [
      "a best-effort spread of the ingress controller",
      "stampB",
      (v: any) => (v.topologySpreadConstraints[0].whenUnsatisfiable = "ScheduleAnyway"),
      "ingress controller (traefik): its spread across nodes is best effort (whenUnsatisfiable: ScheduleAnyway): the scheduler may put every replica on one node, whose crash takes them all",
    ],
    ["an ingress budget that is switched off", "stampB", (v: any) => (v.podDisruptionBudget.enabled = false), "ingress controller (traefik): no PodDisruptionBudget selects its pods: nothing limits evictions to one at a time"],
  ])("%s (chart values)", (_what, stack, change, expected) => {
    expect(drainProblems(stampWorkloads(changed(stack, ingressRelease(stack), (inputs) => change(inputs.values))))).toEqual([expected]);
  });

  it.each([
    ["a budget of zero (maxUnavailable 0)", "stampa-app-web-disruption-budget", (o: any) => (o.spec.maxUnavailable = 0),
      "ratings-web: its budget (maxUnavailable 0) allows no eviction at 2 replicas: a drain of its node waits for ever"],
    ["a budget of minAvailable = replicas", "stampa-app-mongodb-disruption-budget", (o: any) => (o.spec = { minAvailable: 3, selector: o.spec.selector }),
      "ratings-mongodb: its budget (minAvailable 3) allows no eviction at 3 replicas: a drain of its node waits for ever"],
    ["a budget of minAvailable 1 over 3 members", "stampa-app-mongodb-disruption-budget", (o: any) => (o.spec = { minAvailable: 1, selector: o.spec.selector }),
      "ratings-mongodb: its budget (minAvailable 1) allows 2 evictions at once at 3 replicas"],
    ["a percentage that allows more than one at the autoscaler's maximum", "stampa-app-web-disruption-budget", (o: any) => (o.spec.maxUnavailable = "50%"),
      "ratings-web: its budget (maxUnavailable 50%) allows 2 evictions at once at 3 replicas"],
    ["a best-effort spread (ScheduleAnyway)", "stampa-app-web", (o: any) => (o.spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable = "ScheduleAnyway"),
      "ratings-web: its spread across nodes is best effort (whenUnsatisfiable: ScheduleAnyway): the scheduler may put every replica on one node, whose crash takes them all"],
    ["a spread that counts the cordoned node", "stampa-app-api", (o: any) => delete o.spec.template.spec.topologySpreadConstraints[0].nodeTaintsPolicy,
      "ratings-api: its spread across nodes counts the cordoned node as a domain (nodeTaintsPolicy is not Honor): the drained pod's replacement can stay Pending and stall the drain"],
    ["a spread of two per node", "stampa-app-api", (o: any) => (o.spec.template.spec.topologySpreadConstraints[0].maxSkew = 2),
      "ratings-api: its spread across nodes allows 2 more pods on one node than on another: two replicas may share a node"],
    ["a spread that selects other pods", "stampa-app-api", (o: any) => (o.spec.template.spec.topologySpreadConstraints[0].labelSelector.matchLabels.app = "ratings-web"),
      "ratings-api: its spread across nodes selects none of its pods"],
    ["no anti-affinity between MongoDB's members", "stampa-app-mongodb-members", (o: any) => delete o.spec.template.spec.affinity,
      "ratings-mongodb: no required spread across nodes (a DoNotSchedule topology spread on kubernetes.io/hostname, or a required pod anti-affinity)"],
  ])("%s (app objects)", (_what, resource, change, expected) => {
    expect(drainProblems(stampWorkloads(changed("stampA", resource, change)))).toEqual([expected]);
  });

  it("a tier without a budget, and one with two", () => {
    const plan = structuredClone(plans.stampA);
    const api = byName(plan, "stampa-app-api-disruption-budget");
    plan.resources.splice(plan.resources.indexOf(api), 1);
    const web = byName(plan, "stampa-app-web-disruption-budget");
    plan.resources.push({ ...structuredClone(web), name: "a-second-budget" });
    expect(drainProblems(stampWorkloads(plan))).toEqual([
      "ratings-api: no PodDisruptionBudget selects its pods: nothing limits evictions to one at a time",
      "ratings-web: 2 PodDisruptionBudgets select its pods: the eviction API refuses such pods, so a drain stalls",
    ]);
  });
});
