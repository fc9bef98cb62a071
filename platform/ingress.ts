/**
 * The ingress controller charts: where they come from, what they are called in the cluster,
 * and their values. Pure; the tests validate the values against each chart's published schema
 * and run the drain analysis over them.
 */
import type { IngressConfig, IngressKind } from "../config/types";
import { ONE_AT_A_TIME, spreadOverNodes } from "./scheduling";

export interface IngressChart {
  /** Chart reference: an OCI URL, or a chart name in `repo`. */
  readonly chart: string;
  readonly repo?: string;
  readonly releaseName: string;
  readonly namespace: string;
  /** The controller's LoadBalancer Service, as the chart names it for `releaseName`. */
  readonly serviceName: string;
  readonly ingressClassName: string;
  /** The labels the chart gives the controller's pods (and its budget selects) for `releaseName` in `namespace`. */
  readonly podLabels: Readonly<Record<string, string>>;
}

export const INGRESS_CHARTS: Readonly<Record<IngressKind, IngressChart>> = {
  // F5 NGINX Ingress Controller: "<release>-controller" when the release name contains the chart name.
  // Pod labels: templates/_helpers.tpl "nginx-ingress.selectorLabels" (chart name, release name).
  nginx: {
    chart: "oci://ghcr.io/nginx/charts/nginx-ingress", releaseName: "nginx-ingress", namespace: "nginx-ingress", serviceName: "nginx-ingress-controller", ingressClassName: "nginx",
    podLabels: { "app.kubernetes.io/name": "nginx-ingress", "app.kubernetes.io/instance": "nginx-ingress" },
  },
  // Traefik: the release name itself when it contains the chart name.
  // Pod labels: templates/_helpers.tpl "traefik.labelselector" (chart name, "<release>-<namespace>").
  traefik: {
    chart: "traefik", repo: "https://traefik.github.io/charts", releaseName: "traefik", namespace: "traefik", serviceName: "traefik", ingressClassName: "traefik",
    podLabels: { "app.kubernetes.io/name": "traefik", "app.kubernetes.io/instance": "traefik-traefik" },
  },
};

// Requests let the scheduler spread replicas; no CPU limit, so bursts are not throttled.
const CONTROLLER_RESOURCES = { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } };

export function ingressValues(config: IngressConfig): Record<string, unknown> {
  const chart = INGRESS_CHARTS[config.kind];
  if (config.kind === "nginx") {
    return {
      controller: {
        replicaCount: config.replicas,
        ingressClass: { name: chart.ingressClassName, create: true, setAsDefaultIngress: false },
        service: { create: true, type: "LoadBalancer", httpPort: { enable: true, port: 80 }, httpsPort: { enable: true, port: 443 } },
        podDisruptionBudget: { enabled: true, ...ONE_AT_A_TIME },
        topologySpreadConstraints: spreadOverNodes(chart.podLabels),
        resources: CONTROLLER_RESOURCES,
        // The app's Ingress has no host rule (Traffic Manager probes by IP with any Host header);
        // F5 NGINX rejects such rules unless told to accept them.
        allowEmptyIngressHost: true,
      },
    };
  }
  return {
    deployment: { replicas: config.replicas },
    ingressClass: { enabled: true, isDefaultClass: false, name: chart.ingressClassName },
    service: { enabled: true, type: "LoadBalancer" },
    ports: { web: { exposedPort: 80 }, websecure: { exposedPort: 443 } },
    podDisruptionBudget: { enabled: true, ...ONE_AT_A_TIME },
    topologySpreadConstraints: spreadOverNodes(chart.podLabels),
    resources: CONTROLLER_RESOURCES,
  };
}
