/**
 * The `restricted` checks of the Pod Security Standards, ported like baseline.ts from
 * kubernetes/pod-security-admission `policy/check_*.go` at commit 8f84a87c7f617f64a4ddc1aea24aeeb7a2e07cb8.
 * A restricted check may override baseline checks it supersedes (`overrides`, upstream
 * OverrideCheckIDs): restricted evaluation then runs it instead of them.
 */
import { procMount, validSeccomp } from "./baseline";
import { allContainers, Check, CheckPod, Container, containersNamed, Forbidden, inUserNamespace, isWindows, joinQuote, PodSpec, pluralize, sortedSet } from "./pod";

/** The `_1_25` versions of several checks: Windows pods are exempt from Linux-only fields. */
const exceptWindows = (check: CheckPod): CheckPod => (metadata, spec) => (isWindows(spec) ? undefined : check(metadata, spec));
/** The `1_35` versions of several checks: pods in a user namespace are exempt. */
const exceptUserNamespace = (check: CheckPod): CheckPod => (metadata, spec) => (inUserNamespace(spec) ? undefined : check(metadata, spec));

// check_allowPrivilegeEscalation.go (allowPrivilegeEscalation_1_8)
function allowPrivilegeEscalation(_: unknown, spec: PodSpec): Forbidden | undefined {
  const bad = allContainers(spec).filter((c) => c.securityContext?.allowPrivilegeEscalation !== false).map((c) => c.name);
  return bad.length > 0
    ? { reason: "allowPrivilegeEscalation != false", detail: `${containersNamed(bad)} must set securityContext.allowPrivilegeEscalation=false` }
    : undefined;
}

// check_capabilities_restricted.go (capabilitiesRestricted_1_22): drop ALL, add nothing but NET_BIND_SERVICE.
function capabilitiesRestricted(_: unknown, spec: PodSpec): Forbidden | undefined {
  const containers = allContainers(spec);
  const missingDropAll = containers.filter((c) => !(c.securityContext?.capabilities?.drop ?? []).includes("ALL")).map((c) => c.name);
  const added = (c: Container) => (c.securityContext?.capabilities?.add ?? []).filter((cap) => cap !== "NET_BIND_SERVICE");
  const adding = containers.filter((c) => added(c).length > 0);
  const details = [
    ...(missingDropAll.length > 0 ? [`${containersNamed(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`] : []),
    ...(adding.length > 0
      ? [`${containersNamed(adding.map((c) => c.name))} must not include ${joinQuote(sortedSet(adding.flatMap(added)))} in securityContext.capabilities.add`]
      : []),
  ];
  return details.length > 0 ? { reason: "unrestricted capabilities", detail: details.join("; ") } : undefined;
}

// check_restrictedVolumes.go: the inline volume sources allowed, and the names of the others.
const ALLOWED_VOLUME_SOURCES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret"];
const RESTRICTED_VOLUME_SOURCES = [
  "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd", "flexVolume", "cinder", "cephfs", "flocker",
  "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO", "storageos",
];
function restrictedVolumes(_: unknown, spec: PodSpec): Forbidden | undefined {
  const bad = (spec.volumes ?? []).filter((v) => !ALLOWED_VOLUME_SOURCES.some((source) => v[source] != null));
  if (bad.length === 0) return undefined;
  const types = sortedSet(bad.map((v) => RESTRICTED_VOLUME_SOURCES.find((source) => v[source] != null) ?? "unknown"));
  const names = bad.map((v) => v.name);
  return {
    reason: "restricted volume types",
    detail: `${pluralize("volume", "volumes", names.length)} ${joinQuote(names)} ${pluralize("uses", "use", names.length)} ${pluralize("restricted volume type", "restricted volume types", types.length)} ${joinQuote(types)}`,
  };
}

