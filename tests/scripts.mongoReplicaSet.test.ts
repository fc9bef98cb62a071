/**
 * scripts/mongodb/replica-set.sh run for real under bash, in each simulated member's pod, against
 * tests/fixtures/fake-mongo: a `mongo` shell in front of simulated mongod servers that answers as
 * the 4.4 shell and servers do (rs.status() NotYetInitialized, code 94, before initiation;
 * rs.initiate AlreadyInitialized, code 23, on an initiated member; see the fake's header for the
 * rest and src/mongo/base/error_codes.yml in mongodb/mongo for the codes). The set is initiated,
 * grown, shrunk and repaired only through passes that each start from what the servers answer.
 */
import { spawnSync } from "child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { memberHosts } from "../platform/mongoReplicaSet";
import { underCi } from "./support/ci";
import { HelperHost } from "./support/helperHost";
import { Check, describeFaults, itHolds } from "./support/scriptFaults";

const ROOT = path.join(__dirname, "..");
const SCRIPT_NAME = "mongodb/replica-set.sh";
const FAKE = path.join(ROOT, "tests", "fixtures", "fake-mongo");
const HOSTS = memberHosts("ratings", 5);
const [M0, M1, M2, M3, M4] = HOSTS;
const THREE = HOSTS.slice(0, 3);
const PASSWORD = "planted-root-password";

interface Member {
  up: boolean;
  partitioned?: boolean;
  config: { _id: string; version: number; members: { _id: number; host: string }[] } | null;
}
interface State {
  password: string;
  primary: string | null;
  members: Record<string, Member>;
  otherClientInitiates?: unknown;
}

/**
 * Simulated mongod servers (all up, none in a set) and the pods that run the script next to them:
 * a HelperHost whose scripts/ holds its own copy of the script (describeFaults breaks that copy).
 * Each pod has its own members file, the mounted ConfigMap as that pod's kubelet last wrote it,
 * and its own memory-backed auth directory.
 */
class FakeServers extends HelperHost {
  readonly script = this.path(`scripts/${SCRIPT_NAME}`);
  private readonly statePath = path.join(this.root, "state.json");

  constructor(hosts: readonly string[] = THREE) {
    super({ installFake: false });
    this.write(`scripts/${SCRIPT_NAME}`, readFileSync(path.join(ROOT, "scripts", SCRIPT_NAME), "utf8"));
    mkdirSync(path.join(this.root, "bin"));
    writeFileSync(path.join(this.root, "bin", "mongo"), `#!/bin/sh\nexec node ${JSON.stringify(FAKE)} "$@"\n`, { mode: 0o755 });
    this.save({ password: PASSWORD, primary: null, members: Object.fromEntries(hosts.map((h) => [h, { up: true, config: null }])) });
  }

  state(): State {
    return JSON.parse(readFileSync(this.statePath, "utf8"));
  }

  save(state: State): void {
    writeFileSync(this.statePath, JSON.stringify(state));
  }

  change(edit: (state: State) => void): void {
    const state = this.state();
    edit(state);
    this.save(state);
  }

  /** The hosts in the newest config, and the primary. */
  set(): { members: string[]; primary: string | null } {
    const state = this.state();
    const configs = Object.values(state.members).flatMap((m) => (m.config ? [m.config] : []));
    const newest = configs.sort((a, b) => b.version - a.version)[0];
    return { members: newest ? newest.members.map((m) => m.host) : [], primary: state.primary };
  }

  /** `pod`'s memory-backed auth directory (its files are removed when a pass ends). */
  authDir(pod: string): string {
    return path.join(this.root, "auth", pod.split(".")[0]);
  }

