/**
 * Static drain analysis (issue 11): does every serving tier a stamp declares keep a ready pod while
 * any one node is drained (aks-engine's upgrade, node image refresh and scale-down cordon and drain
 * one node at a time) or lost? A tier passes when all three hold:
 * 1. at least 2 replicas (its fixed count, or its autoscaler's minimum);
 * 2. exactly one PodDisruptionBudget selects its pods, and at every replica count the tier can have
 *    it allows exactly one eviction at a time: none would stall the drain for ever, two could take
 *    the last ready pods (or a replica set's majority) while a drain and a rollout overlap;
 * 3. a required spread across nodes: a `DoNotSchedule` topology spread on kubernetes.io/hostname
 *    with maxSkew 1 that selects the tier's pods and honours taints (the cordoned node is then not a
 *    domain that could hold the replacement Pending), or a required pod anti-affinity on
 *    kubernetes.io/hostname that selects them.
 * With 2 replicas and (3) no node holds them all (given two schedulable nodes), so a drained or
 * crashed node leaves one; with (2) the drain evicts one, and the next eviction waits until its
 * replacement is ready. Pure: plan objects and chart values in, findings out.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- plain JSON objects from the plan */
import type { ConfigKey } from "../../config/schema";
import type { Plan } from "../../tools/plan/evaluate";
import type { KubeObject } from "./wiring";

const HOSTNAME = "kubernetes.io/hostname";

export interface Budget {
  readonly minAvailable?: number | string;
  readonly maxUnavailable?: number | string;
}

export interface Workload {
  /** The Deployment or StatefulSet name, or `ingress controller (<release>)`. */
  readonly tier: string;
  readonly podLabels: Readonly<Record<string, string>>;
  /** Fewest and most replicas: the fixed count, or the autoscaler's minimum and maximum. */
  readonly replicas: { readonly min: number; readonly max: number };
  /** The specs of the budgets that select its pods. */
  readonly budgets: readonly Budget[];
  readonly topologySpreadConstraints: readonly any[];
  readonly affinity?: any;
}

/** The config key that sets a tier's replica count, named in its finding. */
const REPLICA_KEYS: Readonly<Record<string, ConfigKey>> = {
  "ratings-web": "appHpaMinReplicas",
  "ratings-mongodb": "appMongoReplicas",
  "ingress controller": "ingressReplicas",
};

/**
 * The labels each ingress chart's templates give the controller's pods, and its budget selects:
 * nginx/kubernetes-ingress charts/nginx-ingress/templates/_helpers.tpl "nginx-ingress.selectorLabels"
 * (chart name, release name) and traefik/traefik-helm-chart v37.1.2 traefik/templates/_helpers.tpl
 * "traefik.labelselector" (chart name, "<release>-<namespace>"), neither overridden by the values.
 */
export const CHART_POD_LABELS: Readonly<Record<string, (chart: string, release: string, namespace: string) => Record<string, string>>> = {
  "nginx-ingress": (chart, release) => ({ "app.kubernetes.io/name": chart, "app.kubernetes.io/instance": release }),
  traefik: (chart, release, namespace) => ({ "app.kubernetes.io/name": chart, "app.kubernetes.io/instance": `${release}-${namespace}` }),
};

const selects = (selector: any, labels: Readonly<Record<string, string>>) =>
  selector?.matchExpressions === undefined && Object.entries(selector?.matchLabels ?? {}).length > 0 && Object.entries(selector.matchLabels).every(([k, v]) => labels[k] === v);

/** An IntOrString of a budget at `replicas` pods, percentages rounded up as the disruption controller does. */
const scaled = (value: number | string, replicas: number) => (typeof value === "number" ? value : Math.ceil((replicas * Number(value.replace("%", ""))) / 100));

const describe = (budget: Budget) =>
  (["minAvailable", "maxUnavailable"] as const).filter((k) => budget[k] !== undefined).map((k) => `${k} ${budget[k]}`).join(", ") || "neither minAvailable nor maxUnavailable";

function replicaProblem(w: Workload): string | undefined {
  if (w.replicas.min >= 2) return undefined;
  const key = REPLICA_KEYS[w.tier.startsWith("ingress controller") ? "ingress controller" : w.tier];
  return `${w.replicas.min} replica: draining its node leaves none ready (${key ? `raise ${key}` : "raise its replicas"})`;
}

function budgetProblem(w: Workload): string | undefined {
  if (w.budgets.length === 0) return "no PodDisruptionBudget selects its pods: nothing limits evictions to one at a time";
  if (w.budgets.length > 1) return `${w.budgets.length} PodDisruptionBudgets select its pods: the eviction API refuses such pods, so a drain stalls`;
  const [budget] = w.budgets;
  for (let replicas = Math.max(w.replicas.min, 1); replicas <= w.replicas.max; replicas++) {
    const allowed =
      budget.maxUnavailable !== undefined ? scaled(budget.maxUnavailable, replicas)
      : budget.minAvailable !== undefined ? replicas - scaled(budget.minAvailable, replicas)
      : undefined;
    if (allowed === undefined) return `its budget sets ${describe(budget)}`;
    if (allowed <= 0) return `its budget (${describe(budget)}) allows no eviction at ${replicas} replicas: a drain of its node waits for ever`;
    if (allowed > 1) return `its budget (${describe(budget)}) allows ${allowed} evictions at once at ${replicas} replicas`;
  }
  return undefined;
}

