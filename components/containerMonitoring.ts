/**
 * Azure Monitor container insights on the stamp's cluster: the azuremonitor-containers chart,
 * sending to the workspace of the global stack (or one given in config) under a cluster name
 * unique to the stamp. The workspace key stays secret end to end.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { MONITORING_CHART, monitoringValues } from "../platform/monitoring";

export interface ContainerMonitoringArgs {
  readonly chartVersion: string;
  readonly workspaceId: pulumi.Input<string>;
  readonly workspaceKey: pulumi.Input<string>;
  readonly clusterName: string;
  readonly provider: k8s.Provider;
}

export class ContainerMonitoring extends pulumi.ComponentResource {
  readonly clusterName: string;

  constructor(name: string, args: ContainerMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("azs-ha:platform:ContainerMonitoring", name, {}, opts);
    new k8s.helm.v3.Release(
      `${name}-release`,
      {
        name: MONITORING_CHART.releaseName,
        chart: MONITORING_CHART.chart,
        version: args.chartVersion,
        repositoryOpts: { repo: MONITORING_CHART.repo },
        namespace: MONITORING_CHART.namespace,
        values: monitoringValues({ workspaceId: args.workspaceId, workspaceKey: pulumi.secret(args.workspaceKey), clusterName: args.clusterName }),
        atomic: true,
        timeout: 900,
      },
      { parent: this, provider: args.provider },
    );
    this.clusterName = args.clusterName;
    this.registerOutputs({ clusterName: this.clusterName });
  }
}
