/**
 * The plan-diff engine (tools/plan/diff) on small hand-made plans: Pulumi's rules per resource
 * type, ignoreChanges, secret masking, reads, components and providers.
 */
import { changesSomething, diffPlans, PlanLike, PlanResourceLike, reported, ResourceChange } from "../tools/plan/diff";
import { formatPath, parsePath, ANY } from "../tools/plan/diff/paths";
import { formatChange, renderTable } from "../tools/plan/diff/table";

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

  it("Deployment: a new selector replaces, a new template updates", () => {
    const deployment = (labels: Record<string, string>, image: string) =>
      object("kubernetes:apps/v1:Deployment", { metadata: { name: "api" }, spec: { selector: { matchLabels: labels }, template: { spec: { containers: [{ image }] } } } });
    expect(one(deployment({ app: "api" }, "a"), deployment({ app: "api2" }, "a")).changes).toEqual([
      { path: "spec.selector.matchLabels.app", kind: "update", old: "api", new: "api2", secret: false, replaces: true },
    ]);
    expect(one(deployment({ app: "api" }, "a"), deployment({ app: "api" }, "b")).action).toBe("update");
  });

  it("Secret data replaces unless the provider has enableSecretMutable", () => {
    const secret = (password: string, providerName?: string) => object("kubernetes:core/v1:Secret", { metadata: { name: "creds" }, stringData: { password } }, providerName);
    expect(one(secret("a"), secret("b")).action).toBe("replace");
    const mutable = res("pulumi:providers:kubernetes", "mutable", { enableSecretMutable: "true" });
    expect(one(secret("a", "mutable"), secret("b", "mutable"), mutable).action).toBe("update");
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

  it("a new credential for the same cluster reconfigures it, and its objects stay", () => {
    const all = diffPlans(plan(provider("https://a", "t"), namespace), plan(provider("https://a", "t2"), namespace));
    expect(reported(all).map((c) => [c.name, c.action, c.notes])).toEqual([["k8s", "update", ["reconfigures the provider; its resources are diffed with the new configuration"]]]);
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

  it("shortens long values around their first difference", () => {
    const old = `${"x".repeat(100)}generation 1${"y".repeat(100)}`;
    expect(formatChange(old, old.replace("generation 1", "generation 2"))).toBe(
      `…${"x".repeat(9)}generation 1${"y".repeat(38)}… → …${"x".repeat(9)}generation 2${"y".repeat(38)}…`,
    );
    expect(formatChange(10, 20)).toBe("10 → 20");
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
