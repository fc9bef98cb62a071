/**
 * A stamp's checks, through its cluster-admin kubeconfig (the stack's `kubeconfig` output, used
 * as is: its CA, server and client certificate): the API server answers, every node is Ready and
 * there are `nodeCount` of them, the ratings app's workloads and autoscaler are ready, and the app
 * answers on `appUrl`. The equivalent of the guide's `kubectl get nodes`, `kubectl get deploy,sts,hpa`
 * and a browser on the app's address.
 */
import {
  ApiException,
  AppsV1Api,
  AutoscalingV2Api,
  type ConfigurationOptions,
  CoreV1Api,
  KubeConfig,
  Observable,
  type RequestContext,
  type ResponseContext,
  VersionApi,
} from "@kubernetes/client-node";
import { type AppProbeTiming, probeApp, type Sleep } from "./appProbe";
import {
  autoscalerCheck,
  autoscalerReady,
  deploymentCheck,
  deploymentReady,
  NODE_COUNT,
  nodeCountMatches,
  nodesReady,
  NODES_READY,
  RATINGS_AUTOSCALER,
  RATINGS_DEPLOYMENTS,
  RATINGS_STATEFUL_SET,
  statefulSetCheck,
  statefulSetReady,
} from "./kubeStatus";
import { type CheckFilter, CheckResult, fail, pass, selected } from "./report";

/** What the checks need from a stamp's outputs (tools/verify/targets.ts). */
export interface StampTarget {
  /** Secret: never part of a detail. */
  readonly kubeconfig: string;
  readonly nodeCount: number;
  readonly appNamespace: string;
  /** Absent until the hub assigned the ingress controller an address. */
  readonly appUrl: string | undefined;
}

export interface VerifyTiming {
  /** Per request to the API server. */
  readonly requestTimeoutMs: number;
  readonly app: AppProbeTiming;
  /** With `--wait`: how long between two rounds of the transient checks (tools/verify/wait.ts). */
  readonly waitIntervalMs: number;
}


const API_SERVER = "API server";
const APP = "app at appUrl";

/** Each request to the API server is aborted after the timeout (node-fetch honours the request's signal). */
function withTimeout(ms: number): ConfigurationOptions {
  const timeout = {
    pre: (context: RequestContext) => {
      context.setSignal(AbortSignal.timeout(ms));
      return new Observable(Promise.resolve(context));
    },
    post: (response: ResponseContext) => new Observable(Promise.resolve(response)),
  };
  return { middleware: [timeout], middlewareMergeStrategy: "append" };
}

/** Why a request failed, in a few words: the HTTP status and the API server's own message, or the network error. */
function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof ApiException) {
    if (error.code === 401) return "HTTP 401 Unauthorized: the API server refused the kubeconfig's client certificate (is it this cluster's kubeconfig?)";
    const message = statusMessage(error.body);
    return `HTTP ${error.code}${message ? `: ${message}` : ""}`;
  }
  const e = error as Error;
  if (e.name === "AbortError") return `no answer within ${timeoutMs / 1000} s`;
  // node-fetch's FetchError: "request to <url> failed, reason: <the system's error>".
  return /, reason: (.*)$/s.exec(e.message)?.[1] ?? e.message;
}

/** The `message` of the Status object the API server sends with an error (the client hands over its text or JSON). */
function statusMessage(body: unknown): string | undefined {
  let status = body;
  if (typeof body === "string") {
    try {
      status = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const message = (status as { message?: unknown } | undefined)?.message;
  return typeof message === "string" ? message : undefined;
}

/**
 * One row per check of the cluster, in a fixed order; when the API server does not answer, the
 * others are not tried. The API server is always asked (every other check needs it); the others
 * only when `only` selects them.
 */
async function clusterChecks(config: KubeConfig, target: StampTarget, timeoutMs: number, only: CheckFilter): Promise<CheckResult[]> {
  const options = withTimeout(timeoutMs);
  const server = config.getCurrentCluster()?.server;
  const { appNamespace: namespace } = target;
  let version: string;
  try {
    version = (await config.makeApiClient(VersionApi).getCode({}, options)).gitVersion;
  } catch (error) {
    const later = [NODES_READY, NODE_COUNT, ...RATINGS_DEPLOYMENTS.map(deploymentCheck), statefulSetCheck(RATINGS_STATEFUL_SET), autoscalerCheck(RATINGS_AUTOSCALER)].filter((check) => selected(only, check));
    return [fail(API_SERVER, `${server}: ${describe(error, timeoutMs)}`), ...later.map((check) => fail(check, "not checked: the API server did not answer"))];
  }
  const results = [pass(API_SERVER, `${version} at ${server}`)];
  if (selected(only, NODES_READY) || selected(only, NODE_COUNT)) {
    try {
      const nodes = (await config.makeApiClient(CoreV1Api).listNode({}, options)).items;
      results.push(nodesReady(nodes), nodeCountMatches(nodes, target.nodeCount));
    } catch (error) {
      results.push(fail(NODES_READY, describe(error, timeoutMs)), fail(NODE_COUNT, describe(error, timeoutMs)));
    }
  }
  const read = async <T>(check: string, request: () => Promise<T>, judge: (object: T) => CheckResult) => {
    if (!selected(only, check)) return;
    try {
      results.push(judge(await request()));
    } catch (error) {
      results.push(fail(check, error instanceof ApiException && error.code === 404 ? `not found in namespace ${namespace}` : describe(error, timeoutMs)));
    }
  };
  const apps = config.makeApiClient(AppsV1Api);
  for (const name of RATINGS_DEPLOYMENTS) await read(deploymentCheck(name), () => apps.readNamespacedDeployment({ name, namespace }, options), deploymentReady);
  const statefulSet = { name: RATINGS_STATEFUL_SET, namespace };
  await read(statefulSetCheck(statefulSet.name), () => apps.readNamespacedStatefulSet(statefulSet, options), statefulSetReady);
  const autoscaler = { name: RATINGS_AUTOSCALER, namespace };
  const autoscaling = config.makeApiClient(AutoscalingV2Api);
  await read(autoscalerCheck(autoscaler.name), () => autoscaling.readNamespacedHorizontalPodAutoscaler(autoscaler, options), autoscalerReady);
  return results;
}

/** The kubeconfig, or why it cannot be used; never its content (a parser's error would quote it). */
function loadKubeconfig(text: string): KubeConfig | undefined {
  const config = new KubeConfig();
  try {
    config.loadFromString(text);
  } catch {
    return undefined;
  }
  return config.getCurrentCluster() && config.getCurrentUser() ? config : undefined;
}

/** The checks `only` selects (all by default), each row as the check found it; `sleep` waits between the app's attempts. */
export async function verifyStamp(target: StampTarget, timing: VerifyTiming, sleep: Sleep, only?: CheckFilter): Promise<CheckResult[]> {
  const config = loadKubeconfig(target.kubeconfig);
  const clusterSelected = only === undefined || [...only].some((check) => check !== APP);
  const cluster = !clusterSelected
    ? []
    : config
    ? await clusterChecks(config, target, timing.requestTimeoutMs, only)
    : [fail(API_SERVER, "the stack's kubeconfig output is not a kubeconfig with a current context (its content is secret: not shown)")];
  if (!selected(only, APP)) return cluster;
  const app = target.appUrl
    ? await probeApp(APP, target.appUrl, timing.app, sleep)
    : fail(APP, "the stack has no appUrl yet: the hub has not given the ingress controller an address (run pulumi up on the stamp again)");
  return [...cluster, app];
}
