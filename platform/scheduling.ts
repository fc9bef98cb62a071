/**
 * How every tier of a stamp is placed and protected so that draining any one node (aks-engine's
 * upgrade, node image refresh and scale-down cordon and drain one node at a time) or losing one
 * leaves a ready pod of the tier. Pure: the app's objects and the ingress charts' values use it.
 *
 * - Spread across nodes is a hard rule (`DoNotSchedule`, maxSkew 1): `ScheduleAnyway` is only a
 *   preference, and the scheduler may still put every replica on one node, which a node crash then
 *   takes down whole.
 * - `nodeTaintsPolicy: Honor`: by default a `DoNotSchedule` spread counts every node as a domain,
 *   tainted ones included: the node being drained (cordoned, hence tainted
 *   `node.kubernetes.io/unschedulable`) and the masters (aks-engine taints them NoSchedule) then
 *   count with zero pods, so once every schedulable node has a replica the next one (the drained
 *   pod's replacement, or an autoscaled pod) has nowhere to go within maxSkew and stays Pending,
 *   and a drain waiting on it stalls. Honor leaves tainted nodes out (KEP-3094: beta and on by
 *   default since Kubernetes 1.26, GA in 1.33; every version aksengine/releases.ts lists is 1.31
 *   or later, so the field is honoured on all of them).
 * - `matchLabelKeys: [pod-template-hash]` (KEP-3243, beta and on by default since 1.27) spreads a
 *   rollout's new ReplicaSet on its own, so old and new pods counted together cannot leave both
 *   new ones on one node once the old ones are gone.
 * - A spread rather than required pod anti-affinity for the stateless tiers: anti-affinity allows
 *   at most one pod per node, so an autoscaler maximum above the node count would leave pods
 *   Pending. MongoDB's members use anti-affinity (`oneMemberPerNode`): two members on one node
 *   would let that node's loss take the set's majority.
 * - Budgets allow one pod of a tier down at a time: drains proceed, one eviction at a time, and
 *   never take the last ready pod (nor, for MongoDB, the majority).
 */
import type * as k8s from "@pulumi/kubernetes";

type TopologySpreadConstraint = k8s.types.input.core.v1.TopologySpreadConstraint;
type Affinity = k8s.types.input.core.v1.Affinity;

const NODE_TOPOLOGY_KEY = "kubernetes.io/hostname";

/** A PodDisruptionBudget's limit: one pod of the tier evicted at a time. */
export const ONE_AT_A_TIME = { maxUnavailable: 1 } as const;

/** The spread of a Deployment's pods (those with `labels`) over nodes, one more per node at most. */
export function spreadOverNodes(labels: Readonly<Record<string, string>>): TopologySpreadConstraint[] {
  return [
    {
      maxSkew: 1,
      topologyKey: NODE_TOPOLOGY_KEY,
      whenUnsatisfiable: "DoNotSchedule",
      nodeTaintsPolicy: "Honor",
      labelSelector: { matchLabels: { ...labels } },
      matchLabelKeys: ["pod-template-hash"],
    },
  ];
}

/** At most one pod with `labels` per node (a StatefulSet's members: each is a vote of its set). */
export function oneMemberPerNode(labels: Readonly<Record<string, string>>): Affinity {
  return {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: NODE_TOPOLOGY_KEY, labelSelector: { matchLabels: { ...labels } } }],
    },
  };
}
