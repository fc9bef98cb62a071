/**
 * Whether the cluster's objects are ready, from the status their controllers write. Pure: each
 * function takes an object as the API server returns it and gives a check result.
 *
 * Deployments and StatefulSets are judged as `kubectl rollout status` judges them
 * (k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go, DeploymentStatusViewer.Status and
 * StatefulSetStatusViewer.Status), so a rollout still in progress fails too, plus every replica
 * the spec asks for ready. Replica counts always come from the object's spec (the API server
 * defaults it), never from this project's code: they change with the configuration. What
 * `kubectl rollout status` waits for (a spec not yet observed, a rollout in progress, replicas not
 * yet ready) is a transient failure, checked again with `--wait`; a progress deadline exceeded is
 * not (kubectl gives up too).
 */
import type { V1Deployment, V1Node, V1StatefulSet, V2HorizontalPodAutoscaler } from "@kubernetes/client-node";
import { CheckResult, fail, pass, pending } from "./report";

/**
 * The ratings app's objects, by the names components/ratingsApp.ts gives them (MongoDB's
 * StatefulSet: components/mongoReplicaSet.ts). tests/verify.test.ts serves the stamp plan's own
 * objects, so a rename there fails that test.
 */
export const RATINGS_DEPLOYMENTS = ["ratings-api", "ratings-web"] as const;
export const RATINGS_STATEFUL_SET = "ratings-mongodb";
export const RATINGS_AUTOSCALER = "ratings-web";

export const deploymentCheck = (name: string) => `Deployment ${name}`;
export const statefulSetCheck = (name: string) => `StatefulSet ${name}`;
export const autoscalerCheck = (name: string) => `HorizontalPodAutoscaler ${name}`;
export const NODES_READY = "nodes Ready";
export const NODE_COUNT = "node count";

/** Every node's Ready condition is True (False: the kubelet reports a problem; Unknown: it stopped reporting). */
export function nodesReady(nodes: readonly V1Node[]): CheckResult {
  const notReady = nodes.flatMap((node) => {
    const ready = node.status?.conditions?.find((c) => c.type === "Ready");
    if (ready?.status === "True") return [];
    const why = ready ? `Ready ${ready.status}${ready.reason ? ` (${ready.reason})` : ""}` : "no Ready condition";
    return [`${node.metadata?.name ?? "a node"}: ${why}`];
  });
  if (nodes.length === 0) return fail(NODES_READY, "the API server lists no nodes");
  if (notReady.length > 0) return fail(NODES_READY, `${nodes.length - notReady.length} of ${nodes.length} Ready; ${notReady.join("; ")}`);
  return pass(NODES_READY, `${nodes.length} of ${nodes.length} Ready`);
}

/** As many nodes as the stack says the cluster has (masters plus workers, from the generated apimodel). */
export function nodeCountMatches(nodes: readonly V1Node[], nodeCount: number): CheckResult {
  if (nodes.length === nodeCount) return pass(NODE_COUNT, `${nodes.length} nodes, as the stack's nodeCount says`);
  return fail(NODE_COUNT, `${nodes.length} nodes, but the stack's nodeCount is ${nodeCount}`);
}

export function deploymentReady(deployment: V1Deployment): CheckResult {
  const check = deploymentCheck(deployment.metadata?.name ?? "");
  const want = deployment.spec?.replicas ?? 1; // the API server's default
  const status = deployment.status ?? {};
  const ready = status.readyReplicas ?? 0; // zero counts are omitted from the JSON
  const updated = status.updatedReplicas ?? 0;
  const available = status.availableReplicas ?? 0;
  if ((deployment.metadata?.generation ?? 0) > (status.observedGeneration ?? 0)) return pending(check, "its controller has not yet seen the latest spec");
  if (status.conditions?.some((c) => c.type === "Progressing" && c.reason === "ProgressDeadlineExceeded")) {
    return fail(check, `rollout exceeded its progress deadline; ${ready}/${want} ready`);
  }
  if (updated < want) return pending(check, `rollout in progress: ${updated} of ${want} replicas updated; ${ready}/${want} ready`);
  if ((status.replicas ?? 0) > updated) return pending(check, `rollout in progress: ${(status.replicas ?? 0) - updated} old replicas pending termination`);
  if (available < updated || ready < want) return pending(check, `${ready}/${want} ready, ${available} available`);
  return pass(check, `${ready}/${want} ready`);
}

