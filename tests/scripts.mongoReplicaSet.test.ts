/**
 * scripts/mongodb/replica-set.sh run for real under bash, in each simulated member's pod, against
 * tests/fixtures/fake-mongo: a `mongo` shell in front of simulated mongod servers that answers as
 * the 4.4 shell and servers do (rs.status() NotYetInitialized, code 94, before initiation;
 * rs.initiate AlreadyInitialized, code 23, on an initiated member; see the fake's header for the
 * rest and src/mongo/base/error_codes.yml in mongodb/mongo for the codes). The set is initiated,
 * grown, shrunk and repaired only through passes that each start from what the servers answer.
 */
import { spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { memberHosts } from "../platform/mongoReplicaSet";
import { underCi } from "./support/ci";

const ROOT = path.join(__dirname, "..");
const SCRIPT = path.join(ROOT, "scripts", "mongodb", "replica-set.sh");
const FAKE = path.join(ROOT, "tests", "fixtures", "fake-mongo");
const HOSTS = memberHosts("ratings", 5);
const [M0, M1, M2, M3, M4] = HOSTS;
const PASSWORD = "planted-root-password";

interface Member {
  up: boolean;
  config: { _id: string; version: number; members: { _id: number; host: string }[] } | null;
}
interface State {
  password: string;
  primary: string | null;
  members: Record<string, Member>;
  otherClientInitiates?: unknown;
}

/** Simulated mongod servers (all up, none in a set) and the pods that run the script next to them. */
class FakeServers {
  readonly dir = mkdtempSync(path.join(tmpdir(), "mongo-rs-"));
  private readonly statePath = path.join(this.dir, "state.json");

  constructor(hosts: readonly string[]) {
    mkdirSync(path.join(this.dir, "bin"));
    writeFileSync(path.join(this.dir, "bin", "mongo"), `#!/bin/sh\nexec node ${JSON.stringify(FAKE)} "$@"\n`, { mode: 0o755 });
    this.write({ password: PASSWORD, primary: null, members: Object.fromEntries(hosts.map((h) => [h, { up: true, config: null }])) });
  }

  state(): State {
    return JSON.parse(readFileSync(this.statePath, "utf8"));
  }

  write(state: State): void {
    writeFileSync(this.statePath, JSON.stringify(state));
  }

  change(edit: (state: State) => void): void {
    const state = this.state();
    edit(state);
    this.write(state);
  }

  /** The hosts in the newest config, and the primary. */
  set(): { members: string[]; primary: string | null } {
    const state = this.state();
    const configs = Object.values(state.members).flatMap((m) => (m.config ? [m.config] : []));
    const newest = configs.sort((a, b) => b.version - a.version)[0];
    return { members: newest ? newest.members.map((m) => m.host) : [], primary: state.primary };
  }

  run(pod: string, args: string[], members: readonly string[] = HOSTS.slice(0, 3)) {
    const result = spawnSync("bash", [SCRIPT, ...args], {
      encoding: "utf8",
      env: {
        PATH: `${path.join(this.dir, "bin")}:${process.env.PATH}`,
        FAKE_MONGO_STATE: this.statePath,
        FAKE_MONGO_POD: pod,
        MONGODB_REPLICA_SET: "rs0",
        MONGODB_MEMBERS: members.join(","),
        MONGODB_SELF: pod,
        MONGODB_USERNAME: "ratings",
        MONGODB_PASSWORD: PASSWORD,
      },
    });
    return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
  }

  /** One reconcile pass in `pod`'s replica-set container: its exit status and what it printed. */
  pass(pod: string, members?: readonly string[]): string {
    const { status, stdout, stderr } = this.run(pod, ["reconcile"], members);
    return status === 0 ? stdout : `exit ${status}: ${stderr}`;
  }

  log(): string[] {
    return readFileSync(`${this.statePath}.log`, "utf8").trim().split("\n");
  }
}

let servers: FakeServers;
afterEach(() => rmSync(servers.dir, { recursive: true, force: true }));

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
      spawnSync(path.join(servers.dir, "bin", "mongo"), ["--quiet", "--norc", "--host", "localhost:27017", "--username", "ratings", "--password", PASSWORD, "--eval", `print(JSON.stringify(${expression}))`], {
        encoding: "utf8",
        env: { ...process.env, FAKE_MONGO_STATE: path.join(servers.dir, "state.json"), FAKE_MONGO_POD: M0 },
      }).stdout.trim();
    expect(JSON.parse(shell("rs.status()"))).toEqual({ ok: 0, errmsg: "no replset config has been received", code: 94, codeName: "NotYetInitialized" });
    const initiate = `rs.initiate(${JSON.stringify({ _id: "rs0", members: [{ _id: 0, host: M0 }] })})`;
    expect(JSON.parse(shell(initiate))).toEqual({ ok: 1 });
    expect(JSON.parse(shell(initiate))).toEqual({ ok: 0, errmsg: "already initialized", code: 23, codeName: "AlreadyInitialized" });
  });
});

