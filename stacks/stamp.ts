/**
 * A stamp stack: one Azure Stack Hub with its helper host, aks-engine cluster, in-cluster platform
 * (ingress, monitoring, pipeline access) and the ratings app. Only wiring: every decision is in
 * config parsing, renderers and components.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AksEngineCluster } from "../components/aksEngineCluster";
import { ContainerMonitoring } from "../components/containerMonitoring";
import { DeployerAccess } from "../components/deployerAccess";
import { HelperVm } from "../components/helperVm";
import { hubProvider } from "../components/hubProvider";
import { IngressController } from "../components/ingressController";
import { RatingsApp } from "../components/ratingsApp";
import { ClusterState, clusterStateOf } from "../aksengine/clusterState";
import { day2Problems, DeployedCluster } from "../aksengine/day2";
import { ConfigError } from "../config/reader";
import type { MonitoringConfig, StampConfig } from "../config/types";

/**
 * The stamp's stack outputs: a contract other stacks and teams rely on (documented in the
 * README; the global stack reads `ingressAddress`). Secret outputs are marked.
 */
export interface StampOutputs {
  readonly stampName: string;
  readonly hubLocation: string;
  readonly clusterName: string;
  /** The deployed cluster's Kubernetes version (from clusterState). */
  readonly kubernetesVersion: pulumi.Output<string>;
  /** Masters plus workers of the deployed cluster (from clusterState). */
  readonly nodeCount: pulumi.Output<number>;
  /** What the cluster really is, read from its generated apimodel after every deploy, upgrade and scale. */
  readonly clusterState: pulumi.Output<ClusterState>;
  readonly apiServerUrl: string;
  readonly clusterResourceGroup: string;
  readonly helperAddress: pulumi.Output<string>;
  readonly helperUser: pulumi.Output<string>;
  readonly helperHostKey: pulumi.Output<string | undefined>;
  /** The helper's admin SSH private key (secret); undefined for an existing helper, whose key the operator holds. */
  readonly helperSshPrivateKey: pulumi.Output<string> | undefined;
  readonly nodeAdminUsername: string;
  /** SSH private key of the nodes' admin user (secret), for operators' access to the masters. */
  readonly nodeSshPrivateKey: pulumi.Output<string>;
  /** Cluster-admin kubeconfig (secret), rendered from the apimodel backup. */
  readonly kubeconfig: pulumi.Output<string>;
  /** The generated apimodel with the cluster's PKI (secret); restores a rebuilt helper. */
  readonly apimodelBackup: pulumi.Output<string>;
  readonly ingressController: string;
  /** External address of the ingress controller: the stamp's application endpoint (Traffic Manager's target). */
  readonly ingressAddress: pulumi.Output<string | undefined>;
  /** The ratings app on this stamp, `http://<ingressAddress>/`. */
  readonly appUrl: pulumi.Output<string | undefined>;
  readonly appNamespace: string;
  /** Members of MongoDB's replica set (appMongoReplicas): the next run refuses to lower it below a majority of this at once. */
  readonly appMongoReplicas: number;
  /** Container insights cluster name, or undefined when monitoring is off. */
  readonly monitoringClusterName: string | undefined;
  /** Kubeconfig of the namespace-scoped `deployer` account for pipelines (secret). */
  readonly deployerKubeconfig: pulumi.Output<string | undefined>;
}

function workspaceOf(name: string, monitoring: Extract<MonitoringConfig<pulumi.Output<string>>, { enabled: true }>) {
  if ("id" in monitoring.workspace) return { id: pulumi.output(monitoring.workspace.id), key: monitoring.workspace.key };
  // Bootstrap order: the global stack first, so these outputs exist (a clear error otherwise).
  const global = new pulumi.StackReference(`${name}-global`, { name: monitoring.workspace.fromStack });
  return { id: global.requireOutput("workspaceId").apply(String), key: pulumi.secret(global.requireOutput("workspaceKey").apply(String)) };
}

/**
 * What this stack's previous run recorded about its cluster (and the app's namespace); undefined before the first deploy.
 * Stacks from before `clusterState` was published get it derived from their apimodel backup.
 */