  /** The script in `pod`'s replica-set container, its members file holding `members` (one a line, as the ConfigMap). */
  exec(pod: string, args: string[], members: readonly string[] = THREE) {
    const membersFile = path.join(this.root, "members", pod.split(".")[0]);
    mkdirSync(path.dirname(membersFile), { recursive: true });
    mkdirSync(this.authDir(pod), { recursive: true });
    writeFileSync(membersFile, members.map((h) => `${h}\n`).join(""));
    const result = spawnSync("bash", [this.script, ...args], {
      encoding: "utf8",
      env: {
        PATH: `${path.join(this.root, "bin")}:${process.env.PATH}`,
        FAKE_MONGO_STATE: this.statePath,
        FAKE_MONGO_POD: pod,
        MONGODB_REPLICA_SET: "rs0",
        MONGODB_MEMBERS_FILE: membersFile,
        MONGODB_SELF: pod,
        MONGODB_USERNAME: "ratings",
        MONGODB_PASSWORD: PASSWORD,
        MONGODB_AUTH_DIR: this.authDir(pod),
      },
    });
    return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
  }

  /** One reconcile pass in `pod`'s replica-set container: its exit status and what it printed. */
  pass(pod: string, members?: readonly string[]): string {
    const { status, stdout, stderr } = this.exec(pod, ["reconcile"], members);
    return status === 0 ? stdout : `exit ${status}: ${stderr}`;
  }

  /** `pod`'s readiness probe: 0 when it serves. */
  ready(pod: string): number | null {
    return this.exec(pod, ["ready"]).status;
  }

  log(): string[] {
    return readFileSync(`${this.statePath}.log`, "utf8").trim().split("\n");
  }

  /** Every argv the fake mongo was started with. */
  argvs(): string[][] {
    return readFileSync(`${this.statePath}.argv`, "utf8").trim().split("\n").map((line) => JSON.parse(line));
  }
}

let servers: FakeServers;

/** Servers for `hosts`, of which `members` form a set in sync (version `version`), the first one primary. */
function inSync(hosts: readonly string[], members: readonly string[], version = 3): FakeServers {
  const fake = new FakeServers(hosts);
  const config = { _id: "rs0", version, members: members.map((host, _id) => ({ _id, host })) };
  fake.change((s) => {
    for (const host of members) s.members[host].config = config;
    s.primary = members[0];
  });
  return fake;
}

describe("the fake mongo shell answers as the 4.4 shell and servers do", () => {
  it("rs.status() before initiation is NotYetInitialized (94); rs.initiate on an initiated member is AlreadyInitialized (23)", () => {
    servers = new FakeServers([M0]);
    const shell = (expression: string) =>
      {
        writeFileSync(path.join(servers.root, "auth.js"), `if (!db.getSiblingDB("admin").auth("ratings", ${JSON.stringify(PASSWORD)})) { quit(1); }\n`, { mode: 0o600 });
        writeFileSync(path.join(servers.root, "query.js"), `print(JSON.stringify(${expression}));\n`);
        return spawnSync(path.join(servers.root, "bin", "mongo"), ["--quiet", "--norc", "--host", "localhost:27017", path.join(servers.root, "auth.js"), path.join(servers.root, "query.js")], {
          encoding: "utf8",
          env: { ...process.env, FAKE_MONGO_STATE: path.join(servers.root, "state.json"), FAKE_MONGO_POD: M0 },
        }).stdout.trim();
      };
    expect(JSON.parse(shell("rs.status()"))).toEqual({ ok: 0, errmsg: "no replset config has been received", code: 94, codeName: "NotYetInitialized" });
    const initiate = `rs.initiate(${JSON.stringify({ _id: "rs0", members: [{ _id: 0, host: M0 }] })})`;
    expect(JSON.parse(shell(initiate))).toEqual({ ok: 1 });
    expect(JSON.parse(shell(initiate))).toEqual({ ok: 0, errmsg: "already initialized", code: 23, codeName: "AlreadyInitialized" });
  });
});

