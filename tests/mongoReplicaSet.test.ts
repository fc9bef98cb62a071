/**
 * Issue 11: MongoDB as a replica set. Its objects are valid Kubernetes objects and wire up (members
 * under the headless Service, each with its own claim, the key file, the script, the budget, and
 * ratings-api's connection string naming every member and the set); its data survives every day-2
 * change and a `pulumi destroy`; and a change of the app's namespace, which would leave the data
 * behind, is refused before anything runs.
 */
import { memberHosts, membersFile } from "../platform/mongoReplicaSet";
import { scriptText } from "../remote/scripts";
import type { Plan } from "../tools/plan/evaluate";
import { blastRadiusOf } from "./support/blastRadius";
import { byName, planStack } from "./support/plan";
import { validateKubernetesObjects } from "./support/validateKubernetes";
import { KubeObject, wiringProblems } from "./support/wiring";

const MONGO_RESOURCES = ["password", "keyfile", "credentials", "scripts", "members-list", "service", "members", "disruption-budget"].map((r) => `stampa-app-mongodb-${r}`);
const HOSTS = [0, 1, 2].map((n) => `ratings-mongodb-${n}.ratings-mongodb.ratings.svc.cluster.local:27017`);

let plan: Plan;
beforeAll(async () => {
  plan = await planStack("stampA", { showSecrets: true });
});
const object = (p: Plan, name: string) => byName(p, name).inputs as KubeObject;
const objects = (p: Plan) => p.resources.filter((r) => r.type.startsWith("kubernetes:") && (r.inputs as KubeObject).metadata?.name !== undefined).map((r) => r.inputs as KubeObject);
const container = (workload: KubeObject, name: string) => workload.spec.template.spec.containers.find((c: { name: string }) => c.name === name);
const envOf = (c: { env: { name: string; value?: string; valueFrom?: unknown }[] }) => Object.fromEntries(c.env.map((e) => [e.name, e.value ?? e.valueFrom]));