async function previousCluster(self: pulumi.StackReference, configuredRelease: string): Promise<DeployedCluster | undefined> {
  const state = (await self.getOutputDetails("clusterState")).value as ClusterState | undefined;
  const resourceGroup = (await self.getOutputDetails("clusterResourceGroup")).value as string | undefined;
  const appNamespace = (await self.getOutputDetails("appNamespace")).value as string | undefined;
  const appMongoReplicas = (await self.getOutputDetails("appMongoReplicas")).value as number | undefined;
  if (state) return { state, resourceGroup, appNamespace, appMongoReplicas };
  const backup = await self.getOutputDetails("apimodelBackup");
  const text = backup.secretValue ?? backup.value;
  return typeof text === "string" && text.trim() !== "" ? { state: clusterStateOf(JSON.parse(text), configuredRelease), resourceGroup, appNamespace, appMongoReplicas } : undefined;
}

export async function stampStack(config: StampConfig<pulumi.Output<string>>): Promise<StampOutputs> {
  const name = config.stampName;
  const hub = config.helper.mode === "create" ? hubProvider(`${name}-hub`, config.hub) : undefined;
  const helper = new HelperVm(`${name}-helper`, { stampName: name, helper: config.helper, hub: config.hub, provider: hub });

  // This stack's own last outputs: the apimodel backup that lets a rebuilt helper keep managing the cluster.
  const self = new pulumi.StackReference(`${name}-previous-state`, {
    name: `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`,
  });
  const apimodelBackup = self.getOutput("apimodelBackup").apply((value) => (typeof value === "string" ? value : ""));
  // Day-2 rules need the deployed cluster: checked before the stack declares anything that runs.
  const deployed = await previousCluster(self, config.aksEngine.version);
  const problems = day2Problems(config, deployed);
  if (problems.length > 0) throw new ConfigError(config.stack, problems);

  const cluster = new AksEngineCluster(`${name}-cluster`, {
    connection: helper.connection,
    workDir: helper.workDir,
    hub: config.hub,
    aksEngine: config.aksEngine,
    cluster: config.cluster,
    servicePrincipal: config.clusterServicePrincipal,
    apimodelBackup,
    ...(deployed ? { deployed: { aksEngineRelease: deployed.state.aksEngineRelease } } : {}),
    helper,
    helperGeneration: helper.generation,
    allowSecretInProcessList: config.helper.allowSecretInProcessList,
  });

  const provider = new k8s.Provider(`${name}-kubernetes`, { kubeconfig: cluster.kubeconfig });
  const ingress = new IngressController(`${name}-ingress`, { config: config.ingress, provider });
  const monitoringClusterName = `${name}-${config.cluster.dnsPrefix}`;
  if (config.monitoring.enabled) {
    const workspace = workspaceOf(name, config.monitoring);
    new ContainerMonitoring(`${name}-monitoring`, {
      chartVersion: config.monitoring.chartVersion,
      workspaceId: workspace.id,
      workspaceKey: workspace.key,
      clusterName: monitoringClusterName,
      provider,
    });
  }
  const app = new RatingsApp(`${name}-app`, {
    config: config.app,
    ingressClassName: ingress.ingressClassName,
    kubernetesMinor: config.cluster.kubernetesMinor,
    provider,
  });
  const deployer = new DeployerAccess(`${name}-deployer`, {
    namespace: app.namespace,
    clusterName: config.cluster.dnsPrefix,
    apiServerUrl: cluster.apiServerUrl,
    clusterKubeconfig: cluster.kubeconfig,
    provider,
    dependsOn: [app.namespaceObject],
  });

  return {
    stampName: name,
    hubLocation: config.hub.location,
    clusterName: config.cluster.dnsPrefix,
    kubernetesVersion: cluster.clusterState.apply((state) => state.kubernetesVersion),
    nodeCount: cluster.clusterState.apply((state) => state.nodeCount),
    clusterState: cluster.clusterState,
    apiServerUrl: cluster.apiServerUrl,
    clusterResourceGroup: cluster.resourceGroup,
    helperAddress: helper.address,
    helperUser: helper.user,
    helperHostKey: helper.hostKey,
    helperSshPrivateKey: helper.adminPrivateKey,
    nodeAdminUsername: config.cluster.nodeAdminUsername,
    nodeSshPrivateKey: cluster.nodeSshPrivateKey,
    kubeconfig: cluster.kubeconfig,
    apimodelBackup: cluster.apimodelBackup,
    ingressController: config.ingress.kind,
    ingressAddress: ingress.address,
    appUrl: ingress.address.apply((address) => (address ? `http://${address}/` : undefined)),
    appNamespace: app.namespace,
    appMongoReplicas: config.app.mongo.replicas,
    monitoringClusterName: config.monitoring.enabled ? monitoringClusterName : undefined,
    deployerKubeconfig: deployer.kubeconfig,
  };
}
