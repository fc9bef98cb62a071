/**
 * A stamp stack: one Azure Stack Hub with its helper host and aks-engine cluster.
 * Only wiring: every decision is in config parsing, renderers and components.
 */
import * as pulumi from "@pulumi/pulumi";
import { AksEngineCluster } from "../components/aksEngineCluster";
import { HelperVm } from "../components/helperVm";
import { hubProvider } from "../components/hubProvider";
import type { StampConfig } from "../config/types";

/** The stamp's stack outputs. Secret outputs are marked. */
export interface StampOutputs {
  readonly stampName: string;
  readonly hubLocation: string;
  readonly clusterName: string;
  readonly kubernetesVersion: string;
  readonly nodeCount: number;
  readonly apiServerUrl: string;
  readonly clusterResourceGroup: string;
  readonly helperAddress: pulumi.Output<string>;
  readonly helperUser: pulumi.Output<string>;
  readonly helperHostKey: pulumi.Output<string | undefined>;
  /** Cluster-admin kubeconfig (secret). */
  readonly kubeconfig: pulumi.Output<string>;
  /** The generated apimodel with the cluster's PKI (secret); restores a rebuilt helper. */
  readonly apimodelBackup: pulumi.Output<string>;
}

export function stampStack(config: StampConfig<pulumi.Output<string>>): StampOutputs {
  const name = config.stampName;
  const provider = config.helper.mode === "create" ? hubProvider(`${name}-hub`, config.hub) : undefined;
  const helper = new HelperVm(`${name}-helper`, { stampName: name, helper: config.helper, hub: config.hub, provider });

  // This stack's own last outputs: the apimodel backup that lets a rebuilt helper keep managing the cluster.
  const self = new pulumi.StackReference(`${name}-previous-state`, {
    name: `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`,
  });
  const apimodelBackup = self.getOutput("apimodelBackup").apply((value) => (typeof value === "string" ? value : ""));

  const cluster = new AksEngineCluster(`${name}-cluster`, {
    connection: helper.connection,
    workDir: helper.workDir,
    hub: config.hub,
    aksEngine: config.aksEngine,
    cluster: config.cluster,
    apimodelBackup,
    helper,
    helperGeneration: helper.generation,
  });

  return {
    stampName: name,
    hubLocation: config.hub.location,
    clusterName: config.cluster.dnsPrefix,
    kubernetesVersion: cluster.kubernetesVersion,
    nodeCount: cluster.nodeCount,
    apiServerUrl: cluster.apiServerUrl,
    clusterResourceGroup: cluster.resourceGroup,
    helperAddress: helper.address,
    helperUser: helper.user,
    helperHostKey: helper.hostKey,
    kubeconfig: cluster.kubeconfig,
    apimodelBackup: cluster.apimodelBackup,
  };
}