describe("the replica set's objects", () => {
  it("are valid by the official schemas", () => {
    const mongo = MONGO_RESOURCES.filter((r) => byName(plan, r).type.startsWith("kubernetes:")).map((r) => object(plan, r));
    expect(mongo.map((o) => o.kind)).toEqual(["Secret", "ConfigMap", "ConfigMap", "Service", "StatefulSet", "PodDisruptionBudget"]);
    expect(validateKubernetesObjects(mongo).filter((r) => r.error !== null)).toEqual([]);
  });

  it("run three members, one per node, each with its own volume, under a headless Service that names them before they are ready", () => {
    const members = object(plan, "stampa-app-mongodb-members");
    const service = object(plan, "stampa-app-mongodb-service");
    expect(members.spec).toMatchObject({ serviceName: "ratings-mongodb", replicas: 3, podManagementPolicy: "Parallel", selector: { matchLabels: { app: "ratings-mongodb" } } });
    expect(service.spec).toEqual({ clusterIP: "None", publishNotReadyAddresses: true, selector: { app: "ratings-mongodb" }, ports: [{ name: "mongodb", port: 27017, targetPort: "mongodb" }] });
    expect(members.spec.template.spec.affinity).toEqual({
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: { app: "ratings-mongodb" } } }] },
    });
    expect(members.spec.volumeClaimTemplates).toEqual([{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "8Gi" } } } }]);
    expect(container(members, "mongodb").volumeMounts).toContainEqual({ name: "data", mountPath: "/data/db" });
    // requests reserve a member's share of a node; the limits keep one member from starving the others' nodes
    expect(container(members, "mongodb").resources).toEqual({ requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } });
  });

  it("authenticate to each other with a generated key file, copied to where mongod accepts it (owned by 999, 0400)", () => {
    const members = object(plan, "stampa-app-mongodb-members");
    const credentials = object(plan, "stampa-app-mongodb-credentials");
    const pod = members.spec.template.spec;
    expect(container(members, "mongodb").args).toEqual(["mongod", "--replSet", "rs0", "--keyFile", "/var/lib/mongodb-keyfile/keyfile", "--bind_ip_all"]);
    expect(pod.initContainers.map((c: { name: string; command: string[] }) => [c.name, c.command])).toEqual([
      ["keyfile", ["install", "-m", "0400", "/var/run/secrets/mongodb/keyfile", "/var/lib/mongodb-keyfile/keyfile"]],
    ]);
    expect(pod.volumes).toContainEqual({ name: "keyfile-secret", secret: { secretName: "ratings-mongodb", items: [{ key: "keyfile", path: "keyfile" }], defaultMode: 0o440 } });
    expect(pod.volumes).toContainEqual({ name: "keyfile", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } });
    expect(credentials.stringData.keyfile).toBe("mock-password-of-stampa-app-mongodb-keyfile");
    expect(byName(plan, "stampa-app-mongodb-keyfile").inputs).toEqual({ length: 756, special: false });
    // the key file and the password are secrets in the state, never plain text
    expect(byName(plan, "stampa-app-mongodb-credentials").secretInputs).toEqual(["stringData"]);
  });

  it("run the tested script, named after its content, to initiate and keep the set, and to tell when a member serves", () => {
    const members = object(plan, "stampa-app-mongodb-members");
    const scripts = object(plan, "stampa-app-mongodb-scripts");
    expect(scripts.data).toEqual({ "replica-set.sh": scriptText("mongodb/replica-set.sh") });
    expect(scripts.metadata.name).toMatch(/^ratings-mongodb-scripts-[0-9a-f]{10}$/);
    expect(members.spec.template.spec.volumes).toContainEqual({ name: "scripts", configMap: { name: scripts.metadata.name, defaultMode: 0o444 } });
    const sidecar = container(members, "replica-set");
    expect(sidecar.command).toEqual(["bash", "/opt/ratings-mongodb/replica-set.sh", "watch"]);
    expect(envOf(sidecar)).toEqual({
      POD_NAME: { fieldRef: { fieldPath: "metadata.name" } },
      MONGODB_SELF: "$(POD_NAME).ratings-mongodb.ratings.svc.cluster.local:27017",
      MONGODB_MEMBERS_FILE: "/etc/ratings-mongodb/members",
      MONGODB_AUTH_DIR: "/var/run/ratings-mongodb",
      MONGODB_REPLICA_SET: "rs0",
      MONGODB_USERNAME: { secretKeyRef: { name: "ratings-mongodb", key: "username" } },
      MONGODB_PASSWORD: { secretKeyRef: { name: "ratings-mongodb", key: "password" } },
    });
    expect(container(members, "mongodb").readinessProbe).toEqual({ exec: { command: ["bash", "/opt/ratings-mongodb/replica-set.sh", "ready"] }, periodSeconds: 10, timeoutSeconds: 5 });
  });

  it("read the member list from a ConfigMap of fixed name, mounted whole (no subPath) so that the kubelet updates it in place", () => {
    const members = object(plan, "stampa-app-mongodb-members");
    const list = object(plan, "stampa-app-mongodb-members-list");
    expect(list.metadata.name).toBe("ratings-mongodb-members");
    expect(list.data).toEqual({ members: HOSTS.map((h) => `${h}\n`).join("") });
    expect(members.spec.template.spec.volumes).toContainEqual({ name: "members", configMap: { name: "ratings-mongodb-members", defaultMode: 0o444 } });
    const sidecar = container(members, "replica-set");
    expect(sidecar.volumeMounts).toContainEqual({ name: "members", mountPath: "/etc/ratings-mongodb", readOnly: true });
    const allMounts = members.spec.template.spec.containers.flatMap((c: { volumeMounts: object[] }) => c.volumeMounts);
    expect(allMounts.filter((m: { subPath?: string }) => m.subPath !== undefined)).toEqual([]);
    // the template names no member: a new member count is no template change, hence no rolling restart
    expect(JSON.stringify(members.spec.template)).not.toContain("ratings-mongodb-1.");
  });

  it("give mongo the root password in a memory-backed volume, never on a command line", () => {
    const members = object(plan, "stampa-app-mongodb-members");
    const sidecar = container(members, "replica-set");
    expect(members.spec.template.spec.volumes).toContainEqual({ name: "auth", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } });
    expect(sidecar.volumeMounts).toContainEqual({ name: "auth", mountPath: "/var/run/ratings-mongodb" });
    expect(JSON.stringify(members.spec.template)).not.toContain("--password");
  });

  it("let one member go at a time: the other two keep a majority", () => {
    expect(object(plan, "stampa-app-mongodb-disruption-budget").spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { app: "ratings-mongodb" } } });
  });

  it("give ratings-api a connection string with every member and the set's name, its credentials from the Secret", () => {
    const api = container(object(plan, "stampa-app-api"), "ratings-api");
    expect(api.env.map((e: { name: string }) => e.name)).toEqual(["PORT", "MONGODB_USERNAME", "MONGODB_PASSWORD", "MONGODB_URI"]);
    expect(envOf(api).MONGODB_URI).toBe(`mongodb://$(MONGODB_USERNAME):$(MONGODB_PASSWORD)@${HOSTS.join(",")}/ratingsdb?authSource=admin&replicaSet=rs0`);
    expect(envOf(api).MONGODB_PASSWORD).toEqual({ secretKeyRef: { name: "ratings-mongodb", key: "password" } });
    // the password goes into the URI unescaped: letters and digits only
    expect(byName(plan, "stampa-app-mongodb-password").inputs).toEqual({ length: 32, special: false });
    // every host a pod of the StatefulSet under its headless Service, and $(...) defined before use
    expect(wiringProblems(objects(plan))).toEqual([]);
  });

  it("follow appMongoReplicas: five members on five nodes, all in the connection string", async () => {
    const five = await planStack("stampA", { values: { appMongoReplicas: "5", agentCount: "5" }, showSecrets: true });
    expect(object(five, "stampa-app-mongodb-members").spec.replicas).toBe(5);
    expect(object(five, "stampa-app-mongodb-members-list").data).toEqual({ members: membersFile("ratings", 5) });
    expect(membersFile("ratings", 5)).toBe(memberHosts("ratings", 5).map((h) => `${h}\n`).join(""));
    // the same pod template: Kubernetes restarts no member for it
    expect(object(five, "stampa-app-mongodb-members").spec.template).toEqual(object(plan, "stampa-app-mongodb-members").spec.template);
    expect(envOf(container(object(five, "stampa-app-api"), "ratings-api")).MONGODB_URI).toContain(`@${memberHosts("ratings", 5).join(",")}/`);
    expect(wiringProblems(objects(five))).toEqual([]);
  });
});

