/**
 * What a service connection needs from a kubeconfig: the context the tasks select (they set the
 * connection's `clusterContext` as `current-context`: azure-pipelines-tasks-common-packages
 * common-npm-packages/kubernetes-common/kubectlutility.ts getKubeconfigForCluster), the API server
 * of its cluster (the connection's URL), and the credentials in it, so they can be redacted.
 * Errors never quote the kubeconfig: a YAML parse error would carry a snippet of it. Pure.
 */
import * as yaml from "js-yaml";
import { InputError } from "../plan/cli";

export interface KubeconfigTarget {
  readonly context: string;
  readonly server: string;
  /** Tokens, passwords and private keys of its users (secrets to keep out of every message). */
  readonly credentials: readonly string[];
}

const CREDENTIAL_FIELDS = ["token", "password", "client-key-data"];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const entries = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isRecord) : []);

/** `source` names where the kubeconfig came from (e.g. "stack stampA: output deployerKubeconfig"). */
export function kubeconfigTarget(text: string, source: string): KubeconfigTarget {
  let document: unknown;
  try {
    document = yaml.load(text);
  } catch {
    throw new InputError(`${source} is not a kubeconfig: it does not parse as YAML or JSON`);
  }
  if (!isRecord(document)) throw new InputError(`${source} is not a kubeconfig: not a mapping`);

  const contexts = entries(document.contexts);
  const current = document["current-context"];
  const context = typeof current === "string" && current !== "" ? current : contexts.length === 1 ? contexts[0].name : undefined;
  if (typeof context !== "string" || context === "") throw new InputError(`${source}: the kubeconfig has no current-context (and not exactly one context)`);
  const selected = contexts.find((entry) => entry.name === context)?.context;
  if (!isRecord(selected)) throw new InputError(`${source}: the kubeconfig has no context named ${JSON.stringify(context)}`);

  const cluster = entries(document.clusters).find((entry) => entry.name === selected.cluster)?.cluster;
  const server = isRecord(cluster) ? cluster.server : undefined;
  if (typeof server !== "string" || !/^https?:\/\//.test(server)) {
    throw new InputError(`${source}: context ${JSON.stringify(context)} names no cluster with an http(s) server`);
  }

  const credentials = entries(document.users)
    .map((entry) => entry.user)
    .filter(isRecord)
    .flatMap((user) => CREDENTIAL_FIELDS.map((field) => user[field]))
    .filter((value): value is string => typeof value === "string" && value !== "");
  return { context, server, credentials };
}
