/**
 * The guide's three-tier ratings application as typed Kubernetes objects, so every object shows
 * in preview diffs. Fixes the sample chart's bugs: the MongoDB Service selects its pods, the API
 * listens where its Service sends traffic, `API` is a full http URL, the Ingress is
 * networking.k8s.io/v1, MongoDB has volumes, and its credentials are generated and secret.
 * The namespace enforces a Pod Security Standard and every pod passes `restricted` (issue 8).
 * Every tier keeps a ready pod through the drain or loss of any one node (issue 11;
 * platform/scheduling.ts): MongoDB is a replica set (components/mongoReplicaSet.ts).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AppConfig } from "../config/types";
import { MONGODB_NAME } from "../platform/mongoReplicaSet";
import { RESTRICTED_CONTAINER } from "../platform/podSecurity";
import { ONE_AT_A_TIME, spreadOverNodes } from "../platform/scheduling";
import { MongoReplicaSet } from "./mongoReplicaSet";

export interface RatingsAppArgs {
  readonly config: AppConfig;
  readonly ingressClassName: string;
  /** The cluster's Kubernetes minor, e.g. `1.33`: the Pod Security rules the namespace enforces. */
  readonly kubernetesMinor: string;
  readonly provider: k8s.Provider;
}

const API_PORT = 3000;
const WEB_PORT = 8080;
const SERVICE_PORT = 80;

export class RatingsApp extends pulumi.ComponentResource {
  readonly namespace: string;
  /** The app's Namespace object: what else lives in the namespace waits for it, not for the app. */
  readonly namespaceObject: k8s.core.v1.Namespace;
  /** In-cluster URL of the API, as ratings-web calls it. */
  readonly apiUrl: string;

  constructor(name: string, args: RatingsAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super("azs-ha:app:RatingsApp", name, {}, opts);
    const { config } = args;
    const ns = config.namespace;
    const child = { parent: this, provider: args.provider };
    const labels = (app: string) => ({ app, "app.kubernetes.io/part-of": "ratings" });
    const meta = (objectName: string, app: string) => ({ name: objectName, namespace: ns, labels: labels(app) });

    // Pod Security admission (https://kubernetes.io/docs/concepts/security/pod-security-admission/):
    // without it, anyone who may create a Deployment here (the deployer account) could run a
    // privileged or hostPath pod and read the node's /etc/kubernetes/azure.json, the hub's service
    // principal. The enforced rules are pinned to the cluster's minor rather than `latest`: they
    // change only with kubernetesVersion, in a preview, not silently inside an API server upgrade
    // whose node drains recreate every pod. warn and audit use `restricted` at `latest`, so what
    // the newest rules would refuse shows up (kubectl and Pulumi print the warnings) before it matters.
    const podSecurity = {
      "pod-security.kubernetes.io/enforce": config.podSecurityLevel,
      "pod-security.kubernetes.io/enforce-version": `v${args.kubernetesMinor}`,
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/warn-version": "latest",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/audit-version": "latest",
    };
    // Deleting a namespace deletes its volume claims, MongoDB's data among them: `pulumi destroy`
    // leaves it (and so the data) in the cluster; remove it by hand once the data is safe elsewhere.
    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      { metadata: { name: ns, labels: { "app.kubernetes.io/part-of": "ratings", ...podSecurity } } },
      { ...child, retainOnDelete: true },
    );
    this.namespaceObject = namespace;
    const inNamespace = { ...child, dependsOn: [namespace] };

    const mongo = new MongoReplicaSet(
      `${name}-mongodb`,
      { config: config.mongo, namespace: ns, labels: labels(MONGODB_NAME), provider: args.provider, namespaceObject: namespace },
      { parent: this },
    );
    const secretKey = (key: string) => ({ secretKeyRef: { name: mongo.credentialsSecretName, key } });