describe("the wiring check of connection strings", () => {
  const apiWith = (uri: string) => {
    const api = structuredClone(object(plan, "stampa-app-api"));
    container(api, "ratings-api").env.find((e: { name: string }) => e.name === "MONGODB_URI").value = uri;
    return api;
  };
  const others = () => objects(plan).filter((o) => !(o.kind === "Deployment" && o.metadata.name === "ratings-api"));

  it("reports a member the StatefulSet does not have, a Service that is not headless, and a $(VAR) not defined before it", () => {
    const beyond = apiWith(`mongodb://$(MONGODB_USERNAME):$(MONGODB_PASSWORD)@${HOSTS[0]},ratings-mongodb-3.ratings-mongodb.ratings.svc.cluster.local:27017/db`);
    expect(wiringProblems([...others(), beyond])).toEqual([
      "Deployment ratings/ratings-api: env MONGODB_URI of ratings-api: host ratings-mongodb-3.ratings-mongodb.ratings.svc.cluster.local is not a pod of a StatefulSet under its headless Service ratings-mongodb",
    ]);
    const notHeadless = others().map((o) => (o.kind === "Service" && o.metadata.name === "ratings-mongodb" ? { ...o, spec: { ...o.spec, clusterIP: "10.0.0.10" } } : o));
    expect(wiringProblems([...notHeadless, object(plan, "stampa-app-api")])).toContain(
      `Deployment ratings/ratings-api: env MONGODB_URI of ratings-api: host ${HOSTS[0].split(":")[0]} is not a pod of a StatefulSet under its headless Service ratings-mongodb`,
    );
    expect(wiringProblems([...others(), apiWith(`mongodb://$(MONGO_USER):$(MONGODB_PASSWORD)@${HOSTS[0]}/db`)])).toEqual([
      "Deployment ratings/ratings-api: env MONGODB_URI of ratings-api: $(MONGO_USER) is not an env var defined before it",
    ]);
  });
});