export function statefulSetReady(statefulSet: V1StatefulSet): CheckResult {
  const check = statefulSetCheck(statefulSet.metadata?.name ?? "");
  const want = statefulSet.spec?.replicas ?? 1;
  const status = statefulSet.status;
  const ready = status?.readyReplicas ?? 0;
  const observed = status?.observedGeneration ?? 0;
  if (observed === 0 || (statefulSet.metadata?.generation ?? 0) > observed) return pending(check, "its controller has not yet seen the latest spec");
  if (ready < want) return pending(check, `${ready}/${want} ready`);
  // kubectl judges rollouts of the RollingUpdate strategy only (the API server's default); OnDelete has none to wait for.
  const strategy = statefulSet.spec?.updateStrategy;
  const updated = status?.updatedReplicas ?? 0;
  if (strategy?.type === "RollingUpdate") {
    const partition = strategy.rollingUpdate?.partition;
    if (partition !== undefined && updated < want - partition) return pending(check, `rollout in progress: ${updated} of ${want - partition} replicas updated`);
    if (strategy.rollingUpdate === undefined && status?.updateRevision !== status?.currentRevision) {
      return pending(check, `rollout in progress: ${updated} replicas at revision ${status?.updateRevision}`);
    }
  }
  return pass(check, `${ready}/${want} ready`);
}

/**
 * The autoscaler works: the controller computed a replica count from its metrics (ScalingActive
 * True: without it, e.g. FailedGetResourceMetric when no metrics API answers, nothing ever
 * scales), it can read and update its target's scale (AbleToScale not False: FailedGetScale,
 * FailedUpdateScale), and the target has at least minReplicas. ScalingLimited is not a problem:
 * it only says the count sits at a bound. Conditions as pkg/controller/podautoscaler/horizontal.go
 * (reconcileAutoscaler, computeReplicasForMetrics) sets them; they are absent until its first
 * sync, which also fails here: nothing has shown yet that it can scale. Not evaluated yet, and
 * ScalingActive False for want of metrics (FailedGet<...>Metric: right after a deploy the new pods
 * have none yet), are transient: `--wait` reads it again; when no metrics API ever answers, the
 * wait ends in the same failure.
 */
// The reasons horizontal.go gives when it could not read a metric (FailedGetResourceMetric, FailedGetPodsMetric, ...).
const MISSING_METRICS = /^FailedGet\w*Metric$/;

export function autoscalerReady(hpa: V2HorizontalPodAutoscaler): CheckResult {
  const check = autoscalerCheck(hpa.metadata?.name ?? "");
  const conditions = hpa.status?.conditions ?? [];
  const condition = (type: string) => conditions.find((c) => c.type === type);
  const explain = (c: { reason?: string; message?: string }) => [c.reason, c.message].filter(Boolean).join(": ");
  const active = condition("ScalingActive");
  const able = condition("AbleToScale");
  const min = hpa.spec?.minReplicas ?? 1;
  const current = hpa.status?.currentReplicas ?? 0;
  if (active === undefined) return pending(check, "the autoscaler controller has not evaluated it yet (it syncs every 15 s): run verify again, or with --wait");
  if (active.status !== "True") {
    const noMetrics = active.status === "False" && MISSING_METRICS.test(active.reason ?? "");
    return (noMetrics ? pending : fail)(check, `cannot scale: ScalingActive ${active.status}, ${explain(active)}`);
  }
  if (able?.status === "False") return fail(check, `cannot scale: AbleToScale False, ${explain(able)}`);
  if (current < min) return fail(check, `${current} replicas, fewer than its minReplicas ${min}`);
  return pass(check, `${current} replicas (min ${min}, max ${hpa.spec?.maxReplicas})`);
}