    new k8s.apps.v1.Deployment(
      `${name}-api`,
      {
        metadata: meta("ratings-api", "ratings-api"),
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: "ratings-api" } },
          template: {
            metadata: { labels: labels("ratings-api") },
            spec: {
              topologySpreadConstraints: spreadOverNodes({ app: "ratings-api" }),
              // heoelri/demo-rating-api is MicrosoftDocs/mslearn-aks-workshop-ratings-api (mongoose
              // 4.13, so the 2019 code): Dockerfile FROM node:13.5-alpine, `npm install` and COPY as
              // root, no USER (nor in the 2023 node:14/16 versions), CMD `npm start` (node
              // ./server.js): root unless told otherwise. The node images create user `node` with
              // uid and gid 1000 (addgroup -g 1000 node && adduser -u 1000 -G node). The app only
              // reads its files (world-readable) and writes nothing at run time (morgan logs to
              // stdout); HOME is the user's /home/node (runc's setupUser takes it from /etc/passwd),
              // where npm may write its logs. Checked: that code serves as uid 1000 from a root-owned
              // directory, writing only under $HOME/.npm.
              automountServiceAccountToken: false,
              securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
              containers: [
                {
                  name: "ratings-api",
                  image: config.apiImage,
                  securityContext: RESTRICTED_CONTAINER,
                  ports: [{ name: "http", containerPort: API_PORT }],
                  env: [
                    { name: "PORT", value: String(API_PORT) },
                    { name: "MONGODB_USERNAME", valueFrom: secretKey("username") },
                    { name: "MONGODB_PASSWORD", valueFrom: secretKey("password") },
                    // Every member and the set's name, so the driver follows the primary.
                    { name: "MONGODB_URI", value: mongo.connectionString },
                  ],
                  // /healthz is 200 only while the database is connected.
                  readinessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 10 },
                  livenessProbe: { httpGet: { path: "/healthz", port: "http" }, initialDelaySeconds: 30, periodSeconds: 20, failureThreshold: 6 },
                  resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
                },
              ],
            },
          },
        },
      },
      inNamespace,
    );
    new k8s.core.v1.Service(
      `${name}-api-service`,
      { metadata: meta("ratings-api", "ratings-api"), spec: { selector: { app: "ratings-api" }, ports: [{ name: "http", port: SERVICE_PORT, targetPort: "http" }] } },
      inNamespace,
    );

    this.apiUrl = `http://ratings-api.${ns}.svc.cluster.local:${SERVICE_PORT}`;
    new k8s.apps.v1.Deployment(
      `${name}-web`,
      {
        metadata: meta("ratings-web", "ratings-web"),
        spec: {
          // No replica count: the autoscaler owns it.
          selector: { matchLabels: { app: "ratings-web" } },
          template: {
            metadata: { labels: labels("ratings-web") },
            spec: {
              topologySpreadConstraints: spreadOverNodes({ app: "ratings-web" }),
              // heoelri/demo-rating-web is MicrosoftDocs/mslearn-aks-workshop-ratings-web (2019
              // Dockerfile: FROM node:13.5-alpine, built as root, no USER, CMD `npm start`), so root
              // by default; here the node image's `node` user, uid and gid 1000. webpack-dev-server
              // keeps the compiled bundle in memory, and webpack.config.js enables no disk cache
              // (babel-loader without cacheDirectory, UglifyJsPlugin and CompressionPlugin without
              // cache), so nothing is written under the root-owned /usr/src/app. Checked the same way
              // as ratings-api: it compiles and serves / as uid 1000, writing only under $HOME/.npm.
              automountServiceAccountToken: false,
              securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
              containers: [
                {
                  name: "ratings-web",
                  image: config.webImage,
                  securityContext: RESTRICTED_CONTAINER,
                  ports: [{ name: "http", containerPort: WEB_PORT }],
                  env: [{ name: "API", value: this.apiUrl }],
                  // The image runs `npm start`, i.e. webpack-dev-server (Dockerfile and package.json of
                  // MicrosoftDocs/mslearn-aks-workshop-ratings-web), which first compiles the Vue front end
                  // (webpack 3, UglifyJsPlugin, eval-source-map, gzip); until then a request for / waits
                  // ("wait until bundle finished"). Measured from that repository's lock file (Node 20,
                  // dart-sass standing in for node-sass) under a 500m CPU limit: first 200 after ~25 s
                  // (~12 s of CPU), peak memory ~280 MiB; under a 256Mi limit the compile was OOM-killed.
                  // So: 5 minutes (30 x 10 s) for slower or busier nodes before liveness takes over, a
                  // memory request above that peak, and the workshop manifest's own 512Mi limit.
                  startupProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 10, failureThreshold: 30 },
                  readinessProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 10 },
                  livenessProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 20, failureThreshold: 3 },
                  resources: { requests: { cpu: "100m", memory: "320Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
                },
              ],
            },
          },
        },
      },
      inNamespace,
    );
    new k8s.core.v1.Service(
      `${name}-web-service`,
      { metadata: meta("ratings-web", "ratings-web"), spec: { selector: { app: "ratings-web" }, ports: [{ name: "http", port: SERVICE_PORT, targetPort: "http" }] } },
      inNamespace,
    );
    // No host rule: the Traffic Manager probe on "/" succeeds whatever Host header it sends.
    new k8s.networking.v1.Ingress(
      `${name}-ingress`,
      {
        metadata: meta("ratings-web", "ratings-web"),
        spec: {
          ingressClassName: args.ingressClassName,
          rules: [{ http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "ratings-web", port: { number: SERVICE_PORT } } } }] } }],
        },
      },
      inNamespace,
    );
    new k8s.autoscaling.v2.HorizontalPodAutoscaler(
      `${name}-web-autoscaler`,
      {
        metadata: meta("ratings-web", "ratings-web"),
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "ratings-web" },
          minReplicas: config.hpa.minReplicas,
          maxReplicas: config.hpa.maxReplicas,
          metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: config.hpa.cpuPercent } } }],
        },
      },
      inNamespace,
    );
    for (const tier of ["ratings-api", "ratings-web"]) {
      new k8s.policy.v1.PodDisruptionBudget(
        `${name}-${tier.replace("ratings-", "")}-disruption-budget`,
        { metadata: meta(tier, tier), spec: { ...ONE_AT_A_TIME, selector: { matchLabels: { app: tier } } } },
        inNamespace,
      );
    }

    this.namespace = ns;
    this.registerOutputs({ namespace: this.namespace, apiUrl: this.apiUrl });
  }
}