describe("reconcile", () => {
  it("initiates the set from the first member, whose pod then adds the others one per pass, and then changes nothing", () => {
    servers = new FakeServers(THREE);
    expect(servers.pass(M1)).toBe(`waiting: no primary yet; ${M0} initiates rs0`);
    expect(servers.pass(M0)).toBe(`initiated rs0 with ${M0}`);
    expect(servers.pass(M1)).toBe("waiting: not in rs0 yet; its primary adds this member");
    expect(servers.pass(M0)).toBe(`added ${M1}`);
    expect(servers.pass(M1)).toBe(`in sync: member of rs0, whose primary ${M0} manages the members`);
    expect(servers.pass(M0)).toBe(`added ${M2}`);
    expect(servers.pass(M0)).toBe(`in sync: rs0 has ${M0} ${M1} ${M2}`);
    const settled = servers.state();
    expect([M1, M2].map((pod) => servers.pass(pod))).toEqual([M1, M2].map(() => `in sync: member of rs0, whose primary ${M0} manages the members`));
    expect(servers.state()).toEqual(settled);
    expect(servers.set()).toEqual({ members: [M0, M1, M2], primary: M0 });
  });

  it("never initiates while a member does not answer, so a member that lost its volume cannot start a second set", () => {
    servers = new FakeServers(THREE);
    servers.change((s) => (s.members[M2].up = false));
    expect(servers.pass(M0)).toBe(`waiting: ${M2} does not answer (the set is initiated only once every member answers)`);
    expect(servers.set()).toEqual({ members: [], primary: null });
    // the others in a set that has lost its majority: the first member waits for them rather than starting its own
    servers.change((s) => {
      s.members[M2].up = true;
      s.members[M1].config = { _id: "rs0", version: 7, members: [M1, M3, M4].map((host, _id) => ({ _id, host })) };
    });
    expect(servers.pass(M0)).toBe(`waiting: ${M1} is in replica set rs0, which has no primary`);
  });

  it("takes AlreadyInitialized from rs.initiate as another client's initiation, not as a failure", () => {
    servers = new FakeServers(THREE);
    const other = { _id: "rs0", members: [{ _id: 0, host: M0 }] };
    servers.change((s) => (s.otherClientInitiates = other));
    expect(servers.pass(M0)).toBe("waiting: rs0 is already initiated (AlreadyInitialized)");
    expect(servers.pass(M0)).toBe(`added ${M1}`);
    expect(servers.set()).toEqual({ members: [M0, M1], primary: M0 });
  });

  it("resumes where an interrupted run stopped: the first member drained before the last one was added", () => {
    servers = new FakeServers(THREE);
    servers.pass(M0);
    servers.pass(M0);
    servers.change((s) => (s.members[M0].up = false));
    // a set of two with one away has no majority: nobody changes anything
    expect([M1, M2].map((pod) => servers.pass(pod))).toEqual(["waiting: rs0 has no primary", `waiting: no primary yet; ${M0} initiates rs0`]);
    servers.change((s) => (s.members[M0].up = true));
    expect(servers.pass(M0)).toBe(`added ${M2}`);
    expect(servers.set()).toEqual({ members: [M0, M1, M2], primary: M0 });
  });

  it("grows the set when appMongoReplicas grows, adding each new member once it answers", () => {
    servers = inSync(HOSTS, [M0, M1, M2]);
    servers.change((s) => (s.members[M4].up = false));
    expect(servers.pass(M3, HOSTS)).toBe("waiting: not in rs0 yet; its primary adds this member");
    expect(servers.pass(M0, HOSTS)).toBe(`added ${M3}`);
    expect(servers.pass(M0, HOSTS)).toBe(`waiting: ${M4} does not answer yet`);
    servers.change((s) => (s.members[M4].up = true));
    expect(servers.pass(M0, HOSTS)).toBe(`added ${M4}`);
    expect(servers.pass(M0, HOSTS)).toBe(`in sync: rs0 has ${HOSTS.join(" ")}`);
    expect(servers.set().members).toEqual(HOSTS);
  });

  it("repairs a set shrunk from three to one by hand (the stack refuses it), with a forced reconfig by the first member; never in an outage", () => {
    servers = inSync([M0, M1, M2], [M0, M1, M2]);
    servers.change((s) => {
      s.members[M1].up = false;
      s.members[M2].up = false;
    });
    // the configuration still names them: an outage to wait out, not a shrink
    expect(servers.pass(M0)).toBe(`waiting: rs0 has no primary, and ${M1} is not a healthy SECONDARY`);
    expect(servers.set()).toEqual({ members: [M0, M1, M2], primary: null });
    expect(servers.pass(M0, [M0])).toBe(`reconfigured rs0 to ${M0} with force (removed ${M1} ${M2}, which no longer exist)`);
    expect(servers.set()).toEqual({ members: [M0], primary: M0 });
    expect(servers.pass(M0, [M0])).toBe(`in sync: rs0 has ${M0}`);
  });

  it("lets the primary add back a member removed earlier (it answers InvalidReplicaSetConfig, code 93)", () => {
    servers = inSync(HOSTS, [M0, M1, M2, M3], 9);
    servers.change((s) => (s.members[M4].config = { _id: "rs0", version: 8, members: HOSTS.map((host, _id) => ({ _id, host })) }));
    expect(servers.pass(M4, HOSTS)).toBe("waiting: not in rs0 yet; its primary adds this member");
    expect(servers.pass(M0, HOSTS)).toBe(`added ${M4}`);
    expect(servers.set().members).toEqual(HOSTS);
  });

  it("waits, showing the shell's error, while it cannot authenticate (as while a new member still copies its users)", () => {
    servers = new FakeServers([M0]);
    servers.change((s) => (s.password = "another"));
    expect(servers.exec(M0, ["reconcile"], [M0])).toEqual({
      status: 0,
      stdout: "waiting: the local mongod does not answer yet (starting, or still copying its users in an initial sync)",
      stderr: "Error: Authentication failed.",
    });
  });
});

