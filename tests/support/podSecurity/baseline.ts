/**
 * The `baseline` checks of the Pod Security Standards, ported from kubernetes/pod-security-admission
 * `policy/check_*.go` at commit 8f84a87c7f617f64a4ddc1aea24aeeb7a2e07cb8 (the file of each is named
 * above it). Reasons and details are the upstream texts, character for character. Only the versions
 * in force from Kubernetes 1.25 on are ported (evaluate.ts refuses older ones).
 */
import { allContainers, Check, Container, containersNamed, Forbidden, inUserNamespace, joinQuote, PodSpec, pluralize, sortedSet } from "./pod";

/** Who set a forbidden value: `pod`, `containers "a", "b"`, or both joined by " and ". */
function setters(pod: boolean, containers: readonly string[]): string {
  return [...(pod ? ["pod"] : []), ...(containers.length > 0 ? [containersNamed(containers)] : [])].join(" and ");
}

// check_privileged.go
function privileged(_: unknown, spec: PodSpec): Forbidden | undefined {
  const bad = allContainers(spec).filter((c) => c.securityContext?.privileged === true).map((c) => c.name);
  return bad.length > 0 ? { reason: "privileged", detail: `${containersNamed(bad)} must not set securityContext.privileged=true` } : undefined;
}

// check_hostNamespaces.go
function hostNamespaces(_: unknown, spec: PodSpec): Forbidden | undefined {
  const set = (["hostNetwork", "hostPID", "hostIPC"] as const).filter((field) => spec[field] === true).map((field) => `${field}=true`);
  return set.length > 0 ? { reason: "host namespaces", detail: set.join(", ") } : undefined;
}

// check_hostPathVolumes.go
function hostPathVolumes(_: unknown, spec: PodSpec): Forbidden | undefined {
  const bad = (spec.volumes ?? []).filter((v) => v.hostPath != null).map((v) => v.name);
  return bad.length > 0 ? { reason: "hostPath volumes", detail: `${pluralize("volume", "volumes", bad.length)} ${joinQuote(bad)}` } : undefined;
}

// check_hostPorts.go
function hostPorts(_: unknown, spec: PodSpec): Forbidden | undefined {
  const users = allContainers(spec).filter((c) => (c.ports ?? []).some((p) => (p.hostPort ?? 0) !== 0));
  if (users.length === 0) return undefined;
  const ports = sortedSet(users.flatMap((c) => (c.ports ?? []).filter((p) => (p.hostPort ?? 0) !== 0).map((p) => String(p.hostPort))));
  const names = users.map((c) => c.name);
  return {
    reason: "hostPort",
    detail: `${containersNamed(names)} ${pluralize("uses", "use", names.length)} ${pluralize("hostPort", "hostPorts", ports.length)} ${ports.join(", ")}`,
  };
}

// check_capabilities_baseline.go: the container runtime's default set.
const DEFAULT_CAPABILITIES = new Set([
  "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
]);
function capabilitiesBaseline(_: unknown, spec: PodSpec): Forbidden | undefined {
  const added = (c: Container) => (c.securityContext?.capabilities?.add ?? []).filter((cap) => !DEFAULT_CAPABILITIES.has(cap));
  const bad = allContainers(spec).filter((c) => added(c).length > 0);
  if (bad.length === 0) return undefined;
  return {
    reason: "non-default capabilities",
    detail: `${containersNamed(bad.map((c) => c.name))} must not include ${joinQuote(sortedSet(bad.flatMap(added)))} in securityContext.capabilities.add`,
  };
}

// check_procMount_baseline.go (procMount_1_0; exported for check_procMount_restricted.go)
export function procMount(_: unknown, spec: PodSpec): Forbidden | undefined {
  const bad = allContainers(spec).filter((c) => c.securityContext?.procMount !== undefined && c.securityContext.procMount !== "Default");
  if (bad.length === 0) return undefined;
  return {
    reason: "procMount",
    detail: `${containersNamed(bad.map((c) => c.name))} must not set securityContext.procMount to ${joinQuote(sortedSet(bad.map((c) => c.securityContext!.procMount!)))}`,
  };
}

