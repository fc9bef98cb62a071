/**
 * Every Kubernetes object the stamps declare is valid by the official schema (kubernetes-models)
 * and wired correctly (selectors, ports, URLs), which is where the guide's sample chart failed.
 */
import type { Plan } from "../tools/plan/evaluate";
import { planStack } from "./support/plan";
import { validateKubernetesObjects as validate } from "./support/validateKubernetes";
import { KubeObject, wiringProblems } from "./support/wiring";

/** The objects a plan declares (not the ones it only reads back), secrets shown as their placeholders. */
function declaredObjects(plan: Plan): KubeObject[] {
  return plan.resources
    .filter((r) => /^kubernetes:[^:]+\/v\d\w*:/.test(r.type) && (r.inputs as KubeObject).metadata?.name !== undefined)
    .map((r) => r.inputs as KubeObject);
}

let plans: Plan[];
beforeAll(async () => {
  plans = [await planStack("stampA", { showSecrets: true }), await planStack("stampB", { showSecrets: true })];
});

describe.each([
  ["stampA (nginx)", 0],
  ["stampB (traefik)", 1],
])("the Kubernetes objects of %s", (_stamp, index) => {
  it("are all valid by the official schemas", () => {
    const objects = declaredObjects(plans[index]);
    expect(objects.map((o) => o.kind).sort()).toEqual([
      "ConfigMap", "ConfigMap", "Deployment", "Deployment", "HorizontalPodAutoscaler", "Ingress", "Namespace", "Namespace", "PodDisruptionBudget",
      "PodDisruptionBudget", "PodDisruptionBudget", "Role", "RoleBinding", "Secret", "Secret", "Service", "Service", "Service", "ServiceAccount",
      "StatefulSet",
    ]);
    expect(validate(objects).filter((r) => r.error !== null)).toEqual([]);
  });

  it("are wired together: selectors, ports, URLs, requests", () => {
    expect(wiringProblems(declaredObjects(plans[index]))).toEqual([]);
  });

  it("route / to ratings-web through the controller's ingress class, for any Host header", () => {
    const plan = plans[index];
    const ingress = declaredObjects(plan).find((o) => o.kind === "Ingress")!;
    expect(ingress.apiVersion).toBe("networking.k8s.io/v1");
    expect(ingress.spec.ingressClassName).toBe(index === 0 ? "nginx" : "traefik");
    expect(ingress.spec.rules).toEqual([{ http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "ratings-web", port: { number: 80 } } } }] } }]);
    // F5 NGINX rejects a rule without a host unless the controller allows it; Traefik accepts it.
    const controller = plan.resources.find((r) => r.name === `${plan.outputs.stampName}-ingress-release`)!.inputs as any;
    if (index === 0) expect(controller.values.controller.allowEmptyIngressHost).toBe(true);
  });

  it("autoscale ratings-web on CPU as the guide's kubectl autoscale did, from 2 replicas (the guide's 1 is not drain-safe)", () => {
    const hpa = declaredObjects(plans[index]).find((o) => o.kind === "HorizontalPodAutoscaler")!;
    expect(hpa.apiVersion).toBe("autoscaling/v2");
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "ratings-web" },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }],
    });
    // the autoscaler owns the replica count
    expect(declaredObjects(plans[index]).find((o) => o.kind === "Deployment" && o.metadata.name === "ratings-web")!.spec.replicas).toBeUndefined();
  });

  it("give ratings-web room for its start-up compile: a startup probe gating liveness, and memory for webpack", () => {
    const web = declaredObjects(plans[index]).find((o) => o.kind === "Deployment" && o.metadata.name === "ratings-web")!;
    const [container] = web.spec.template.spec.containers;
    expect(container.ports).toEqual([{ name: "http", containerPort: 8080 }]);
    const { startupProbe, livenessProbe, readinessProbe } = container;
    expect(startupProbe.httpGet).toEqual({ path: "/", port: "http" });
    // webpack-dev-server answers / only once the bundle is compiled: up to 5 minutes on a slow node
    expect(startupProbe.failureThreshold * startupProbe.periodSeconds + (startupProbe.initialDelaySeconds ?? 0)).toBe(300);
    // after start-up: a dead server is restarted within a minute, and no delay is left to guess
    expect(livenessProbe).toEqual({ httpGet: { path: "/", port: "http" }, periodSeconds: 20, failureThreshold: 3 });
    expect(readinessProbe).toEqual({ httpGet: { path: "/", port: "http" }, periodSeconds: 10 });
    // the compile peaked at ~280 MiB and was OOM-killed under 256Mi
    expect(container.resources).toEqual({ requests: { cpu: "100m", memory: "320Mi" }, limits: { cpu: "500m", memory: "512Mi" } });
  });
});

describe("the checks themselves", () => {
  it("check the port of every probe, startup probes included", () => {
    const web: KubeObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "ratings-web", namespace: "ratings" },
      spec: {
        selector: { matchLabels: { app: "ratings-web" } },
        template: {
          metadata: { labels: { app: "ratings-web" } },
          spec: { containers: [{ name: "ratings-web", image: "i", ports: [{ name: "http", containerPort: 8080 }], resources: { requests: { cpu: "100m" } }, startupProbe: { httpGet: { path: "/", port: "web" } } }] },
        },
      },
    };
    expect(wiringProblems([web])).toEqual(["Deployment ratings/ratings-web: a probe of ratings-web targets port web, which the container does not declare"]);
  });

  it("reject a wrongly typed field (the schema validator is active)", () => {
    const broken = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" }, spec: { replicas: "two", selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "c", image: "i" }] } } } };
    expect(validate([broken])).toEqual([{ kind: "Deployment", name: "x", error: "data/spec/replicas must be integer" }]);
  });

  it("catch the bugs of the guide's sample chart", () => {
    const ns = "ratings";
    const pod = (app: string, port: number, extra: object = {}) => ({
      selector: { matchLabels: { app } },
      template: { metadata: { labels: { app } }, spec: { containers: [{ name: app, image: "i", ports: [{ containerPort: port }], resources: { requests: { cpu: "100m" } }, ...extra }] } },
    });
    const sample: KubeObject[] = [
      { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "ratings-mongodb", namespace: ns }, spec: pod("ratings-mongodb", 27017) },
      { apiVersion: "v1", kind: "Service", metadata: { name: "ratings-mongodb", namespace: ns }, spec: { selector: { app: "mongodb" }, ports: [{ port: 27017 }] } },
      { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "ratings-api", namespace: ns }, spec: pod("ratings-api", 3000) },
      { apiVersion: "v1", kind: "Service", metadata: { name: "ratings-api", namespace: ns }, spec: { selector: { app: "ratings-api" }, ports: [{ port: 80, targetPort: 80 }] } },
      { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "ratings-web", namespace: ns }, spec: pod("ratings-web", 8080, { env: [{ name: "API", value: "ratings-api:80" }, { name: "TYPO", value: "http://ratings-apii:80" }] }) },
    ];
    expect(wiringProblems(sample)).toEqual([
      'Deployment ratings/ratings-web: env API of ratings-web: "ratings-api:80" names Service ratings-api but is not a URL with a scheme',
      "Deployment ratings/ratings-web: env TYPO of ratings-web: host ratings-apii is not a Service in ratings",
      "Service ratings/ratings-mongodb: selector app=mongodb matches no pod",
      "Service ratings/ratings-api: targetPort 80 is not a container port of ratings-api",
    ]);
  });
});
