/**
 * What a healthy stamp's API server holds, for the fake API server: the stamp plan's own
 * Deployments, StatefulSet and autoscaler (its inputs, so names and replica counts are the
 * program's), with what the API server and the controllers add (metadata, defaults, status), and
 * aks-engine-style nodes. Status fields as the controllers write them: zero counts omitted
 * (`omitempty` in k8s.io/api), conditions as the deployment, statefulset and horizontal pod
 * autoscaler controllers set them when all is well (horizontal.go: ReadyForNewScale,
 * ValidMetricFound, DesiredWithinRange).
 */
import type { Plan } from "../../tools/plan/evaluate";
import type { KubeObject } from "./fakeKubeApi";

const TIME = "2026-12-01T10:00:00Z";
const condition = (type: string, status: string, reason: string, message: string) => ({ type, status, reason, message, lastTransitionTime: TIME });

type Inputs = { apiVersion: string; kind: string; metadata: { name: string; namespace: string }; spec: Record<string, any> };

function served(inputs: Inputs, spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject {
  const metadata = { ...inputs.metadata, uid: `uid-${inputs.metadata.name}`, resourceVersion: "4242", generation: 1, creationTimestamp: TIME };
  return { apiVersion: inputs.apiVersion, kind: inputs.kind, metadata, spec: { ...inputs.spec, ...spec }, status };
}

/** The app's workloads and autoscaler from the stamp plan, each rolled out and ready. */
export function readyAppObjects(plan: Plan): KubeObject[] {
  const ofType = (type: string) => plan.resources.filter((r) => r.type === type).map((r) => r.inputs as unknown as Inputs);
  const autoscalers = ofType("kubernetes:autoscaling/v2:HorizontalPodAutoscaler");
  // A Deployment without replicas is defaulted to 1 by the API server, then held at minReplicas by its autoscaler.
  const replicasOf = (deployment: Inputs) =>
    deployment.spec.replicas ?? autoscalers.find((a) => a.spec.scaleTargetRef.name === deployment.metadata.name)?.spec.minReplicas ?? 1;
  const deployments = ofType("kubernetes:apps/v1:Deployment").map((d) => {
    const n = replicasOf(d);
    return served(d, { replicas: n }, {
      observedGeneration: 1, replicas: n, updatedReplicas: n, readyReplicas: n, availableReplicas: n,
      conditions: [
        condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability."),
        condition("Progressing", "True", "NewReplicaSetAvailable", `ReplicaSet "${d.metadata.name}-5d9c7b6f4" has successfully progressed.`),
      ],
    });
  });
  const statefulSets = ofType("kubernetes:apps/v1:StatefulSet").map((s) => {
    const n = s.spec.replicas ?? 1;
    const revision = `${s.metadata.name}-7c9f8d6b5`;
    // The API server's defaults (apps/v1 SetDefaults_StatefulSet): RollingUpdate, partition 0.
    const strategy = s.spec.updateStrategy ?? { type: "RollingUpdate" };
    const updateStrategy = strategy.type === "RollingUpdate" ? { ...strategy, rollingUpdate: { partition: 0, ...strategy.rollingUpdate } } : strategy;
    return served(s, { replicas: n, updateStrategy }, {
      observedGeneration: 1, replicas: n, readyReplicas: n, currentReplicas: n, updatedReplicas: n, availableReplicas: n, currentRevision: revision, updateRevision: revision,
    });
  });
  const hpas = autoscalers.map((a) => {
    const n = deployments.find((d) => d.metadata.name === a.spec.scaleTargetRef.name)?.status as { replicas: number };
    return served(a, {}, {
      currentReplicas: n.replicas, desiredReplicas: n.replicas,
      currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: 12, averageValue: "12m" } } }],
      conditions: [
        condition("AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size"),
        condition("ScalingActive", "True", "ValidMetricFound", "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)"),
        condition("ScalingLimited", "False", "DesiredWithinRange", "the desired count is within the acceptable range"),
      ],
    });
  });
  return [...deployments, ...statefulSets, ...hpas];
}

/** `count` nodes named as aks-engine names them (3 masters, then agents), all Ready, running `version`. */
export function readyNodes(count: number, version: string): KubeObject[] {
  return Array.from({ length: count }, (_, i) => {
    const master = i < 3;
    const name = master ? `k8s-master-31415926-${i}` : `k8s-linuxpool-31415926-${i - 3}`;
    return {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name, uid: `uid-${name}`, resourceVersion: "4242", creationTimestamp: TIME, labels: { "kubernetes.io/hostname": name, "kubernetes.io/role": master ? "master" : "agent" } },
      spec: { providerID: `azure:///subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}` },
      status: {
        conditions: [
          condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
          condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
          condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
          condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
        ],
        nodeInfo: {
          machineID: `machine-${i}`, systemUUID: `system-${i}`, bootID: `boot-${i}`, kernelVersion: "6.8.0-1021-azure", osImage: "Ubuntu 22.04.5 LTS",
          containerRuntimeVersion: "containerd://1.7.27", kubeletVersion: `v${version}`, kubeProxyVersion: `v${version}`, operatingSystem: "linux", architecture: "amd64",
        },
      },
    };
  });
}

/** GET /version of a cluster at `version` (k8s.io/apimachinery/pkg/version.Info). */
export function versionInfo(version: string): Record<string, string> {
  const [major, minor] = version.split(".");
  return {
    major, minor, gitVersion: `v${version}`, gitCommit: "0123456789abcdef0123456789abcdef01234567", gitTreeState: "clean",
    buildDate: "2026-11-12T09:00:00Z", goVersion: "go1.24.9", compiler: "gc", platform: "linux/amd64",
  };
}
