/**
 * The Pod Security Standards evaluator of tests/support/podSecurity/ reproduces the upstream
 * plugin: each case below is taken from the named kubernetes/pod-security-admission
 * `policy/check_*_test.go` (commit 8f84a87c7f617f64a4ddc1aea24aeeb7a2e07cb8), with its expected
 * reason and detail verbatim, so a porting mistake fails here rather than hiding in the stack test.
 */
import { evaluatePod, Level, podSecurityError, PodSpec } from "./support/podSecurity/evaluate";

/** Containers named a, b, ... with these security contexts (undefined: none, as upstream's `SecurityContext: nil`). */
const named = (...contexts: (object | undefined)[]) => contexts.map((securityContext, i) => ({ name: "abcdefg"[i], ...(securityContext ? { securityContext } : {}) }));
const RESTRICTED_SOURCES = [
  "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd", "flexVolume", "cinder", "cephfs", "flocker",
  "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO", "storageos",
];
const ALLOWED_SOURCES = ["emptyDir", "secret", "persistentVolumeClaim", "downwardAPI", "configMap", "projected", "csi", "ephemeral", "image"];

/** [upstream test file and case, level, spec, check id, reason, detail] */
const UPSTREAM: [string, Level, PodSpec, string, string, string][] = [
  ["check_privileged_test.go: privileged", "baseline", { containers: named(undefined, {}, { privileged: false }, { privileged: true }, { privileged: true }) },
    "privileged", "privileged", 'containers "d", "e" must not set securityContext.privileged=true'],
  ["check_hostNamespaces_test.go: multiple host namespaces", "baseline", { hostNetwork: true, hostIPC: true, hostPID: true, containers: [] },
    "hostNamespaces", "host namespaces", "hostNetwork=true, hostPID=true, hostIPC=true"],
  ["check_hostPathVolumes_test.go: host path volumes", "baseline", { containers: [], volumes: [{ name: "a", hostPath: {} }, { name: "b", hostPath: {} }, { name: "c", emptyDir: {} }] },
    "hostPathVolumes", "hostPath volumes", 'volumes "a", "b"'],
  ["check_hostPorts_test.go: multiple containers, multiple host port", "baseline",
    { containers: [{ name: "a", ports: [{ hostPort: 0 }] }, { name: "b", ports: [{ hostPort: 0 }, { hostPort: 10 }, { hostPort: 20 }] }, { name: "c", ports: [{ hostPort: 0 }, { hostPort: 10 }, { hostPort: 30 }] }] },
    "hostPorts", "hostPort", 'containers "b", "c" use hostPorts 10, 20, 30'],
  ["check_capabilities_baseline_test.go: multiple containers", "baseline", { containers: named({ capabilities: { add: ["FOO", "BAR"] } }, { capabilities: { add: ["BAR", "BAZ"] } }) },
    "capabilities_baseline", "non-default capabilities", 'containers "a", "b" must not include "BAR", "BAZ", "FOO" in securityContext.capabilities.add'],
  ["check_procMount_baseline_test.go: procMount", "baseline",
    { hostUsers: true, containers: named(undefined, {}, { procMount: "Default" }, { procMount: "Unmasked" }, { procMount: "other" }) },
    "procMount", "procMount", 'containers "d", "e" must not set securityContext.procMount to "Unmasked", "other"'],
  ["check_seccompProfile_baseline_test.go: pod and containers seccomp invalid", "baseline",
    { securityContext: { seccompProfile: { type: "Unconfined" } },
      containers: named(undefined, {}, ...["Unconfined", "Unconfined", "RuntimeDefault", "RuntimeDefault"].map((type) => ({ seccompProfile: { type } }))) },
    "seccompProfile_baseline", "seccompProfile", 'pod and containers "c", "d" must not set securityContext.seccompProfile.type to "Unconfined"'],
  ["check_sysctls_test.go: forbidden sysctls", "baseline", { securityContext: { sysctls: [{ name: "a" }, { name: "b" }] }, containers: [] },
    "sysctls", "forbidden sysctls", "a, b"],
  ["check_appArmorProfile_test.go: unconfined init container", "baseline",
    { securityContext: { appArmorProfile: { type: "RuntimeDefault" } }, containers: [{ name: "foo" }], initContainers: [{ name: "bar", securityContext: { appArmorProfile: { type: "Unconfined" } } }] },
    "appArmorProfile", "forbidden AppArmor profile", 'container "bar" must not set AppArmor profile type to "Unconfined"'],
  ["check_seLinuxOptions_test.go: invalid pod and containers", "baseline",
    { securityContext: { seLinuxOptions: { type: "foo", user: "bar", role: "baz" } },
      containers: named(...["container_t", "container_init_t", "container_kvm_t", "container_engine_t", "bar"].map((type) => ({ seLinuxOptions: { type } })), { seLinuxOptions: { user: "bar" } }, { seLinuxOptions: { role: "baz" } }) },
    "seLinuxOptions", "seLinuxOptions", 'pod and containers "e", "f", "g" set forbidden securityContext.seLinuxOptions: types "bar", "foo"; user may not be set; role may not be set'],
  ["check_windowsHostProcess_test.go: host process", "baseline",
    { securityContext: { windowsOptions: { hostProcess: true } },
      containers: named(undefined, {}, { windowsOptions: {} }, { windowsOptions: { hostProcess: false } }, { windowsOptions: { hostProcess: true } }, { windowsOptions: { hostProcess: true } }) },
    "windowsHostProcess", "hostProcess", 'pod and containers "e", "f" must not set securityContext.windowsOptions.hostProcess=true'],
  ["check_hostProbesAndhostLifecycle_test.go: invalid pod with local host IP as probe host", "baseline",
    { containers: [{ name: "a", livenessProbe: { httpGet: { host: "127.0.0.1" } }, readinessProbe: { tcpSocket: { host: "::1" } }, startupProbe: { httpGet: { host: "localhost" } } }] },
    "hostProbesAndHostLifecycle", "probe or lifecycle host", 'container "a" uses probe or lifecycle hosts "127.0.0.1", "::1", "localhost"'],
  ["check_allowPrivilegeEscalation_test.go: multiple containers", "restricted",
    { containers: named(undefined, {}, { allowPrivilegeEscalation: true }, { allowPrivilegeEscalation: false }) },
    "allowPrivilegeEscalation", "allowPrivilegeEscalation != false", 'containers "a", "b", "c" must set securityContext.allowPrivilegeEscalation=false'],
  ["check_capabilities_restricted_test.go: multiple containers", "restricted",
    { containers: named({ capabilities: { add: ["FOO", "BAR"] } }, { capabilities: { add: ["BAR", "BAZ"] } }, { capabilities: { add: ["NET_BIND_SERVICE", "CHOWN"], drop: ["ALL", "FOO"] } }) },
    "capabilities_restricted", "unrestricted capabilities",
    'containers "a", "b" must set securityContext.capabilities.drop=["ALL"]; containers "a", "b", "c" must not include "BAR", "BAZ", "CHOWN", "FOO" in securityContext.capabilities.add'],
  ["check_restrictedVolumes_test.go: host path volumes", "restricted",
    { containers: [],
      volumes: [...ALLOWED_SOURCES.map((source, i) => ({ name: `a${i + 1}`, [source]: {} })), ...RESTRICTED_SOURCES.map((source, i) => ({ name: `b${i + 1}`, [source]: {} })), { name: "c1" }] },
    "restrictedVolumes", "restricted volume types",
    'volumes "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "b10", "b11", "b12", "b13", "b14", "b15", "b16", "b17", "b18", "b19", "b20", "b21", "c1"' +
      ' use restricted volume types "awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "fc", "flexVolume", "flocker", "gcePersistentDisk", "gitRepo", "glusterfs", ' +
      '"hostPath", "iscsi", "nfs", "photonPersistentDisk", "portworxVolume", "quobyte", "rbd", "scaleIO", "storageos", "unknown", "vsphereVolume"'],
  ["check_runAsNonRoot_test.go: pod nil, container fallthrough", "restricted",
    { containers: [...named(undefined, {}), { name: "d", securityContext: { runAsNonRoot: true } }, { name: "e", securityContext: { runAsNonRoot: true } }] },
    "runAsNonRoot", "runAsNonRoot != true", 'pod or containers "a", "b" must set securityContext.runAsNonRoot=true'],
  ["check_runAsNonRoot_test.go: containers runAsNonRoot=false", "restricted",
    { securityContext: { runAsNonRoot: true }, containers: named(undefined, {}, ...[false, false, true, true].map((runAsNonRoot) => ({ runAsNonRoot }))) },
    "runAsNonRoot", "runAsNonRoot != true", 'containers "c", "d" must not set securityContext.runAsNonRoot=false'],
  ["check_runAsUser_test.go: containers runAsUser=0", "restricted", { containers: named(undefined, {}, ...[0, 0, 1, 1].map((runAsUser) => ({ runAsUser }))) },
    "runAsUser", "runAsUser=0", 'containers "c", "d" must not set runAsUser=0'],
  ["check_seccompProfile_restricted_test.go: pod nil, container fallthrough", "restricted",
    { containers: [...named(undefined, {}), ...["d", "e"].map((name) => ({ name, securityContext: { seccompProfile: { type: "RuntimeDefault" } } }))] },
    "seccompProfile_restricted", "seccompProfile", 'pod or containers "a", "b" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"'],
];