/**
 * A change of appMongoReplicas as it reaches the pods: Pulumi updates the members ConfigMap, then
 * the StatefulSet's replicas; the StatefulSet starts or deletes the pods of the ordinals concerned
 * at once (Parallel) and restarts none (the pod template does not change); each running pod's
 * kubelet rewrites its mounted members file within its sync period, a new pod starts with the new
 * list. Each pass below runs with exactly the list that pod's file holds at that moment.
 */
describe("appMongoReplicas changed on a running set: every pod with the member list it has mid-rollout", () => {
  const FIVE = HOSTS;
  const ONE = [M0];

  it("3 -> 5: the new members wait for the primary, which adds them once its own file has the new list; nobody restarts", () => {
    servers = inSync(HOSTS, THREE);
    servers.change((s) => (s.members[M3].up = s.members[M4].up = false));
    // the ConfigMap has five, no kubelet has synced yet, the new pods do not exist yet
    expect(servers.pass(M0, THREE)).toBe(`in sync: rs0 has ${THREE.join(" ")}`);
    // the StatefulSet starts pods 3 and 4, which mount the new list
    servers.change((s) => (s.members[M3].up = s.members[M4].up = true));
    expect([M3, M4].map((pod) => servers.pass(pod, FIVE))).toEqual([M3, M4].map(() => "waiting: not in rs0 yet; its primary adds this member"));
    expect([M3, M4].map((pod) => servers.ready(pod))).toEqual([1, 1]);
    // M1's kubelet synced first; only the primary's pod changes the set
    expect(servers.pass(M1, FIVE)).toBe(`in sync: member of rs0, whose primary ${M0} manages the members`);
    expect(servers.pass(M0, THREE)).toBe(`in sync: rs0 has ${THREE.join(" ")}`);
    // the primary's file is rewritten in place: its next pass reads it
    expect([1, 2, 3].map(() => servers.pass(M0, FIVE))).toEqual([`added ${M3}`, `added ${M4}`, `in sync: rs0 has ${FIVE.join(" ")}`]);
    expect(servers.set()).toEqual({ members: FIVE, primary: M0 });
    expect(FIVE.map((pod) => servers.ready(pod))).toEqual([0, 0, 0, 0, 0]);
  });

  it("5 -> 3: pods 3 and 4 go at once, the three left keep a majority of five, hence a primary, and the primary removes them", () => {
    servers = inSync(HOSTS, FIVE);
    servers.change((s) => (s.primary = M4));
    // the StatefulSet deletes pods 3 and 4 before any kubelet rewrote a file: 3 of 5 elect M0
    servers.change((s) => (s.members[M3].up = s.members[M4].up = false));
    expect(servers.pass(M0, FIVE)).toBe(`in sync: rs0 has ${FIVE.join(" ")}`);
    expect(servers.set().primary).toBe(M0);
    expect(servers.pass(M2, THREE)).toBe(`in sync: member of rs0, whose primary ${M0} manages the members`);
    const primaries: (string | null)[] = [];
    const passes = [1, 2, 3].map(() => {
      const outcome = servers.pass(M0, THREE);
      primaries.push(servers.set().primary);
      return outcome;
    });
    expect(passes).toEqual([`removed ${M3}`, `removed ${M4}`, `in sync: rs0 has ${THREE.join(" ")}`]);
    expect(primaries).toEqual([M0, M0, M0]);
    expect(servers.set()).toEqual({ members: THREE, primary: M0 });
    expect(THREE.map((pod) => servers.ready(pod))).toEqual([0, 0, 0]);
  });

  it("5 -> 3 with the primary among the removed, its file rewritten before its pod goes: it removes the other and waits to be removed", () => {
    servers = inSync(HOSTS, FIVE);
    servers.change((s) => (s.primary = M3));
    expect(servers.pass(M3, THREE)).toBe(`removed ${M4}`);
    expect(servers.pass(M3, THREE)).toBe("waiting: this member is no longer configured; it is removed once another member is primary");
    expect(servers.set()).toEqual({ members: [M0, M1, M2, M3], primary: M3 });
    servers.change((s) => (s.members[M3].up = s.members[M4].up = false));
    expect(servers.pass(M0, THREE)).toBe(`removed ${M3}`);
    expect(servers.set()).toEqual({ members: THREE, primary: M0 });
  });

  it("1 -> 3: the new members start empty and wait; the single member adds them once its file lists them", () => {
    servers = inSync(THREE, ONE);
    servers.change((s) => (s.members[M1].up = s.members[M2].up = false));
    expect(servers.pass(M0, ONE)).toBe(`in sync: rs0 has ${M0}`);
    servers.change((s) => (s.members[M1].up = s.members[M2].up = true));
    expect([M1, M2].map((pod) => servers.pass(pod, THREE))).toEqual([M1, M2].map(() => "waiting: not in rs0 yet; its primary adds this member"));
    expect(servers.pass(M0, ONE)).toBe(`in sync: rs0 has ${M0}`);
    expect([1, 2, 3].map(() => servers.pass(M0, THREE))).toEqual([`added ${M1}`, `added ${M2}`, `in sync: rs0 has ${THREE.join(" ")}`]);
    expect(servers.set()).toEqual({ members: THREE, primary: M0 });
  });

  it("reads the members file afresh on every pass: one host a line, blank lines and spaces ignored; an empty file is an error", () => {
    servers = inSync(THREE, THREE);
    expect(servers.pass(M0, ["", ` ${M0} `, M1, "", M2])).toBe(`in sync: rs0 has ${THREE.join(" ")}`);
    expect(servers.pass(M0, [])).toBe(`exit 1: ${path.join(servers.root, "members", "ratings-mongodb-0")} lists no member`);
  });
});