// check_seccompProfile_baseline.go (seccompProfileBaseline_1_19; exported for the restricted check)
export const validSeccomp = (type: string) => type === "Localhost" || type === "RuntimeDefault";
function seccompBaseline(_: unknown, spec: PodSpec): Forbidden | undefined {
  const podType = spec.securityContext?.seccompProfile?.type;
  const podBad = podType !== undefined && !validSeccomp(podType);
  const bad = allContainers(spec).filter((c) => c.securityContext?.seccompProfile !== undefined && !validSeccomp(c.securityContext.seccompProfile.type));
  if (!podBad && bad.length === 0) return undefined;
  const values = sortedSet([...(podBad ? [podType] : []), ...bad.map((c) => c.securityContext!.seccompProfile!.type)]);
  return {
    reason: "seccompProfile",
    detail: `${setters(podBad, bad.map((c) => c.name))} must not set securityContext.seccompProfile.type to ${joinQuote(values)}`,
  };
}

// check_sysctls.go: the "safe" sysctls, growing with the version.
const SAFE_SYSCTLS_1_0 = ["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start"];
const SAFE_SYSCTLS_1_27 = [...SAFE_SYSCTLS_1_0, "net.ipv4.ip_local_reserved_ports"];
const SAFE_SYSCTLS_1_29 = [...SAFE_SYSCTLS_1_27, "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"];
const SAFE_SYSCTLS_1_32 = [...SAFE_SYSCTLS_1_29, "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"];
const SAFE_SYSCTLS_1_37 = [...SAFE_SYSCTLS_1_32, "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"];
const sysctls = (safe: readonly string[]) => (_: unknown, spec: PodSpec): Forbidden | undefined => {
  const bad = (spec.securityContext?.sysctls ?? []).map((s) => s.name).filter((name) => !safe.includes(name));
  return bad.length > 0 ? { reason: "forbidden sysctls", detail: bad.join(", ") } : undefined;
};

// check_appArmorProfile.go: profile types, and the deprecated per-container annotations.
const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
function appArmorProfile(metadata: { annotations?: Record<string, string> }, spec: PodSpec): Forbidden | undefined {
  const allowedType = (type: string) => type === "RuntimeDefault" || type === "Localhost";
  const podType = spec.securityContext?.appArmorProfile?.type;
  const podBad = podType !== undefined && !allowedType(podType);
  const bad = allContainers(spec).filter((c) => c.securityContext?.appArmorProfile !== undefined && !allowedType(c.securityContext.appArmorProfile.type));
  const annotations = Object.entries(metadata.annotations ?? {})
    .filter(([key, value]) => key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !(value === "" || value === "runtime/default" || value.startsWith("localhost/")))
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .sort();
  const who = [setters(podBad, bad.map((c) => c.name)), ...(annotations.length > 0 ? [pluralize("annotation", "annotations", annotations.length)] : [])].filter((s) => s !== "");
  if (who.length === 0) return undefined;
  const values = [...sortedSet([...(podBad ? [podType] : []), ...bad.map((c) => c.securityContext!.appArmorProfile!.type)]), ...annotations];
  return {
    reason: pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", values.length),
    detail: `${who.join(" and ")} must not set AppArmor profile type to ${joinQuote(values)}`,
  };
}

// check_seLinuxOptions.go: 1.31 added container_engine_t to the allowed types.
const SELINUX_TYPES_1_0 = ["", "container_t", "container_init_t", "container_kvm_t"];
const seLinuxOptions = (allowedTypes: readonly string[]) => (_: unknown, spec: PodSpec): Forbidden | undefined => {
  const badTypes: string[] = [];
  let setUser = false;
  let setRole = false;
  const valid = (opts: { type?: string; user?: string; role?: string }) => {
    const typeOk = allowedTypes.includes(opts.type ?? "");
    if (!typeOk) badTypes.push(opts.type ?? "");
    setUser ||= (opts.user ?? "") !== "";
    setRole ||= (opts.role ?? "") !== "";
    return typeOk && (opts.user ?? "") === "" && (opts.role ?? "") === "";
  };
  const podOptions = spec.securityContext?.seLinuxOptions;
  const podBad = podOptions !== undefined && !valid(podOptions);
  const bad = allContainers(spec).filter((c) => c.securityContext?.seLinuxOptions !== undefined && !valid(c.securityContext.seLinuxOptions));
  if (!podBad && bad.length === 0) return undefined;
  const types = sortedSet(badTypes);
  const data = [
    ...(types.length > 0 ? [`${pluralize("type", "types", types.length)} ${joinQuote(types)}`] : []),
    ...(setUser ? ["user may not be set"] : []),
    ...(setRole ? ["role may not be set"] : []),
  ];
  return { reason: "seLinuxOptions", detail: `${setters(podBad, bad.map((c) => c.name))} set forbidden securityContext.seLinuxOptions: ${data.join("; ")}` };
};

