/**
 * The plan-diff engine (tools/plan/diff) on small hand-made plans: Pulumi's rules per resource
 * type, ignoreChanges, secret masking, reads, components and providers.
 */
import { changesSomething, diffPlans, PlanLike, PlanResourceLike, reported, ResourceChange } from "../tools/plan/diff";
import { kubernetesReplacePaths } from "../tools/plan/diff/kubernetes";
import { formatPath, parsePath, ANY } from "../tools/plan/diff/paths";
import { formatChange, renderTable, summarize } from "../tools/plan/diff/table";

const PROJECT = "urn:pulumi:test::proj::";
const K8S_PROVIDER = `${PROJECT}pulumi:providers:kubernetes::k8s`;

interface Extra {
  readonly secretInputs?: string[];
  readonly options?: PlanResourceLike["options"];
  readonly provider?: string | null;
  readonly parent?: string;
}

function res(type: string, name: string, inputs: Record<string, unknown>, extra: Extra = {}): PlanResourceLike {
  const urn = extra.parent ? `${PROJECT}${extra.parent}$${type}::${name}` : `${PROJECT}${type}::${name}`;
  return { urn, type, name, provider: extra.provider ?? null, inputs, secretInputs: extra.secretInputs ?? [], options: extra.options ?? {} };
}

const plan = (...resources: PlanResourceLike[]): PlanLike => ({ resources });

/** The one resource's classification when `before` becomes `after`. */
function one(before: PlanResourceLike, after: PlanResourceLike, ...others: PlanResourceLike[]): ResourceChange {
  const all = diffPlans(plan(before, ...others), plan(after, ...others));
  return all.find((c) => c.urn === after.urn) as ResourceChange;
}

const command = (inputs: Record<string, unknown>, extra: Extra = {}) =>
  res("command:remote:Command", "deploy", { connection: { host: "helper", user: "azureuser", privateKey: "key-1" }, create: "deploy.sh", ...inputs }, { secretInputs: ["connection"], ...extra });

describe("created, deleted, unchanged", () => {
  const key = res("tls:index/privateKey:PrivateKey", "key", { algorithm: "ED25519" });
  const password = res("random:index/randomPassword:RandomPassword", "password", { length: 24, special: false });
  const all = diffPlans(plan(key, password), plan(key, res("tls:index/privateKey:PrivateKey", "host-key", { algorithm: "ED25519" })));

  it("classifies every URN of either plan", () => {
    expect(all.map((c) => [c.name, c.action])).toEqual([
      ["password", "delete"],
      ["host-key", "create"],
      ["key", "same"],
    ]);
    expect(changesSomething(all)).toBe(true);
  });

  it("reports all but the unchanged, by name", () => {
    expect(reported(all).map((c) => c.name)).toEqual(["host-key", "password"]);
  });

  it("two equal plans change nothing", () => {
    const same = diffPlans(plan(key, password), plan(key, password));
    expect(reported(same)).toEqual([]);
    expect(changesSomething(same)).toBe(false);
  });

  it("a protected or retained resource that leaves the program is noted", () => {
    const kept = res("tls:index/privateKey:PrivateKey", "ca", { algorithm: "RSA" }, { options: { protect: true, retainOnDelete: true } });
    expect(diffPlans(plan(kept), plan())[0]).toEqual({
      urn: kept.urn,
      type: kept.type,
      name: "ca",
      action: "delete",
      changes: [],
      notes: ["protected: pulumi up refuses to delete it", "retainOnDelete: Pulumi forgets it, it is not deleted"],
    });
  });
});