const forcedReconfigWaitsForRemovedMembers: Check = {
  name: "a removed member that still answers, though cut off from the set, blocks the forced reconfiguration",
  host: () => new FakeServers(THREE),
  run: (host) => {
    servers = host as FakeServers;
    const config = { _id: "rs0", version: 3, members: THREE.map((h, _id) => ({ _id, host: h })) };
    servers.change((s) => {
      for (const h of THREE) s.members[h].config = config;
      s.members[M1].up = false;
      s.members[M2].partitioned = true;
    });
    // rs.status() shows M2 unhealthy (no heartbeats), but it still runs: its pod is not gone
    expect(servers.pass(M0, [M0])).toBe(`waiting: rs0 has no primary, and ${M2} (no longer configured) still answers`);
    expect(servers.set()).toEqual({ members: THREE, primary: null });
    servers.change((s) => (s.members[M2].up = false));
    expect(servers.pass(M0, [M0])).toBe(`reconfigured rs0 to ${M0} with force (removed ${M1} ${M2}, which no longer exist)`);
    expect(servers.set()).toEqual({ members: [M0], primary: M0 });
  },
};

const forcedReconfigWaitsForConfiguredMembers: Check = {
  name: "the forced reconfiguration waits while a configured member is not a healthy SECONDARY (an outage, not a shrink)",
  host: () => new FakeServers(THREE),
  run: (host) => {
    servers = host as FakeServers;
    const config = { _id: "rs0", version: 3, members: [...THREE, M3].map((h, _id) => ({ _id, host: h })) };
    servers.change((s) => {
      s.members[M3] = { up: false, config };
      for (const h of THREE) s.members[h].config = config;
      s.members[M2].up = false;
      s.members[M3].up = false;
    });
    // 2 of 4 answer: no primary; M2 is still configured, so nothing is forced
    expect(servers.pass(M0, THREE)).toBe(`waiting: rs0 has no primary, and ${M2} is not a healthy SECONDARY`);
    expect(servers.set()).toEqual({ members: [...THREE, M3], primary: null });
  },
};