// check_windowsHostProcess.go
function windowsHostProcess(_: unknown, spec: PodSpec): Forbidden | undefined {
  const podBad = spec.securityContext?.windowsOptions?.hostProcess === true;
  const bad = allContainers(spec).filter((c) => c.securityContext?.windowsOptions?.hostProcess === true).map((c) => c.name);
  if (!podBad && bad.length === 0) return undefined;
  return { reason: "hostProcess", detail: `${setters(podBad, bad)} must not set securityContext.windowsOptions.hostProcess=true` };
}

// check_hostProbesAndhostLifecycle.go (from 1.34): no `host` in probes and lifecycle handlers.
function hostProbesAndHostLifecycle(_: unknown, spec: PodSpec): Forbidden | undefined {
  const hostsOf = (c: Container) =>
    [c.livenessProbe, c.readinessProbe, c.startupProbe, c.lifecycle?.postStart, c.lifecycle?.preStop]
      .flatMap((handler) => [handler?.httpGet?.host, handler?.tcpSocket?.host])
      .filter((host): host is string => host !== undefined && host !== "");
  const bad = allContainers(spec).filter((c) => hostsOf(c).length > 0);
  if (bad.length === 0) return undefined;
  const names = sortedSet(bad.map((c) => c.name));
  const hosts = sortedSet(bad.flatMap(hostsOf));
  return {
    reason: "probe or lifecycle host",
    detail: `${containersNamed(names)} ${pluralize("uses", "use", names.length)} ${pluralize("probe or lifecycle host", "probe or lifecycle hosts", hosts.length)} ${joinQuote(hosts)}`,
  };
}

export const BASELINE_CHECKS: readonly Check[] = [
  { id: "privileged", level: "baseline", versions: [{ minor: 0, checkPod: privileged }] },
  { id: "hostNamespaces", level: "baseline", versions: [{ minor: 0, checkPod: hostNamespaces }] },
  { id: "hostPathVolumes", level: "baseline", versions: [{ minor: 0, checkPod: hostPathVolumes }] },
  { id: "hostPorts", level: "baseline", versions: [{ minor: 0, checkPod: hostPorts }] },
  { id: "capabilities_baseline", level: "baseline", versions: [{ minor: 0, checkPod: capabilitiesBaseline }] },
  {
    id: "procMount",
    level: "baseline",
    versions: [
      { minor: 0, checkPod: procMount },
      { minor: 35, checkPod: (metadata, spec) => (inUserNamespace(spec) ? undefined : procMount(metadata, spec)) },
    ],
  },
  { id: "seccompProfile_baseline", level: "baseline", versions: [{ minor: 19, checkPod: seccompBaseline }] },
  {
    id: "sysctls",
    level: "baseline",
    versions: [
      { minor: 0, checkPod: sysctls(SAFE_SYSCTLS_1_0) },
      { minor: 27, checkPod: sysctls(SAFE_SYSCTLS_1_27) },
      { minor: 29, checkPod: sysctls(SAFE_SYSCTLS_1_29) },
      { minor: 32, checkPod: sysctls(SAFE_SYSCTLS_1_32) },
      { minor: 37, checkPod: sysctls(SAFE_SYSCTLS_1_37) },
    ],
  },
  { id: "appArmorProfile", level: "baseline", versions: [{ minor: 0, checkPod: appArmorProfile }] },
  {
    id: "seLinuxOptions",
    level: "baseline",
    versions: [
      { minor: 0, checkPod: seLinuxOptions(SELINUX_TYPES_1_0) },
      { minor: 31, checkPod: seLinuxOptions([...SELINUX_TYPES_1_0, "container_engine_t"]) },
    ],
  },
  { id: "windowsHostProcess", level: "baseline", versions: [{ minor: 0, checkPod: windowsHostProcess }] },
  { id: "hostProbesAndHostLifecycle", level: "baseline", versions: [{ minor: 34, checkPod: hostProbesAndHostLifecycle }] },
];