describe("the Pod Security Standards evaluator", () => {
  it.each(UPSTREAM)("reproduces %s (%s level)", (_file, level, spec, check, reason, detail) => {
    expect(evaluatePod(level, "v1.35", { spec }).find((v) => v.check === check)).toEqual({ check, reason, detail });
  });

  it("reads the deprecated AppArmor annotations as check_appArmorProfile_test.go does", () => {
    const annotations = Object.fromEntries(
      [["", "bogus"], ["a", ""], ["b", "runtime/default"], ["c", "localhost/"], ["d", "localhost/foo"], ["e", "unconfined"], ["f", "unknown"]].map(([c, v]) => [`container.apparmor.security.beta.kubernetes.io/${c}`, v]),
    );
    expect(evaluatePod("baseline", "v1.35", { metadata: { annotations }, spec: { containers: [] } })).toEqual([{
      check: "appArmorProfile",
      reason: "forbidden AppArmor profiles",
      detail: "annotations must not set AppArmor profile type to " + [
        `"container.apparmor.security.beta.kubernetes.io/="bogus""`,
        `"container.apparmor.security.beta.kubernetes.io/e="unconfined""`,
        `"container.apparmor.security.beta.kubernetes.io/f="unknown""`,
      ].join(", "),
    }]);
  });

  it("applies each check from its version on, as registry.go does", () => {
    const probeHost = { containers: [{ name: "a", startupProbe: { httpGet: { host: "localhost" } } }] };
    // check_hostProbesAndhostLifecycle_test.go: emulating 1.33 the host check is not active, from 1.34 it is
    expect(evaluatePod("baseline", "v1.33", { spec: probeHost })).toEqual([]);
    expect(evaluatePod("baseline", "v1.34", { spec: probeHost }).map((v) => v.check)).toEqual(["hostProbesAndHostLifecycle"]);
    // check_sysctls.go: tcp_rmem is safe from 1.32, tcp_notsent_lowat from 1.37 (also what `latest` and newer versions mean here)
    const sysctl = (name: string) => ({ securityContext: { sysctls: [{ name }] }, containers: [] });
    expect(evaluatePod("baseline", "v1.31", { spec: sysctl("net.ipv4.tcp_rmem") }).map((v) => v.detail)).toEqual(["net.ipv4.tcp_rmem"]);
    expect(evaluatePod("baseline", "v1.32", { spec: sysctl("net.ipv4.tcp_rmem") })).toEqual([]);
    expect(evaluatePod("baseline", "v1.36", { spec: sysctl("net.ipv4.tcp_notsent_lowat") }).map((v) => v.check)).toEqual(["sysctls"]);
    expect(evaluatePod("baseline", "latest", { spec: sysctl("net.ipv4.tcp_notsent_lowat") })).toEqual([]);
    expect(evaluatePod("baseline", "v1.40", { spec: sysctl("net.ipv4.tcp_notsent_lowat") })).toEqual([]);
    // check_seLinuxOptions.go: container_engine_t is allowed from 1.31
    const engine = { containers: named({ seLinuxOptions: { type: "container_engine_t" } }) };
    expect(evaluatePod("baseline", "v1.30", { spec: engine }).map((v) => v.detail)).toEqual(['container "a" set forbidden securityContext.seLinuxOptions: type "container_engine_t"']);
    expect(evaluatePod("baseline", "v1.31", { spec: engine })).toEqual([]);
  });

  it("relaxes for user namespaces from 1.35 only in baseline's procMount, runAsNonRoot and runAsUser, as check_procMount_restricted.go keeps it", () => {
    const spec: PodSpec = {
      hostUsers: false,
      securityContext: { runAsUser: 0, seccompProfile: { type: "RuntimeDefault" } },
      containers: named({ procMount: "Unmasked", allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } }),
    };
    expect(evaluatePod("baseline", "v1.35", { spec })).toEqual([]);
    expect(evaluatePod("restricted", "v1.35", { spec }).map((v) => v.check)).toEqual(["procMount_restricted"]);
    expect(evaluatePod("restricted", "v1.34", { spec }).map((v) => v.check)).toEqual(["procMount", "runAsNonRoot", "runAsUser"]);
  });

  it("exempts Windows pods from the Linux-only restricted fields (the _1_25 versions)", () => {
    const spec: PodSpec = { os: { name: "windows" }, securityContext: { runAsNonRoot: true }, containers: [{ name: "a" }] };
    expect(evaluatePod("restricted", "v1.33", { spec })).toEqual([]);
  });

  it("orders violations as registry.go does (baseline checks by ID, then restricted by ID) and words them as admission.go", () => {
    const spec: PodSpec = { containers: [{ name: "shell", securityContext: { privileged: true } }], volumes: [{ name: "host", hostPath: { path: "/" } }] };
    expect(podSecurityError("restricted", "v1.33", { spec })).toBe(
      'violates PodSecurity "restricted:v1.33": privileged (container "shell" must not set securityContext.privileged=true), ' +
        'allowPrivilegeEscalation != false (container "shell" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "shell" must set securityContext.capabilities.drop=["ALL"]), ' +
        'restricted volume types (volume "host" uses restricted volume type "hostPath"), ' +
        'runAsNonRoot != true (pod or container "shell" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "shell" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    expect(podSecurityError("baseline", "latest", { spec: { containers: [{ name: "a" }] } })).toBeUndefined();
  });

  it.each([
    ["v1.24", "v1.24: checks before v1.25 are not modelled"],
    ["1.33", '"1.33": a Pod Security version is "latest" or "v1.x"'],
  ])("refuses the version %s", (version, message) => {
    expect(() => evaluatePod("baseline", version, { spec: { containers: [] } })).toThrow(message);
  });
});