describe("command:remote:Command", () => {
  it("a change of triggers replaces", () => {
    const change = one(command({ triggers: [1, "v0.85.0"] }), command({ triggers: [2, "v0.85.0"] }));
    expect(change).toEqual({
      urn: `${PROJECT}command:remote:Command::deploy`,
      type: "command:remote:Command",
      name: "deploy",
      action: "replace",
      changes: [{ path: "triggers[0]", kind: "update", old: 1, new: 2, secret: false, replaces: true }],
      notes: [],
    });
  });

  it("any other change is an update that runs `update`, or `create` again without one", () => {
    const withUpdate = one(command({ update: "update.sh", environment: { A: "1" } }), command({ update: "update.sh", environment: { A: "2" } }));
    expect([withUpdate.action, withUpdate.notes, withUpdate.changes.map((c) => [c.path, c.old, c.new, c.replaces])]).toEqual([
      "update",
      ["runs `update`"],
      [["environment.A", "1", "2", false]],
    ]);
    const withoutUpdate = one(command({}), command({ create: "deploy.sh --v2" }));
    expect([withoutUpdate.action, withoutUpdate.notes]).toEqual(["update", ["runs `create` again"]]);
  });

  it("a change of connection is an update (secret: masked), not a replacement", () => {
    const change = one(command({}), command({ connection: { host: "helper-2", user: "azureuser", privateKey: "key-1" } }));
    expect(change.action).toBe("update");
    expect(change.changes).toEqual([{ path: "connection.host", kind: "update", old: "[secret]", new: "[secret]", secret: true, replaces: false }]);
  });
});

describe("command:remote:CopyToRemote", () => {
  const copy = (inputs: Record<string, unknown>) =>
    res("command:remote:CopyToRemote", "upload", { connection: { host: "helper" }, remotePath: "/w/a.sh", source: { text: "echo 1" }, ...inputs }, { secretInputs: ["connection"] });

  it("triggers replace; a new source copies again; a new connection alone copies nothing", () => {
    expect(one(copy({ triggers: [1] }), copy({ triggers: [2] })).action).toBe("replace");
    const source = one(copy({}), copy({ source: { text: "echo 2" } }));
    expect([source.action, source.notes, source.changes.map((c) => c.path)]).toEqual(["update", ["copies the file again"], ["source.text"]]);
    const connection = one(copy({}), copy({ connection: { host: "helper-2" } }));
    expect([connection.action, connection.notes]).toEqual(["update", ["copies nothing (only the connection changed)"]]);
  });
});

describe("ignoreChanges", () => {
  const deployment = (replicas: number, image: string) =>
    res(
      "kubernetes:apps/v1:Deployment",
      "web",
      { metadata: { name: "web", namespace: "ratings" }, spec: { replicas, template: { spec: { containers: [{ name: "web", image }] } } } },
      { options: { ignoreChanges: ["spec.replicas"] }, provider: K8S_PROVIDER },
    );

  it("paths it lists are not changes", () => {
    expect(one(deployment(2, "web:1"), deployment(5, "web:1")).action).toBe("same");
    expect(one(deployment(2, "web:1"), deployment(5, "web:2")).changes).toEqual([
      { path: "spec.template.spec.containers[0].image", kind: "update", old: "web:1", new: "web:2", secret: false, replaces: false },
    ]);
  });

  it("takes wildcards", () => {
    const before = res("command:remote:Command", "c", { environment: { A: "1", B: "1" }, create: "x" }, { options: { ignoreChanges: ["environment.*"] } });
    const after = res("command:remote:Command", "c", { environment: { A: "2", B: "2" }, create: "x" }, { options: { ignoreChanges: ["environment.*"] } });
    expect(one(before, after).action).toBe("same");
  });
});

describe("secrets", () => {
  it("a path listed in secretInputs of either plan is masked, below it too", () => {
    const before = command({ stdin: "old-secret" });
    const after = command({ stdin: "new-secret" }, { secretInputs: ["connection", "stdin"] });
    expect(one(before, after).changes).toEqual([{ path: "stdin", kind: "update", old: "[secret]", new: "[secret]", secret: true, replaces: false }]);
  });

  it("a secret inside an added object is masked inside it", () => {
    const release = (values: Record<string, unknown>) =>
      res("kubernetes:helm.sh/v3:Release", "monitoring", { name: "monitoring", namespace: "kube-system", values }, { secretInputs: ["values.amalogs.secret.key"], provider: K8S_PROVIDER });
    const change = one(release({}), release({ amalogs: { secret: { key: "workspace-key", wsid: "id" } } }));
    expect(change.changes).toEqual([
      { path: "values.amalogs", kind: "add", new: { secret: { key: "[secret]", wsid: "id" } }, secret: true, replaces: false },
    ]);
    expect(change.notes).toEqual(["helm upgrade"]);
  });
});

