/**
 * The ratings app's MongoDB as a replica set (issue 11): one member per worker node, each with its
 * own volume, a budget that lets one member go at a time (the other two keep a majority, hence a
 * primary), members authenticating to each other with a generated key file, and the set initiated
 * and kept as configured by scripts/mongodb/replica-set.sh in each member's pod.
 *
 * Why no operator or chart: none fits mongo 4.4 (the wire protocol ratings-api's mongoose 4.13
 * speaks) on a hub without internet. MongoDB's Community Operator is deprecated (its repository's
 * README, 2025: best-effort support until November 2025) for MongoDB Controllers for Kubernetes,
 * both driven by MongoDB's agent and readiness images from their registries; Percona's operator
 * runs its own Percona Server images; KubeDB's MongoDB needs a license; Bitnami's chart and images
 * moved to an unmaintained legacy repository in 2025. The official mongo:4.4 image, its shell and
 * a tested script are what a hub's registry mirror already needs for the standalone member.
 *
 * Data across day 2: volumes come from volumeClaimTemplates, one claim per member
 * (`data-ratings-mongodb-<n>`), kept when the StatefulSet is deleted (persistentVolumeClaimRetentionPolicy
 * whenDeleted Retain; the namespace itself survives `pulumi destroy`); a scale-down deletes the
 * removed members' claims (whenScaled Delete, see below). appMongoReplicas changes the member list
 * ConfigMap and the StatefulSet's replicas, not the pod template: no member restarts for it.
 * A node drain evicts one member at a time (the budget); its pod comes back under the same name
 * and re-attaches its own claim's disk on another node, catching up from the oplog. The
 * single-member StatefulSet of earlier versions is recreated once (podManagementPolicy cannot
 * change in place: MongoDB is down for those minutes); its member keeps its claim and data, the
 * script turns it into the set's first member, and the others copy it by initial sync.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { MongoConfig } from "../config/types";
import {
  AUTH_DIR, connectionString, MEMBERS_CONFIG_MAP, MEMBERS_DIR, MEMBERS_KEY, membersFile, MONGO_PORT, MONGODB_NAME, memberHost, REPLICA_SET, REPLICA_SET_SCRIPT, SCRIPT_DIR, SCRIPT_NAME,
  SCRIPTS_CONFIG_MAP,
} from "../platform/mongoReplicaSet";
import { RESTRICTED_CONTAINER } from "../platform/podSecurity";
import { ONE_AT_A_TIME, oneMemberPerNode } from "../platform/scheduling";

export interface MongoReplicaSetArgs {
  readonly config: MongoConfig;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly provider: k8s.Provider;
  /** The namespace object: every object here waits for it. */
  readonly namespaceObject: k8s.core.v1.Namespace;
}

const KEYFILE_SECRET_DIR = "/var/run/secrets/mongodb";
const KEYFILE_DIR = "/var/lib/mongodb-keyfile";
const SCRIPT = `${SCRIPT_DIR}/${SCRIPT_NAME}`;

export class MongoReplicaSet extends pulumi.ComponentResource {
  /** The Secret holding the root user's `username` and `password`. */
  readonly credentialsSecretName: pulumi.Output<string>;
  /** ratings-api's MONGODB_URI, expanding its MONGODB_USERNAME and MONGODB_PASSWORD. */
  readonly connectionString: string;