function spreadProblem(w: Workload): string | undefined {
  const antiAffinity: any[] = w.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  if (antiAffinity.some((term) => term.topologyKey === HOSTNAME && selects(term.labelSelector, w.podLabels))) return undefined;
  const overNodes = w.topologySpreadConstraints.filter((c) => c.topologyKey === HOSTNAME);
  const hard = (c: any) => c.whenUnsatisfiable === "DoNotSchedule" && c.maxSkew === 1 && c.nodeTaintsPolicy === "Honor" && selects(c.labelSelector, w.podLabels);
  if (overNodes.some(hard)) return undefined;
  const [spread] = overNodes;
  if (!spread) return `no required spread across nodes (a DoNotSchedule topology spread on ${HOSTNAME}, or a required pod anti-affinity)`;
  if (!selects(spread.labelSelector, w.podLabels)) return "its spread across nodes selects none of its pods";
  if (spread.whenUnsatisfiable !== "DoNotSchedule") {
    return `its spread across nodes is best effort (whenUnsatisfiable: ${spread.whenUnsatisfiable}): the scheduler may put every replica on one node, whose crash takes them all`;
  }
  if (spread.maxSkew !== 1) return `its spread across nodes allows ${spread.maxSkew} more pods on one node than on another: two replicas may share a node`;
  return "its spread across nodes counts the cordoned node as a domain (nodeTaintsPolicy is not Honor): the drained pod's replacement can stay Pending and stall the drain";
}

/** Every rule a tier breaks, as `<tier>: <why>`; none when every tier survives the drain of any one node. */
export function drainProblems(workloads: readonly Workload[]): string[] {
  return workloads.flatMap((w) => [replicaProblem(w), budgetProblem(w), spreadProblem(w)].filter((p): p is string => p !== undefined).map((p) => `${w.tier}: ${p}`));
}

/** The Kubernetes objects a plan declares (the app's), by kind. */
const declared = (plan: Plan, kind: string) =>
  plan.resources.filter((r) => r.type.startsWith("kubernetes:") && r.type.endsWith(`:${kind}`)).map((r) => r.inputs as KubeObject).filter((o) => o.metadata?.name !== undefined);

function appWorkloads(plan: Plan): Workload[] {
  const budgets = declared(plan, "PodDisruptionBudget");
  const autoscalers = declared(plan, "HorizontalPodAutoscaler");
  return [...declared(plan, "Deployment"), ...declared(plan, "StatefulSet")].map((o) => {
    const inNamespace = (x: KubeObject) => x.metadata.namespace === o.metadata.namespace;
    const podLabels = o.spec.template.metadata.labels ?? {};
    const hpa = autoscalers.find((h) => inNamespace(h) && h.spec.scaleTargetRef.kind === o.kind && h.spec.scaleTargetRef.name === o.metadata.name);
    const replicas = hpa ? { min: hpa.spec.minReplicas ?? 1, max: hpa.spec.maxReplicas } : { min: o.spec.replicas ?? 1, max: o.spec.replicas ?? 1 };
    return {
      tier: o.metadata.name,
      podLabels,
      replicas,
      budgets: budgets.filter((b) => inNamespace(b) && selects(b.spec.selector, podLabels)).map((b) => b.spec as Budget),
      topologySpreadConstraints: o.spec.template.spec.topologySpreadConstraints ?? [],
      affinity: o.spec.template.spec.affinity,
    };
  });
}

/** What a chart renders from its values: nginx-ingress keeps the controller's under `controller`. */
function controllerValues(chart: string, values: any) {
  const v = chart === "nginx-ingress" ? values.controller : values;
  const replicas = v.autoscaling?.enabled ? { min: v.autoscaling.minReplicas ?? 1, max: v.autoscaling.maxReplicas } : chart === "nginx-ingress" ? v.replicaCount : v.deployment?.replicas;
  const budget = v.podDisruptionBudget ?? {};
  return {
    replicas: typeof replicas === "number" ? { min: replicas, max: replicas } : replicas ?? { min: 1, max: 1 },
    // Both templates render a budget field only when its value is truthy (`{{- if ... }}`).
    budgets: budget.enabled ? [{ ...(budget.minAvailable ? { minAvailable: budget.minAvailable } : {}), ...(budget.maxUnavailable ? { maxUnavailable: budget.maxUnavailable } : {}) }] : [],
    topologySpreadConstraints: v.topologySpreadConstraints ?? [],
    affinity: v.affinity,
  };
}

/** The chart a Helm release installs: the last segment of its reference (an OCI URL or a repository chart name). */
export const chartOf = (release: { chart: string }) => release.chart.split("/").pop() as string;

/** The ingress controller's workload from its release's rendered values. */
function ingressWorkloads(plan: Plan): Workload[] {
  return plan.resources
    .filter((r) => r.type === "kubernetes:helm.sh/v3:Release" && CHART_POD_LABELS[chartOf(r.inputs as { chart: string })] !== undefined)
    .map((r) => {
      const release = r.inputs as { chart: string; name: string; namespace: string; values: unknown };
      const chart = chartOf(release);
      return { tier: `ingress controller (${release.name})`, podLabels: CHART_POD_LABELS[chart](chart, release.name, release.namespace), ...controllerValues(chart, release.values) };
    });
}

/** Every serving tier a stamp's plan declares: the app's Deployments and StatefulSets, and the ingress controller. */
export function stampWorkloads(plan: Plan): Workload[] {
  return [...ingressWorkloads(plan), ...appWorkloads(plan)].sort((a, b) => a.tier.localeCompare(b.tier));
}