describe("MongoDB's data across day 2", () => {
  const touchesMongo = (changes: readonly { name: string; action: string }[]) => changes.filter((c) => MONGO_RESOURCES.includes(c.name)).map((c) => [c.name, c.action]);

  it.each([
    ["kubernetesVersion", "1.34.4"],
    ["agentCount", "5"],
    ["nodeImageRefresh", "2026-12-02"],
    ["appHpaMinReplicas", "3"],
  ])("survives %s=%s: no MongoDB object is replaced, or even updated", async (key, value) => {
    expect(touchesMongo((await blastRadiusOf("stampA", { [key]: value })).changes)).toEqual([]);
  });

  // An aks-engine release bump changes only the install step (blastRadius.day2.test.ts), so no MongoDB object either.

  it("grows the set in place: the member list and the StatefulSet's replicas are updated (not its pods), and the API's connection string", async () => {
    const result = await blastRadiusOf("stampA", { appMongoReplicas: "5", agentCount: "5" });
    // the member list is recreated under its fixed name (the provider replaces a ConfigMap whose data changes), the StatefulSet only updated
    expect(touchesMongo(result.changes).sort()).toEqual([["stampa-app-mongodb-members", "update"], ["stampa-app-mongodb-members-list", "replace"]]);
    expect(byName(plan, "stampa-app-mongodb-members-list").options.deleteBeforeReplace).toBe(true);
    expect(result.changes.find((c) => c.name === "stampa-app-api")?.action).toBe("update");
  });

  it("recreates the StatefulSet on a storage change, as appMongoStorageSize's description warns: deleted first, its claims kept", async () => {
    const result = await blastRadiusOf("stampA", { appMongoStorageSize: "16Gi" });
    expect(touchesMongo(result.changes)).toEqual([["stampa-app-mongodb-members", "replace"]]);
    expect(object(plan, "stampa-app-mongodb-members").spec.persistentVolumeClaimRetentionPolicy.whenDeleted).toBe("Retain");
  });

  it("is kept by `pulumi destroy` and by deleting the StatefulSet: the namespace is retained, the claims too", () => {
    expect(byName(plan, "stampa-app-namespace").options.retainOnDelete).toBe(true);
    // a scale-down deletes the removed members' claims: a member added back later starts empty (see the component)
    expect(object(plan, "stampa-app-mongodb-members").spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: "Retain", whenScaled: "Delete" });
    // not retained itself: a replacement (an immutable field changed) must delete it first, its claims staying
    expect(byName(plan, "stampa-app-mongodb-members").options.retainOnDelete).toBeFalsy();
  });

  it("is not lost by lowering appMongoReplicas below a majority of the deployed members at once: refused, with what to do instead", async () => {
    await expect(blastRadiusOf("stampA", { appMongoReplicas: "1" })).rejects.toThrow(
      new Error(
        'Invalid configuration for stack "stampA" (1 problem):\n' +
          "  - appMongoReplicas: the deployed MongoDB replica set has 3 members; lowering it to 1 at once leaves 1 of them, not a majority: the set would have no primary, " +
          "and writes that only the removed members hold would be lost with their volumes. Set appMongoReplicas back to 3, or 3 is the fewest members a deployed set of 3 " +
          "can keep; for fewer, deploy a new stamp with appMongoReplicas 1 and move its traffic and data over",
      ),
    );
  });

  it("is not left behind by a change of the app's namespace: refused on a deployed stamp, with what to do instead", async () => {
    await expect(blastRadiusOf("stampA", { appNamespace: "ratings-v2" })).rejects.toThrow(
      new Error(
        'Invalid configuration for stack "stampA" (1 problem):\n' +
          "  - appNamespace: the deployed app lives in namespace ratings, not ratings-v2: a new namespace means a new MongoDB replica set on new, empty volumes, " +
          "while the data stays behind in ratings. Set appNamespace back to ratings; to move the app, copy its data first (mongodump, mongorestore) " +
          "and remove the old namespace by hand",
      ),
    );
    // a stamp's first deploy takes any namespace
    expect(object(await planStack("stampA", { values: { appNamespace: "ratings-v2" } }), "stampa-app-namespace").metadata.name).toBe("ratings-v2");
  });
});
