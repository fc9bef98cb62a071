/**
 * The ratings app's MongoDB replica set as data: names, the members' stable DNS names, the
 * connection string ratings-api uses, and the script that initiates and keeps the set's members
 * (scripts/mongodb/replica-set.sh, shipped with the program). Pure.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { sha256 } from "../remote/scripts";

/** The StatefulSet, its headless Service (the members' DNS names), Secret and budget. */
export const MONGODB_NAME = "ratings-mongodb";
export const MONGO_PORT = 27017;
export const REPLICA_SET = "rs0";
const DATABASE = "ratingsdb";

/** Where the members' pods mount the script (its ConfigMap's only key); the mongod container's readiness probe runs it too. */
export const SCRIPT_DIR = "/opt/ratings-mongodb";
export const SCRIPT_NAME = "replica-set.sh";
export const REPLICA_SET_SCRIPT = readFileSync(path.join(__dirname, "..", "scripts", "mongodb", SCRIPT_NAME), "utf8");
/**
 * The script's ConfigMap, named after its content: a changed script is a new ConfigMap and a
 * change of the pod template, so the members restart with it one at a time (a ConfigMap updated in
 * place would reach running pods unannounced, or not at all for a process already reading it).
 */
export const SCRIPTS_CONFIG_MAP = `${MONGODB_NAME}-scripts-${sha256(REPLICA_SET_SCRIPT).slice(0, 10)}`;

/**
 * The member list, in a ConfigMap with a fixed name mounted as a volume (no subPath: the kubelet
 * updates such files in place, within its sync period, about a minute; a subPath mount never
 * changes): the script reads it on every pass, so a change of appMongoReplicas changes this
 * ConfigMap and the StatefulSet's replicas, never the pod template, and no member restarts. As an
 * env var in the template, a new list reached a pod only when it restarted, and the rolling update
 * that would restart them stalled behind new members the old primary did not know (issue 11 review).
 */
export const MEMBERS_CONFIG_MAP = `${MONGODB_NAME}-members`;
export const MEMBERS_DIR = "/etc/ratings-mongodb";
export const MEMBERS_KEY = "members";
/** Where the replica-set container writes its short-lived mongo shell files (the root user's auth call): a memory-backed emptyDir. */
export const AUTH_DIR = "/var/run/ratings-mongodb";

/** The members file: one `host:port` a line, first member first. */
export function membersFile(namespace: string, replicas: number): string {
  return memberHosts(namespace, replicas).map((host) => `${host}\n`).join("");
}

/** A member's `host:port`, its pod's stable name under the headless Service: `<pod>.<service>.<namespace>.svc.cluster.local`. */
export function memberHost(namespace: string, podName: string): string {
  return `${podName}.${MONGODB_NAME}.${namespace}.svc.cluster.local:${MONGO_PORT}`;
}

/** Every member's `host:port`, first member first (the StatefulSet names its pods `<name>-<ordinal>`). */
export function memberHosts(namespace: string, replicas: number): string[] {
  return Array.from({ length: replicas }, (_, ordinal) => memberHost(namespace, `${MONGODB_NAME}-${ordinal}`));
}

/**
 * ratings-api's MONGODB_URI: every member and the set's name, so that its driver finds the
 * primary and follows it through elections. The credentials are the container's MONGODB_USERNAME
 * and MONGODB_PASSWORD (from the Secret), which Kubernetes expands into `$(...)`, so the string
 * itself holds no secret and shows in previews. The generated password is alphanumeric: nothing
 * to escape.
 */
export function connectionString(namespace: string, replicas: number): string {
  return `mongodb://$(MONGODB_USERNAME):$(MONGODB_PASSWORD)@${memberHosts(namespace, replicas).join(",")}/${DATABASE}?authSource=admin&replicaSet=${REPLICA_SET}`;
}