const initiatesOnlyWhenEveryMemberAnswers: Check = {
  name: "the first member never initiates while another member does not answer",
  host: () => new FakeServers(THREE),
  run: (host) => {
    servers = host as FakeServers;
    servers.change((s) => (s.members[M2].up = false));
    expect(servers.pass(M0)).toBe(`waiting: ${M2} does not answer (the set is initiated only once every member answers)`);
    expect(servers.set()).toEqual({ members: [], primary: null });
  },
};

const alreadyInitializedIsNotAFailure: Check = {
  name: "AlreadyInitialized from rs.initiate is another client's initiation: the pass waits, the next adds members",
  host: () => new FakeServers(THREE),
  run: (host) => {
    servers = host as FakeServers;
    servers.change((s) => (s.otherClientInitiates = { _id: "rs0", members: [{ _id: 0, host: M0 }] }));
    expect(servers.pass(M0)).toBe("waiting: rs0 is already initiated (AlreadyInitialized)");
    expect(servers.pass(M0)).toBe(`added ${M1}`);
  },
};

const readyOnlyInTheSet: Check = {
  name: "ready is false for a member that answers but is not in the set",
  host: () => new FakeServers([M0, M1, M2, M3]),
  run: (host) => {
    servers = host as FakeServers;
    const config = { _id: "rs0", version: 3, members: THREE.map((h, _id) => ({ _id, host: h })) };
    servers.change((s) => {
      for (const h of THREE) s.members[h].config = config;
      s.primary = M0;
    });
    expect([M0, M1, M2, M3].map((pod) => servers.ready(pod))).toEqual([0, 0, 0, 1]);
  },
};

const credentialsNeverInArgv: Check = {
  name: "the root password never reaches an argv: mongo gets it in a 0600 file of the pass, removed when the pass ends",
  host: () => new FakeServers(THREE),
  run: (host) => {
    servers = host as FakeServers;
    expect([1, 2, 3, 4].map(() => servers.pass(M0))).toEqual([`initiated rs0 with ${M0}`, `added ${M1}`, `added ${M2}`, `in sync: rs0 has ${THREE.join(" ")}`]);
    const argvs = servers.argvs();
    expect(argvs.length).toBeGreaterThan(4);
    expect(argvs.filter((argv) => argv.some((arg) => arg.includes(PASSWORD) || arg === "--password" || arg === "--username"))).toEqual([]);
    // the authenticated commands did authenticate, as the root user
    expect(servers.log().filter((line) => line.includes("rs.initiate(")).map((line) => line.split(" ")[2])).toEqual(["ratings"]);
    expect(readdirSync(servers.authDir(M0))).toEqual([]);
  },
};

