/**
 * The pod fields the Pod Security Standards read, as plain JSON (what a plan's inputs hold), and
 * the helpers the upstream checks share. Port of kubernetes/pod-security-admission `policy/`
 * (the staging copy of kubernetes/kubernetes staging/src/k8s.io/pod-security-admission/policy/),
 * read at commit 8f84a87c7f617f64a4ddc1aea24aeeb7a2e07cb8: helpers.go and visitor.go here.
 */

export interface SecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
  procMount?: string;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  seccompProfile?: { type: string };
  appArmorProfile?: { type: string };
  seLinuxOptions?: { type?: string; user?: string; role?: string };
  windowsOptions?: { hostProcess?: boolean };
}

export interface PodSecurityContext extends Omit<SecurityContext, "privileged" | "allowPrivilegeEscalation" | "capabilities" | "procMount"> {
  sysctls?: { name: string; value?: string }[];
}

interface HostHandler {
  httpGet?: { host?: string };
  tcpSocket?: { host?: string };
}

export interface Container {
  name: string;
  securityContext?: SecurityContext;
  ports?: { hostPort?: number }[];
  livenessProbe?: HostHandler;
  readinessProbe?: HostHandler;
  startupProbe?: HostHandler;
  lifecycle?: { postStart?: HostHandler; preStop?: HostHandler };
}

/** A volume: its name and one source, e.g. `{ name: "data", persistentVolumeClaim: {...} }`. */
export type Volume = { name: string } & Record<string, unknown>;

export interface PodSpec {
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  hostUsers?: boolean;
  os?: { name: string };
  securityContext?: PodSecurityContext;
  volumes?: Volume[];
  initContainers?: Container[];
  containers: Container[];
  ephemeralContainers?: Container[];
}

export interface PodMetadata {
  annotations?: Record<string, string>;
}

/** A refusal, as a check's CheckResult has it when Allowed is false. */
export interface Forbidden {
  readonly reason: string;
  readonly detail: string;
}

export type CheckPod = (metadata: PodMetadata, spec: PodSpec) => Forbidden | undefined;

/** visitContainers: init containers, then containers, then ephemeral containers. */
export function allContainers(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers, ...(spec.ephemeralContainers ?? [])];
}

export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? "" : `"${items.join('", "')}"`;
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** What Go's sets.NewString(...).List() returns: distinct and sorted. */
export function sortedSet(items: Iterable<string>): string[] {
  return [...new Set(items)].sort();
}

/** relaxPolicyForUserNamespacePod: a pod in a user namespace (`hostUsers: false`). */
export function inUserNamespace(spec: PodSpec): boolean {
  return spec.hostUsers === false;
}

export function isWindows(spec: PodSpec): boolean {
  return spec.os?.name === "windows";
}

/** `containers "a", "b"` or `container "a"`, as the checks name who set a field. */
export function containersNamed(names: readonly string[]): string {
  return `${pluralize("container", "containers", names.length)} ${joinQuote(names)}`;
}

/** A check of one standard, with its versions as registered in its check_*.go file. */
export interface Check {
  readonly id: string;
  readonly level: "baseline" | "restricted";
  /** Each version applies from its minor (Kubernetes 1.x) until the next one's. */
  readonly versions: readonly { readonly minor: number; readonly checkPod: CheckPod; readonly overrides?: readonly string[] }[];
}