describe("reporting order and masked values", () => {
  it("sorts by name, then by URN, whatever the plans' order", () => {
    const named = (type: string) => res(type, "same-name", { a: 1 });
    const [b, a] = [named("tls:index:PrivateKey"), named("random:index:RandomPassword")];
    expect(reported(diffPlans(plan(), plan(b, a))).map((c) => c.type)).toEqual(["random:index:RandomPassword", "tls:index:PrivateKey"]);
    expect(reported(diffPlans(plan(), plan(a, b))).map((c) => c.type)).toEqual(["random:index:RandomPassword", "tls:index:PrivateKey"]);
  });

  it("masks the secret parts of an added value and keeps its arrays and other parts", () => {
    const before = command({});
    const after = command({ environment: { LIST: ["a", "b"], KEY: "s3cret", NESTED: [{ KEY: "also" }] } }, { secretInputs: ["connection", "environment.KEY", "environment.NESTED[0].KEY"] });
    expect(one(before, after).changes).toEqual([
      { path: "environment", kind: "add", new: { LIST: ["a", "b"], KEY: "[secret]", NESTED: [{ KEY: "[secret]" }] }, secret: true, replaces: false },
    ]);
  });
});

describe("Kubernetes objects", () => {
  const object = (type: string, inputs: Record<string, unknown>, providerName = "k8s") =>
    res(type, "obj", inputs, { provider: `${PROJECT}pulumi:providers:kubernetes::${providerName}` });
  const statefulSet = (spec: Record<string, unknown>, name = "mongodb") =>
    object("kubernetes:apps/v1:StatefulSet", { metadata: { name, namespace: "ratings" }, spec: { replicas: 1, serviceName: "mongodb", ...spec } });

  it("a change of metadata.name or metadata.namespace replaces (the old one is deleted after)", () => {
    const change = one(statefulSet({}), statefulSet({}, "mongo"));
    expect([change.action, change.changes.map((c) => [c.path, c.replaces]), change.notes]).toEqual(["replace", [["metadata.name", true]], []]);
    const moved = one(
      object("kubernetes:core/v1:Service", { metadata: { name: "api", namespace: "a" } }),
      object("kubernetes:core/v1:Service", { metadata: { name: "api", namespace: "b" } }),
    );
    expect(moved.action).toBe("replace");
  });

  it("StatefulSet: serviceName, volumeClaimTemplates, podManagementPolicy, selector replace, deleting first (same name); replicas update", () => {
    for (const spec of [{ serviceName: "db" }, { volumeClaimTemplates: [{ spec: { resources: { requests: { storage: "16Gi" } } } }] }, { podManagementPolicy: "Parallel" }, { selector: { matchLabels: { app: "db" } } }]) {
      const change = one(statefulSet({}), statefulSet(spec));
      expect([change.action, change.notes]).toEqual(["replace", ["deletes it before creating the replacement"]]);
    }
    expect(one(statefulSet({}), statefulSet({ replicas: 3 })).action).toBe("update");
  });

  it("deletes first only an object the user named (provider.go Diff): generateName, an empty name or an autonamed one is created first", () => {
    const withMetadata = (metadata: Record<string, unknown>, podManagementPolicy: string) =>
      object("kubernetes:apps/v1:StatefulSet", { metadata: { namespace: "ratings", ...metadata }, spec: { serviceName: "mongodb", podManagementPolicy } });
    const notes = (metadata: Record<string, unknown>) => one(withMetadata(metadata, "OrderedReady"), withMetadata(metadata, "Parallel")).notes;
    expect(notes({ name: "mongodb" })).toEqual(["deletes it before creating the replacement"]);
    expect(notes({ generateName: "mongodb-" })).toEqual([]);
    expect(notes({ name: "" })).toEqual([]);
    expect(notes({ name: "mongodb-x1", annotations: { "pulumi.com/autonamed": "true" } })).toEqual([]);
  });

  it("Deployment: a new selector replaces, a new template updates", () => {
    const deployment = (labels: Record<string, string>, image: string) =>
      object("kubernetes:apps/v1:Deployment", { metadata: { name: "api" }, spec: { selector: { matchLabels: labels }, template: { spec: { containers: [{ image }] } } } });
    expect(one(deployment({ app: "api" }, "a"), deployment({ app: "api2" }, "a")).changes).toEqual([
      { path: "spec.selector.matchLabels.app", kind: "update", old: "api", new: "api2", secret: false, replaces: true },
    ]);
    expect(one(deployment({ app: "api" }, "a"), deployment({ app: "api" }, "b")).action).toBe("update");
  });

  it("a change that adds, removes or rewrites a whole object holding a replace path replaces", () => {
    const deployment = (spec?: Record<string, unknown>) => object("kubernetes:apps/v1:Deployment", { metadata: { name: "api" }, ...(spec ? { spec } : {}) });
    const withSelector = { selector: { matchLabels: { app: "api" } }, replicas: 2 };
    const cases: [Record<string, unknown> | undefined, Record<string, unknown> | undefined, string][] = [
      [undefined, withSelector, "spec"],
      [withSelector, undefined, "spec"],
      [{ replicas: 2 }, withSelector, "spec.selector"],
    ];
    for (const [before, after, changedPath] of cases) {
      const change = one(deployment(before), deployment(after));
      expect([change.action, change.changes.map((c) => [c.path, c.replaces])]).toEqual(["replace", [[changedPath, true]]]);
    }
    // an object beside the replace path is an update
    expect(one(deployment({ replicas: 2 }), deployment({ replicas: 2, template: { metadata: { labels: { app: "api" } } } })).action).toBe("update");
    // a wildcard path is held by any element: a new container with an image replaces a Pod
    const pod = (containers: unknown[]) => object("kubernetes:core/v1:Pod", { metadata: { name: "p" }, spec: { containers } });
    expect(one(pod([{ name: "a", image: "x" }]), pod([{ name: "a", image: "x" }, { name: "b", image: "y" }])).action).toBe("replace");
  });

  it("Secret data replaces unless the provider has enableSecretMutable", () => {
    const secret = (password: string, providerName?: string) => object("kubernetes:core/v1:Secret", { metadata: { name: "creds" }, stringData: { password } }, providerName);
    expect(one(secret("a"), secret("b")).action).toBe("replace");
    const mutable = res("pulumi:providers:kubernetes", "mutable", { enableSecretMutable: "true" });
    expect(one(secret("a", "mutable"), secret("b", "mutable"), mutable).action).toBe("update");
  });

  it("ConfigMap data replaces unless the provider has enableConfigMapMutable, and always when the ConfigMap is immutable", () => {
    const configMap = (value: string, providerName?: string, immutable?: boolean) =>
      object("kubernetes:core/v1:ConfigMap", { metadata: { name: "settings" }, data: { value }, ...(immutable ? { immutable } : {}) }, providerName);
    const mutable = res("pulumi:providers:kubernetes", "mutable", { enableConfigMapMutable: true });
    expect(one(configMap("a"), configMap("b")).action).toBe("replace");
    expect(one(configMap("a", "mutable"), configMap("b", "mutable"), mutable).action).toBe("update");
    expect(one(configMap("a", "mutable", true), configMap("b", "mutable", true), mutable).action).toBe("replace");
    // enableConfigMapMutable does not make Secrets mutable, nor the reverse
    const secret = (password: string) => object("kubernetes:core/v1:Secret", { metadata: { name: "creds" }, stringData: { password } }, "mutable");
    expect(one(secret("a"), secret("b"), mutable).action).toBe("replace");
  });

  it("replace on exactly the fields of pulumi-kubernetes' forceNew table (diff.go), spelled as Pulumi paths", () => {
    // compared as patterns: parsePath, tested below, reads the table's strings
    const paths = (type: string) => kubernetesReplacePaths(type, {});
    const patterns = (fields: string[]) => fields.map(parsePath);
    const selector = (at: string) => [at, ...["matchExpressions", "matchExpressions.key", "matchExpressions.operator", "matchExpressions.values", "matchLabels"].map((p) => `${at}.${p}`)];
    const name = ["metadata.name", "metadata.namespace"];
    expect(paths("kubernetes:apps/v1:StatefulSet")).toEqual(patterns([...name, "spec.podManagementPolicy", "spec.revisionHistoryLimit", "spec.serviceName", "spec.volumeClaimTemplates", ...selector("spec.selector")]));
    for (const type of ["kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:DaemonSet", "kubernetes:apps/v1beta2:Deployment"]) expect(paths(type)).toEqual(patterns([...name, ...selector("spec.selector")]));
    expect(paths("kubernetes:apps/v1beta1:StatefulSet")).toEqual(paths("kubernetes:apps/v1:StatefulSet"));
    expect(paths("kubernetes:batch/v1:Job")).toEqual(patterns([...name, "spec.completions", "spec.parallelism", "spec.template", ...selector("spec.selector")]));
    expect(paths("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding")).toEqual(patterns([...name, "roleRef"]));
    expect(paths("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding")).toEqual(patterns([...name, "roleRef"]));
    expect(paths("kubernetes:storage.k8s.io/v1:StorageClass")).toEqual(patterns([...name, "parameters", "provisioner"]));
    expect(paths("kubernetes:policy/v1beta1:PodDisruptionBudget")).toEqual(patterns([...name, "spec"]));
    expect(paths("kubernetes:policy/v1:PodDisruptionBudget")).toEqual(patterns(name));
    expect(paths("kubernetes:core/v1:Service")).toEqual(patterns([...name, "spec.clusterIP"]));
    expect(paths("kubernetes:core/v1:ResourceQuota")).toEqual(patterns([...name, "spec.scopes"]));
    expect(paths("kubernetes:core/v1:PersistentVolumeClaim")).toEqual(patterns([...name, "spec.accessModes", "spec.storageClassName", "spec.volumeName", ...selector("spec.selector")]));
    const volumeSources = ["awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "csi", "fc", "flexVolume", "flocker", "gcePersistentDisk", "glusterfs", "hostPath"]
      .concat(["iscsi", "local", "nfs", "photonPersistentDisk", "portworxVolume", "quobyte", "rbd", "scaleIO", "storageos", "vsphereVolume"]);
    expect(paths("kubernetes:core/v1:PersistentVolume")).toEqual(patterns([...name, ...volumeSources.map((v) => `spec.${v}`)]));
    const pod = ["affinity", "automountServiceAccountToken", "dnsConfig", "dnsPolicy", "enableServiceLinks", "hostAliases", "hostIPC", "hostNetwork", "hostPID", "hostname"]
      .concat(["imagePullSecrets", "nodeName", "nodeSelector", "overhead", "preemptionPolicy", "priority", "priorityClassName", "readinessGates", "restartPolicy"])
      .concat(["runtimeClassName", "schedulerName", "securityContext", "serviceAccount", "serviceAccountName", "shareProcessNamespace", "subdomain"])
      .concat(["terminationGracePeriodSeconds", "volumes"]);
    const container = ["args", "command", "env", "env.value", "image", "imagePullPolicy", "lifecycle", "livenessProbe", "ports", "readinessProbe", "resources"]
      .concat(["securityContext", "stdin", "stdinOnce", "terminationMessagePath", "terminationMessagePolicy", "tty", "volumeDevices", "volumeMounts", "workingDir"]);
    expect(paths("kubernetes:core/v1:Pod")).toEqual(patterns([
      ...name,
      ...pod.map((f) => `spec.${f}`),
      ...["containers", "initContainers"].flatMap((c) => container.map((f) => `spec.${c}[*].${f}`)),
    ]));
    // kinds outside the table, and *Patch kinds, replace on name and namespace only
    for (const type of ["kubernetes:core/v1:Namespace", "kubernetes:apps/v1:DeploymentPatch", "kubernetes:networking.k8s.io/v1:Ingress"]) expect(paths(type)).toEqual(patterns(name));
  });

  it("a Helm release replaces on name or namespace, and upgrades otherwise", () => {
    const release = (name: string, chartVersion: string) => object("kubernetes:helm.sh/v3:Release", { name, namespace: "ingress", version: chartVersion });
    expect(one(release("nginx", "2.7.2"), release("nginx-2", "2.7.2")).action).toBe("replace");
    expect([one(release("nginx", "2.7.2"), release("nginx", "2.7.3")).action, one(release("nginx", "2.7.2"), release("nginx", "2.7.3")).notes]).toEqual(["update", ["helm upgrade"]]);
  });
});

describe("providers", () => {
  const kubeconfig = (server: string, token: string) =>
    JSON.stringify({
      "current-context": "admin",
      contexts: [{ name: "admin", context: { cluster: "c", user: "u" } }],
      clusters: [{ name: "c", cluster: { server } }],
      users: [{ name: "u", user: { token } }],
    });
  const provider = (server: string, token: string) => res("pulumi:providers:kubernetes", "k8s", { kubeconfig: kubeconfig(server, token) }, { secretInputs: ["kubeconfig"] });
  const namespace = res("kubernetes:core/v1:Namespace", "ns", { metadata: { name: "ratings" } }, { provider: K8S_PROVIDER });

  it("a kubeconfig pointing at another cluster replaces the provider and every object it manages", () => {
    const all = diffPlans(plan(provider("https://a", "t"), namespace), plan(provider("https://b", "t"), namespace));
    expect(reported(all).map((c) => [c.name, c.action, c.changes.map((i) => [i.path, i.old, i.new, i.replaces]), c.notes])).toEqual([
      ["k8s", "replace", [["kubeconfig", "[secret]", "[secret]", true]], []],
      ["ns", "replace", [], ["its provider k8s is replaced"]],
    ]);
  });

  it("an object moved to another provider is replaced only when that provider's DiffConfig calls the move a replacement (step_generator.go providerChanged)", () => {
    const other = (server: string) => res("pulumi:providers:kubernetes", "k8s-2", { kubeconfig: kubeconfig(server, "t2") }, { secretInputs: ["kubeconfig"] });
    const moved = { ...namespace, provider: `${PROJECT}pulumi:providers:kubernetes::k8s-2` };
    const move = (server: string) => diffPlans(plan(provider("https://a", "t"), other(server), namespace), plan(provider("https://a", "t"), other(server), moved)).find((c) => c.name === "ns");
    expect([move("https://a")?.action, move("https://b")?.action, move("https://b")?.notes]).toEqual(["same", "replace", ["it moves to provider k8s-2, a replacement"]]);
  });

  it("a new credential for the same cluster reconfigures it, and its objects stay", () => {
    const all = diffPlans(plan(provider("https://a", "t"), namespace), plan(provider("https://a", "t2"), namespace));
    expect(reported(all).map((c) => [c.name, c.action, c.notes])).toEqual([["k8s", "update", ["reconfigures the provider; its resources are diffed with the new configuration"]]]);
  });

  it("a set clusterIdentifier decides alone: unchanged keeps the provider whatever the kubeconfig, changed replaces it", () => {
    const identified = (server: string, clusterIdentifier?: string) =>
      res("pulumi:providers:kubernetes", "k8s", { kubeconfig: kubeconfig(server, "t"), ...(clusterIdentifier ? { clusterIdentifier } : {}) }, { secretInputs: ["kubeconfig"] });
    const replaces = (before: PlanResourceLike, after: PlanResourceLike) => one(before, after).changes.filter((c) => c.replaces).map((c) => c.path);
    expect(replaces(identified("https://a", "one"), identified("https://b", "one"))).toEqual([]);
    expect(replaces(identified("https://a", "one"), identified("https://a", "two"))).toEqual(["clusterIdentifier"]);
    // newly set: the identifier is no replacement itself, the kubeconfig still is
    expect(replaces(identified("https://a"), identified("https://b", "one"))).toEqual(["kubeconfig"]);
    expect(replaces(identified("https://a"), identified("https://a", "one"))).toEqual([]);
  });

  it("an unreadable kubeconfig, or one without its current context, decides nothing: a changed one is an update", () => {
    const raw = (kubeconfig: string) => res("pulumi:providers:kubernetes", "k8s", { kubeconfig }, { secretInputs: ["kubeconfig"] });
    expect(one(raw("{not yaml: ["), raw(kubeconfig("https://b", "t"))).action).toBe("update");
    const noContext = JSON.stringify({ "current-context": "missing", contexts: [], clusters: [{ name: "c", cluster: { server: "https://x" } }] });
    expect(one(raw(noContext), raw(kubeconfig("https://b", "t"))).action).toBe("update");
    // a context override picks the cluster
    const twoClusters = (context: string) => res("pulumi:providers:kubernetes", "k8s", {
      context,
      kubeconfig: JSON.stringify({
        "current-context": "a",
        contexts: [{ name: "a", context: { cluster: "ca" } }, { name: "b", context: { cluster: "cb" } }],
        clusters: [{ name: "ca", cluster: { server: "https://a" } }, { name: "cb", cluster: { server: "https://b" } }],
      }),
    });
    expect(one(twoClusters("a"), twoClusters("b")).changes).toEqual([{ path: "context", kind: "update", old: "a", new: "b", secret: false, replaces: true }]);
  });

  it("azure-native's DiffConfig never replaces", () => {
    const hub = (clientId: string) => res("pulumi:providers:azure-native", "hub", { clientId, location: "redmond" });
    expect(one(hub("a"), hub("b")).action).toBe("update");
  });
});

describe("azure-native", () => {
  const nic = (inputs: Record<string, unknown>) =>
    res(
      "azure-native:resources:Resource",
      "nic",
      { apiVersion: "2018-11-01", location: "West Europe", resourceGroupName: "rg", resourceName: "nic", resourceProviderNamespace: "Microsoft.Network", resourceType: "networkInterfaces", parentResourcePath: "", properties: { a: 1 }, ...inputs },
      { options: { deleteBeforeReplace: true, protect: true } },
    );

  it("generic resource: path parameters replace (here deleting first; protected: refused)", () => {
    const change = one(nic({}), nic({ resourceName: "nic-2" }));
    expect([change.action, change.notes]).toEqual(["replace", ["deletes it before creating the replacement", "protected: pulumi up refuses to replace it"]]);
    expect(one(nic({}), nic({ resourceGroupName: "rg2" })).action).toBe("replace");
    // the rest of Resources_CreateOrUpdate's path, and the create-only extendedLocation: not `<x>Name` inputs
    for (const moved of [{ resourceType: "publicIPAddresses" }, { resourceProviderNamespace: "Microsoft.Compute" }, { parentResourcePath: "virtualNetworks/vnet" }, { extendedLocation: { name: "edge", type: "EdgeZone" } }]) {
      expect([moved, one(nic({}), nic(moved)).action]).toEqual([moved, "replace"]);
    }
  });

  it("generic resource: body, apiVersion and location are updates; location ignores case and spaces", () => {
    expect(one(nic({}), nic({ properties: { a: 2 } })).action).toBe("update");
    expect(one(nic({}), nic({ apiVersion: "2020-06-01" })).action).toBe("update");
    expect(one(nic({}), nic({ location: "westeurope" })).action).toBe("same");
    expect(one(nic({}), nic({ location: "northeurope" })).notes).toEqual([
      "ARM does not move a resource to another location: this update fails (InvalidResourceLocation); give it a new name to move it",
    ]);
  });

  it("typed resources: their names replace", () => {
    const endpoint = (inputs: Record<string, unknown>) =>
      res("azure-native:trafficmanager:Endpoint", "ep", { endpointName: "a", endpointType: "ExternalEndpoints", profileName: "p", resourceGroupName: "rg", weight: 1, ...inputs });
    expect(one(endpoint({}), endpoint({ profileName: "q" })).action).toBe("replace");
    expect(one(endpoint({}), endpoint({ endpointType: "AzureEndpoints" })).action).toBe("replace");
    expect(one(endpoint({}), endpoint({ weight: 2 })).action).toBe("update");
  });
});

describe("tls and random", () => {
  it("any input change replaces", () => {
    expect(one(res("tls:index/privateKey:PrivateKey", "k", { algorithm: "RSA", rsaBits: 2048 }), res("tls:index/privateKey:PrivateKey", "k", { algorithm: "RSA", rsaBits: 4096 })).action).toBe("replace");
    expect(one(res("random:index/randomPassword:RandomPassword", "p", { length: 24 }), res("random:index/randomPassword:RandomPassword", "p", { length: 32 })).action).toBe("replace");
  });
});

describe("reads and components", () => {
  const reference = (stack: string) => res("pulumi:pulumi:StackReference", "global", { id: stack, name: stack });

  it("a changed read id reads another stack, which changes nothing", () => {
    const all = diffPlans(plan(reference("org/p/global")), plan(reference("org/p/global2")));
    expect(reported(all).map((c) => [c.name, c.action, c.notes])).toEqual([["global", "read", ["reads another stack: org/p/global → org/p/global2"]]]);
    expect(changesSomething(all)).toBe(false);
    const twoReads = diffPlans(plan(reference("org/p/global"), res("pulumi:pulumi:StackReference", "stampa", { id: "org/p/stampA", name: "org/p/stampA" })),
      plan(reference("org/p/global2"), res("pulumi:pulumi:StackReference", "stampa", { id: "org/p/stampB", name: "org/p/stampB" })));
    expect([summarize(all), summarize(twoReads), summarize([])]).toEqual([
      "0 create, 0 replace, 0 update, 0 delete, 1 read changed", "0 create, 0 replace, 0 update, 0 delete, 2 reads changed", "0 create, 0 replace, 0 update, 0 delete",
    ]);
  });

  it("components are reported only when created or deleted", () => {
    const component = (inputs: Record<string, unknown>) => res("azs-ha:stamp:AksEngineCluster", "cluster", inputs);
    expect(reported(diffPlans(plan(component({ a: 1 })), plan(component({ a: 2 }))))).toEqual([]);
    expect(reported(diffPlans(plan(), plan(component({})))).map((c) => [c.name, c.action])).toEqual([["cluster", "create"]]);
  });
});

describe("paths and rendering", () => {
  it("spells paths as Pulumi does, and parses them back", () => {
    expect(formatPath(["metadata", "labels", "app.kubernetes.io/name"])).toBe('metadata.labels["app.kubernetes.io/name"]');
    expect(formatPath(["triggers", 0])).toBe("triggers[0]");
    expect(parsePath('metadata.labels["app.kubernetes.io/name"]')).toEqual(["metadata", "labels", "app.kubernetes.io/name"]);
    expect(parsePath("spec.containers[*].image")).toEqual(["spec", "containers", ANY, "image"]);
  });

  it("reads stray dots as Pulumi's loose parser does (skipped) and refuses an unclosed bracket", () => {
    expect(parsePath("a..b")).toEqual(["a", "b"]);
    expect(parsePath(".a.")).toEqual(["a"]);
    expect(() => parsePath("a[1")).toThrow('invalid property path "a[1"');
    expect(parsePath('a["x.y"][2].b')).toEqual(["a", "x.y", 2, "b"]);
  });

  it("shortens long values around their first difference", () => {
    const old = `${"x".repeat(100)}generation 1${"y".repeat(100)}`;
    expect(formatChange(old, old.replace("generation 1", "generation 2"))).toBe(
      `…${"x".repeat(9)}generation 1${"y".repeat(38)}… → …${"x".repeat(9)}generation 2${"y".repeat(38)}…`,
    );
    expect(formatChange(10, 20)).toBe("10 → 20");
    // every length around the window, every first difference
    const width = 30; // wider than the 20 characters kept before the difference, as both callers' widths are
    for (let length = 1; length <= 60; length++) {
      for (let at = 0; at < length; at++) {
        const before = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".slice(0, length); // no repeats: a piece has one place
        const after = `${before.slice(0, at)}#${before.slice(at + 1)}`;
        // a piece of width - 1 characters (or the whole value when it fits) holding the difference, … where it is cut
        for (const [value, shown] of formatChange(before, after, width).split(" → ").map((side, i) => [JSON.stringify(i === 0 ? before : after), side])) {
          const piece = shown.replace(/^…/, "").replace(/…$/, "");
          const start = value.indexOf(piece);
          const cut = { start: start > 0, end: start + piece.length < value.length };
          expect({ value, shown, holdsDifference: start <= at + 1 && at + 1 < start + piece.length, fits: value.length <= width ? piece === value : piece.length === width - 1 })
            .toEqual({ value, shown: `${cut.start ? "…" : ""}${piece}${cut.end ? "…" : ""}`, holdsDifference: true, fits: true });
        }
      }
    }
    expect(formatChange(undefined, "a")).toBe('(none) → "a"');
  });

  it("renders a table, one line per change or note", () => {
    const change = one(command({ triggers: [1] }), command({ triggers: [2], stdin: "s" }, { secretInputs: ["connection", "stdin"] }));
    expect(renderTable([change])).toBe(
      [
        "RESOURCE  TYPE                    ACTION   CHANGE",
        'deploy    command:remote:Command  replace  stdin: (none) → "[secret]"',
        "                                           triggers[0]: 1 → 2 (forces replacement)",
      ].join("\n"),
    );
  });
});