// check_runAsNonRoot.go (runAsNonRoot1_0): explicit false anywhere, or unset on a container of a pod that does not set true.
function runAsNonRoot(_: unknown, spec: PodSpec): Forbidden | undefined {
  const pod = spec.securityContext?.runAsNonRoot;
  const containers = allContainers(spec);
  const explicitlyBad = containers.filter((c) => c.securityContext?.runAsNonRoot === false).map((c) => c.name);
  const setters = [...(pod === false ? ["pod"] : []), ...(explicitlyBad.length > 0 ? [containersNamed(explicitlyBad)] : [])];
  if (setters.length > 0) return { reason: "runAsNonRoot != true", detail: `${setters.join(" and ")} must not set securityContext.runAsNonRoot=false` };
  const implicitlyBad = pod === true ? [] : containers.filter((c) => c.securityContext?.runAsNonRoot === undefined).map((c) => c.name);
  return implicitlyBad.length > 0
    ? { reason: "runAsNonRoot != true", detail: `pod or ${containersNamed(implicitlyBad)} must set securityContext.runAsNonRoot=true` }
    : undefined;
}

// check_runAsUser.go (runAsUser1_23)
function runAsUser(_: unknown, spec: PodSpec): Forbidden | undefined {
  const bad = allContainers(spec).filter((c) => c.securityContext?.runAsUser === 0).map((c) => c.name);
  const setters = [...(spec.securityContext?.runAsUser === 0 ? ["pod"] : []), ...(bad.length > 0 ? [containersNamed(bad)] : [])];
  return setters.length > 0 ? { reason: "runAsUser=0", detail: `${setters.join(" and ")} must not set runAsUser=0` } : undefined;
}

// check_seccompProfile_restricted.go (seccompProfileRestricted_1_19): set, to RuntimeDefault or Localhost, on the pod or every container.
function seccompRestricted(_: unknown, spec: PodSpec): Forbidden | undefined {
  const podType = spec.securityContext?.seccompProfile?.type;
  const podBad = podType !== undefined && !validSeccomp(podType);
  const containers = allContainers(spec);
  const explicitlyBad = containers.filter((c) => c.securityContext?.seccompProfile !== undefined && !validSeccomp(c.securityContext.seccompProfile.type));
  const setters = [...(podBad ? ["pod"] : []), ...(explicitlyBad.length > 0 ? [containersNamed(explicitlyBad.map((c) => c.name))] : [])];
  if (setters.length > 0) {
    const values = sortedSet([...(podBad ? [podType] : []), ...explicitlyBad.map((c) => c.securityContext!.seccompProfile!.type)]);
    return { reason: "seccompProfile", detail: `${setters.join(" and ")} must not set securityContext.seccompProfile.type to ${joinQuote(values)}` };
  }
  const podSet = podType !== undefined;
  const implicitlyBad = podSet ? [] : containers.filter((c) => c.securityContext?.seccompProfile === undefined).map((c) => c.name);
  return implicitlyBad.length > 0
    ? { reason: "seccompProfile", detail: `pod or ${containersNamed(implicitlyBad)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"` }
    : undefined;
}

export const RESTRICTED_CHECKS: readonly Check[] = [
  { id: "allowPrivilegeEscalation", level: "restricted", versions: [{ minor: 25, checkPod: exceptWindows(allowPrivilegeEscalation) }] },
  {
    id: "capabilities_restricted",
    level: "restricted",
    versions: [{ minor: 25, checkPod: exceptWindows(capabilitiesRestricted), overrides: ["capabilities_baseline"] }],
  },
  // check_procMount_restricted.go: from 1.35 the baseline check relaxes for user namespaces; restricted does not.
  { id: "procMount_restricted", level: "restricted", versions: [{ minor: 35, checkPod: procMount, overrides: ["procMount"] }] },
  { id: "restrictedVolumes", level: "restricted", versions: [{ minor: 0, checkPod: restrictedVolumes, overrides: ["hostPathVolumes"] }] },
  {
    id: "runAsNonRoot",
    level: "restricted",
    versions: [
      { minor: 0, checkPod: runAsNonRoot },
      { minor: 35, checkPod: exceptUserNamespace(runAsNonRoot) },
    ],
  },
  {
    id: "runAsUser",
    level: "restricted",
    versions: [
      { minor: 23, checkPod: runAsUser },
      { minor: 35, checkPod: exceptUserNamespace(runAsUser) },
    ],
  },
  {
    id: "seccompProfile_restricted",
    level: "restricted",
    versions: [{ minor: 25, checkPod: exceptWindows(seccompRestricted), overrides: ["seccompProfile_baseline"] }],
  },
];