describe("the script's guards", () => {
  itHolds([forcedReconfigWaitsForRemovedMembers, forcedReconfigWaitsForConfiguredMembers, initiatesOnlyWhenEveryMemberAnswers, alreadyInitializedIsNotAFailure, readyOnlyInTheSet, credentialsNeverInArgv]);
});

const RS = SCRIPT_NAME;
describeFaults("scripts/mongodb/replica-set.sh: faults these tests catch", [
  { script: RS, fault: "forced reconfiguration with a removed member that still answers", edit: ['elif [[ $health != 0 ]] || hello "$host" >/dev/null; then', "elif [[ $health != 0 ]]; then"], check: forcedReconfigWaitsForRemovedMembers },
  { script: RS, fault: "forced reconfiguration while a configured member is not a healthy SECONDARY", edit: ['if [[ $state != "$SECONDARY" ]]; then', "if false; then"], check: forcedReconfigWaitsForConfiguredMembers },
  { script: RS, fault: "initiate guard dropped: initiates while a member does not answer", edit: ['if ! reply=$(hello "$host"); then', 'if ! reply=$(hello "$host" || echo "{}"); then'], check: initiatesOnlyWhenEveryMemberAnswers },
  { script: RS, fault: "AlreadyInitialized treated as a failure", edit: ["elif [[ $(jq -r '.code // empty' <<<\"$reply\") == 23 ]]; then", "elif false; then"], check: alreadyInitializedIsNotAFailure },
  { script: RS, fault: "ready accepts a member that is not in the set", edit: ["jq -r '.ismaster == true or .secondary == true'", "jq -r '.ok == 1'"], check: readyOnlyInTheSet },
  { script: RS, fault: "the password on mongo's command line", edit: ['mongo --quiet --norc --host "$1" "$PASS_DIR/auth.js"', 'mongo --quiet --norc --host "$1" --password "$MONGODB_PASSWORD" "$PASS_DIR/auth.js"'], check: credentialsNeverInArgv },
  { script: RS, fault: "the auth file readable by others (umask dropped)", edit: ["  umask 077\n", "  umask 022\n"], check: credentialsNeverInArgv },
  { script: RS, fault: "the pass's auth files left behind", edit: ["trap 'rm -rf \"$PASS_DIR\"' EXIT", "true"], check: credentialsNeverInArgv },
]);

describe("ready", () => {
  it("is true for a PRIMARY or a SECONDARY only, not for a member outside the set or one that does not answer", () => {
    servers = inSync([M0, M1, M2, M3], [M0, M1, M2]);
    expect([M0, M1, M2, M3].map((pod) => servers.exec(pod, ["ready"]).status)).toEqual([0, 0, 0, 1]);
    servers.change((s) => (s.members[M1].up = false));
    expect(servers.exec(M1, ["ready"]).status).toBe(1);
    // ready asks without credentials: isMaster needs none
    const asked = servers.log().filter((line) => line.startsWith(`${M1} localhost:27017 `) && line.endsWith("db.isMaster()))"));
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((line) => line.includes(" (anonymous) "))).toBe(true);
  });
});

describe("the script", () => {
  it("refuses an unknown command with its usage", () => {
    servers = new FakeServers([M0]);
    expect(servers.exec(M0, ["initiate"])).toEqual({ status: 2, stdout: "", stderr: `usage: ${servers.script} ready|reconcile|watch` });
  });

  it("passes shellcheck", () => {
    servers = new FakeServers([M0]);
    const found = spawnSync("shellcheck", ["--version"]);
    if (found.error) {
      if (underCi()) throw new Error("shellcheck is not installed; .ci/run installs it (apt-get install shellcheck)");
      console.warn("shellcheck is not installed here: skipping the lint (CI runs it)");
      return;
    }
    const result = spawnSync("shellcheck", [path.join(ROOT, "scripts", SCRIPT_NAME)], { encoding: "utf8" });
    expect(result.stdout).toBe("");
    expect(result.status).toBe(0);
  });
});