describe("reconcile", () => {
  it("initiates the set from the first member, whose pod then adds the others one per pass, and then changes nothing", () => {
    servers = new FakeServers(HOSTS.slice(0, 3));
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
    servers = new FakeServers(HOSTS.slice(0, 3));
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
    servers = new FakeServers(HOSTS.slice(0, 3));
    const other = { _id: "rs0", members: [{ _id: 0, host: M0 }] };
    servers.change((s) => (s.otherClientInitiates = other));
    expect(servers.pass(M0)).toBe("waiting: rs0 is already initiated (AlreadyInitialized)");
    expect(servers.pass(M0)).toBe(`added ${M1}`);
    expect(servers.set()).toEqual({ members: [M0, M1], primary: M0 });
  });

  it("resumes where an interrupted run stopped: the first member drained before the last one was added", () => {
    servers = new FakeServers(HOSTS.slice(0, 3));
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

  it("shrinks it from five to three through the primary, one member per pass, once their pods are gone", () => {
    servers = inSync(HOSTS, HOSTS);
    servers.change((s) => {
      s.members[M3].up = false;
      s.members[M4].up = false;
    });
    expect([1, 2, 3].map(() => servers.pass(M0))).toEqual([`removed ${M3}`, `removed ${M4}`, `in sync: rs0 has ${M0} ${M1} ${M2}`]);
    expect(servers.set()).toEqual({ members: [M0, M1, M2], primary: M0 });
  });

  it("shrinks it from three to one, below the old majority, with a forced reconfig by the first member; never in an outage", () => {
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
    expect(servers.run(M0, ["reconcile"], [M0])).toEqual({
      status: 0,
      stdout: "waiting: the local mongod does not answer yet (starting, or still copying its users in an initial sync)",
      stderr: "Error: Authentication failed.",
    });
  });
});

describe("ready", () => {
  it("is true for a PRIMARY or a SECONDARY only, not for a member outside the set or one that does not answer", () => {
    servers = inSync([M0, M1, M2, M3], [M0, M1, M2]);
    expect([M0, M1, M2, M3].map((pod) => servers.run(pod, ["ready"]).status)).toEqual([0, 0, 0, 1]);
    servers.change((s) => (s.members[M1].up = false));
    expect(servers.run(M1, ["ready"]).status).toBe(1);
    // ready asks without credentials: isMaster needs none
    const asked = servers.log().filter((line) => line.startsWith(`${M1} localhost:27017 `) && line.endsWith("db.isMaster()))"));
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((line) => line.includes(" (anonymous) "))).toBe(true);
  });
});

describe("the script", () => {
  it("refuses an unknown command with its usage", () => {
    servers = new FakeServers([M0]);
    expect(servers.run(M0, ["initiate"])).toEqual({ status: 2, stdout: "", stderr: `usage: ${SCRIPT} ready|reconcile|watch` });
  });

  it("passes shellcheck", () => {
    servers = new FakeServers([M0]);
    const found = spawnSync("shellcheck", ["--version"]);
    if (found.error) {
      if (underCi()) throw new Error("shellcheck is not installed; .ci/run installs it (apt-get install shellcheck)");
      console.warn("shellcheck is not installed here: skipping the lint (CI runs it)");
      return;
    }
    const result = spawnSync("shellcheck", [SCRIPT], { encoding: "utf8" });
    expect(result.stdout).toBe("");
    expect(result.status).toBe(0);
  });
});