  constructor(name: string, args: MongoReplicaSetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("azs-ha:app:MongoReplicaSet", name, {}, opts);
    const { config, namespace: ns } = args;
    const child = { parent: this, provider: args.provider, dependsOn: [args.namespaceObject] };
    // Created by RatingsApp before this component existed: the aliases keep their identity (a new
    // password would no longer open the existing data).
    const moved = (oldName: string) => ({ aliases: [{ name: oldName, parent: opts?.parent }] });
    const metadata = { name: MONGODB_NAME, namespace: ns, labels: { ...args.labels } };
    const selector = { app: MONGODB_NAME };

    const password = new random.RandomPassword(`${name}-password`, { length: 32, special: false }, { parent: this, ...moved(`${name}-password`) });
    // Members prove to each other that they belong to the set with a shared key file (6 to 1024 base64 characters).
    const keyfile = new random.RandomPassword(`${name}-keyfile`, { length: 756, special: false }, { parent: this });
    const credentials = new k8s.core.v1.Secret(
      `${name}-credentials`,
      {
        metadata,
        type: "Opaque",
        stringData: { username: "ratings", password: pulumi.secret(password.result), keyfile: pulumi.secret(keyfile.result) },
      },
      { ...child, ...moved(`${name}-credentials`) },
    );
    const secretKey = (key: string) => ({ secretKeyRef: { name: credentials.metadata.name, key } });
    const scripts = new k8s.core.v1.ConfigMap(
      `${name}-scripts`,
      { metadata: { ...metadata, name: SCRIPTS_CONFIG_MAP }, data: { [SCRIPT_NAME]: REPLICA_SET_SCRIPT } },
      child,
    );
    // Fixed name, so that the pod template never changes with it: see MEMBERS_CONFIG_MAP. Members
    // are added and removed by the primary's pod as it reads this list, while the StatefulSet starts
    // or deletes their pods. The Kubernetes provider replaces a ConfigMap whose data changes (its
    // `enableConfigMapMutable` is off): deleted, then created again under the same name, before the
    // StatefulSet's update. The kubelet keeps a mounted ConfigMap's last files while it cannot read
    // it, so running pods see the old list, then the new one; none restarts.
    const members = new k8s.core.v1.ConfigMap(
      `${name}-members-list`,
      { metadata: { ...metadata, name: MEMBERS_CONFIG_MAP }, data: { [MEMBERS_KEY]: membersFile(ns, config.replicas) } },
      { ...child, deleteBeforeReplace: true },
    );

    // Headless: each member gets its stable DNS name, published before it is ready, since members
    // must reach each other to become ready at all.
    new k8s.core.v1.Service(
      `${name}-service`,
      { metadata, spec: { clusterIP: "None", publishNotReadyAddresses: true, selector, ports: [{ name: "mongodb", port: MONGO_PORT, targetPort: "mongodb" }] } },
      { ...child, ...moved(`${name}-service`) },
    );

    new k8s.apps.v1.StatefulSet(
      `${name}-members`,
      {
        metadata,
        spec: {
          serviceName: MONGODB_NAME,
          replicas: config.replicas,
          // Every member starts at once, so the first one can see that no other is in a set before
          // it initiates one; rolling updates still restart one member at a time, each once ready.
          podManagementPolicy: "Parallel",
          // Deleting the StatefulSet (a replacement, `pulumi destroy`) keeps every claim. Scaling it
          // down deletes the removed ordinals' claims, so that a member added back later starts
          // empty and copies the set by initial sync: with its old disk it would come back with an
          // old config and data the set has moved on from (a rollback, or RECOVERING "too stale to
          // catch up" once the oplog has rolled over, which mongod 4.4 never repairs by itself).
          // Nothing is lost with them: a scale-down keeps a majority of the members (a larger step
          // is refused, aksengine/day2.ts), and every majority-acknowledged write is on one of them.
          // A `Retain` storage class keeps even those disks (README, "What is never deleted").
          persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Delete" },
          selector: { matchLabels: selector },
          template: {
            metadata: { labels: { ...args.labels } },
            spec: {
              affinity: oneMemberPerNode(selector),
              // mongo:4.4 (docker-library/mongo 4.4/Dockerfile) creates the `mongodb` user and group
              // with uid and gid 999 and owns /data/db by them. Its docker-entrypoint.sh only chowns
              // the data directory and drops to that user with gosu when started as root; started
              // as 999 it skips both and runs mongod as is (its `numactl` probe is refused without
              // CAP_SYS_NICE by containerd's default seccomp profile, and then skipped). fsGroup makes
              // the volume writable by gid 999; OnRootMismatch spares a recursive chown of the data on
              // every restart.
              automountServiceAccountToken: false,
              securityContext: {
                runAsNonRoot: true,
                runAsUser: 999,
                runAsGroup: 999,
                fsGroup: 999,
                fsGroupChangePolicy: "OnRootMismatch",
                seccompProfile: { type: "RuntimeDefault" },
              },
              // mongod 4.4 refuses a key file readable by its group (security_file.cpp: "permissions
              // on ... are too open"), and a Secret volume's files are group-readable under fsGroup:
              // copy it, owned by 999 and 0400, to a memory-backed volume.
              initContainers: [
                {
                  name: "keyfile",
                  image: config.image,
                  command: ["install", "-m", "0400", `${KEYFILE_SECRET_DIR}/keyfile`, `${KEYFILE_DIR}/keyfile`],
                  securityContext: RESTRICTED_CONTAINER,
                  volumeMounts: [{ name: "keyfile-secret", mountPath: KEYFILE_SECRET_DIR, readOnly: true }, { name: "keyfile", mountPath: KEYFILE_DIR }],
                  resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "64Mi" } },
                },
              ],
              containers: [
                {
                  name: "mongodb",
                  image: config.image,
                  // The entrypoint creates the root user (MONGO_INITDB_ROOT_*) in an empty data
                  // directory first, on a temporary mongod without --replSet.
                  args: ["mongod", "--replSet", REPLICA_SET, "--keyFile", `${KEYFILE_DIR}/keyfile`, "--bind_ip_all"],
                  securityContext: RESTRICTED_CONTAINER,
                  ports: [{ name: "mongodb", containerPort: MONGO_PORT }],
                  env: [
                    { name: "MONGO_INITDB_ROOT_USERNAME", valueFrom: secretKey("username") },
                    { name: "MONGO_INITDB_ROOT_PASSWORD", valueFrom: secretKey("password") },
                  ],
                  volumeMounts: [
                    { name: "data", mountPath: "/data/db" },
                    { name: "keyfile", mountPath: KEYFILE_DIR, readOnly: true },
                    { name: "scripts", mountPath: SCRIPT_DIR, readOnly: true },
                  ],
                  // Ready means PRIMARY or SECONDARY: a member still syncing does not count for the
                  // budget, so a drain never takes a second member while one is catching up.
                  readinessProbe: { exec: { command: ["bash", SCRIPT, "ready"] }, periodSeconds: 10, timeoutSeconds: 5 },
                  livenessProbe: { tcpSocket: { port: "mongodb" }, initialDelaySeconds: 30, periodSeconds: 20 },
                  resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } },
                },
                {
                  name: "replica-set",
                  image: config.image,
                  command: ["bash", SCRIPT, "watch"],
                  securityContext: RESTRICTED_CONTAINER,
                  env: [
                    { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
                    { name: "MONGODB_SELF", value: memberHost(ns, "$(POD_NAME)") },
                    { name: "MONGODB_MEMBERS_FILE", value: `${MEMBERS_DIR}/${MEMBERS_KEY}` },
                    { name: "MONGODB_AUTH_DIR", value: AUTH_DIR },
                    { name: "MONGODB_REPLICA_SET", value: REPLICA_SET },
                    { name: "MONGODB_USERNAME", valueFrom: secretKey("username") },
                    { name: "MONGODB_PASSWORD", valueFrom: secretKey("password") },
                  ],
                  // The root password reaches mongo only in a file of the memory-backed `auth` volume
                  // (mode 0600, the script's umask), never in its argv: /proc/<pid>/cmdline is
                  // world-readable on the node.
                  volumeMounts: [
                    { name: "scripts", mountPath: SCRIPT_DIR, readOnly: true },
                    { name: "members", mountPath: MEMBERS_DIR, readOnly: true },
                    { name: "auth", mountPath: AUTH_DIR },
                  ],
                  resources: { requests: { cpu: "10m", memory: "64Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
                },
              ],
              volumes: [
                { name: "keyfile-secret", secret: { secretName: credentials.metadata.name, items: [{ key: "keyfile", path: "keyfile" }], defaultMode: 0o440 } },
                { name: "keyfile", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } },
                { name: "scripts", configMap: { name: scripts.metadata.name, defaultMode: 0o444 } },
                { name: "members", configMap: { name: members.metadata.name, defaultMode: 0o444 } },
                { name: "auth", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } },
              ],
            },
          },
          volumeClaimTemplates: [
            {
              metadata: { name: "data" },
              spec: {
                accessModes: ["ReadWriteOnce"],
                ...(config.storageClass !== undefined ? { storageClassName: config.storageClass } : {}),
                resources: { requests: { storage: config.storageSize } },
              },
            },
          ],
        },
      },
      { ...child, ...moved(name) },
    );
    new k8s.policy.v1.PodDisruptionBudget(`${name}-disruption-budget`, { metadata, spec: { ...ONE_AT_A_TIME, selector: { matchLabels: selector } } }, child);

    this.credentialsSecretName = credentials.metadata.name;
    this.connectionString = connectionString(ns, config.replicas);
    this.registerOutputs({ credentialsSecretName: this.credentialsSecretName, connectionString: this.connectionString });
  }
}
