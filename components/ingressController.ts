/**
 * The stamp's ingress controller (F5 NGINX Ingress Controller or Traefik) as a Helm release in
 * its own namespace, with an IngressClass, a PodDisruptionBudget and a LoadBalancer Service whose
 * external address is the stamp's application endpoint (what Traffic Manager probes).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { IngressConfig } from "../config/types";
import { INGRESS_CHARTS, ingressValues } from "../platform/ingress";

export interface IngressControllerArgs {
  readonly config: IngressConfig;
  readonly provider: k8s.Provider;
}

export class IngressController extends pulumi.ComponentResource {
  /** External IP (or host name) of the controller's LoadBalancer Service; undefined until the hub assigns one. */
  readonly address: pulumi.Output<string | undefined>;
  readonly ingressClassName: string;

  constructor(name: string, args: IngressControllerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("azs-ha:platform:IngressController", name, {}, opts);
    const chart = INGRESS_CHARTS[args.config.kind];
    const child = { parent: this, provider: args.provider };

    const namespace = new k8s.core.v1.Namespace(`${name}-namespace`, { metadata: { name: chart.namespace } }, child);
    // helm.v3.Release rather than helm.v4.Chart: charts with hooks break under the latter.
    const release = new k8s.helm.v3.Release(
      `${name}-release`,
      {
        name: chart.releaseName,
        chart: chart.chart,
        version: args.config.chartVersion,
        ...(chart.repo ? { repositoryOpts: { repo: chart.repo } } : {}),
        namespace: namespace.metadata.name,
        values: ingressValues(args.config),
        atomic: true,
        timeout: 900,
      },
      child,
    );
    const service = k8s.core.v1.Service.get(`${name}-service`, pulumi.interpolate`${release.status.namespace}/${chart.serviceName}`, { ...child, dependsOn: [release] });
    this.address = service.status.loadBalancer.ingress.apply((ingress) => ingress?.[0]?.ip ?? ingress?.[0]?.hostname ?? undefined);
    this.ingressClassName = chart.ingressClassName;
    this.registerOutputs({ address: this.address, ingressClassName: this.ingressClassName });
  }
}
