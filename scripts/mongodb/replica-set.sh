#!/usr/bin/env bash
# Keeps the ratings app's MongoDB replica set as configured, from inside each member's pod (it
# runs in the mongo:4.4 image, with its legacy `mongo` shell, bash and jq): the pod's
# `replica-set` container runs `watch`, the mongod container's readiness probe runs `ready`.
# Every pass starts from what the servers answer, so it is idempotent and resumes after any
# interruption (a restarted pod, a lost connection, a half-finished change).
#
#   ready      exit 0 when the local member is PRIMARY or SECONDARY (db.isMaster(): ismaster or
#              secondary): only members that serve count for the budget and for rolling updates.
#   reconcile  one pass; prints what it did or what it waits for, exits 1 on an unexpected answer.
#              Only one member changes the set at a time, so two passes never race:
#     - no set yet (rs.status() answers NotYetInitialized, code 94): the first member listed
#       initiates it with itself, and only once every member answers and none is in
#       a set, so that a member that lost its volume never starts a second set while the others are
#       away. rs.initiate answering AlreadyInitialized (code 23) means an earlier pass did it. A
#       standalone mongod's data (the single member this app had before) is kept: initiating
#       turns it into the set's first member.
#     - the primary's own pod adds one configured member that answers but is not in the set
#       (rs.add), or removes one that is in the set but no longer configured (rs.remove); members
#       added join by initial sync from the others. Other members wait for it.
#     - no primary because members were removed from the configuration faster than the set could
#       drop them (appMongoReplicas lowered below a majority of the old set, e.g. 3 to 1): the first
#       member, once every configured member is a healthy SECONDARY and every other member is down
#       (answers neither heartbeats nor this pod),
#       reconfigures the set to the configured members with {force: true}, the documented way to
#       recover a set without a majority (docs.mongodb.com/v4.4/tutorial/reconfigure-replica-set-with-unavailable-members).
#       The stack refuses such a step (aksengine/day2.ts): this repairs a set scaled by hand, or by a
#       stack that had not yet recorded its member count.
#   watch      reconcile for ever: every 5 s while something is pending, every 60 s once in sync.
#
# The shell helpers return the server's reply (mongodb/mongo src/mongo/shell/utils.js at r4.4:
# rs.status, rs.initiate, rs.add, rs.remove, rs.reconfig): a failed command answers {ok: 0, code,
# codeName, errmsg}, codes as in src/mongo/base/error_codes.yml; the shell exits non-zero when it
# cannot connect or authenticate. tests/fixtures/fake-mongo answers the same way in the tests.
#
# Environment (reconcile, watch): MONGODB_REPLICA_SET, MONGODB_MEMBERS_FILE (host:port of every
# member, one a line, first member first: a mounted ConfigMap that the kubelet updates in place, so
# it is read afresh on every pass and a new member count needs no restart), MONGODB_SELF (this
# member's host:port), MONGODB_USERNAME and MONGODB_PASSWORD (the root user), MONGODB_AUTH_DIR (a
# memory-backed directory). The credentials never reach an argv (/proc/<pid>/cmdline is
# world-readable on the node): each pass writes the auth call to a file of its own there, mode
# 0600, and gives mongo files to run, not --username/--password.
set -euo pipefail
shopt -s inherit_errexit

readonly LOCAL=localhost:27017
readonly SECONDARY=2

# This pass's private directory (0700, removed when it ends) with the root user's auth call, 0600.
# printf is a bash builtin and jq reads the credentials from its environment: no process gets them
# as arguments. The shell runs its files in order: the auth call first, then the query.
setup_auth() {
  umask 077
  PASS_DIR=$(mktemp -d "${MONGODB_AUTH_DIR:?}/pass.XXXXXX")
  trap 'rm -rf "$PASS_DIR"' EXIT
  printf 'if (!db.getSiblingDB("admin").auth(%s, %s)) { quit(1); }\n' "$(jq -n env.MONGODB_USERNAME)" "$(jq -n env.MONGODB_PASSWORD)" >"$PASS_DIR/auth.js"
}

# The JSON of one expression's value, as the root user.
query() { # <host> <expression>
  printf 'print(JSON.stringify(%s));\n' "$2" >"$PASS_DIR/query.js"
  mongo --quiet --norc --host "$1" "$PASS_DIR/auth.js" "$PASS_DIR/query.js"
}

# MEMBERS from the members file, as it is now: one host:port a line, blank lines ignored.
read_members() {
  local line
  MEMBERS=()
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line//[[:space:]]/}
    if [[ -n $line ]]; then MEMBERS+=("$line"); fi
  done <"$MONGODB_MEMBERS_FILE"
  if ((${#MEMBERS[@]} == 0)); then
    echo "$MONGODB_MEMBERS_FILE lists no member" >&2
    exit 1
  fi
}

# db.isMaster() needs no authentication; it fails only when the member does not answer.
hello() { # <host>
  mongo --quiet --norc --host "$1" --eval 'print(JSON.stringify(db.isMaster()))' 2>/dev/null
}

# A reply's `ok` (0 for a shell helper's plain-text refusal, e.g. rs.remove of an unknown host) and message.
ok_of() { jq -r 'if type == "object" then (.ok // 0) else 0 end' <<<"$1"; }
error_of() { jq -r 'if type == "object" then "\(.codeName // "error"): \(.errmsg // "")" else . end' <<<"$1"; }
js_string() { jq -cn --arg value "$1" '$value'; }
is_member() { # <host> <host>...
  local host=$1 candidate
  shift
  for candidate in "$@"; do [[ $candidate == "$host" ]] && return 0; done
  return 1
}

# The primary as any member knows it (db.isMaster().primary), or failure when none knows one.
find_primary() {
  local host reply primary
  for host in "$LOCAL" "${MEMBERS[@]}"; do
    reply=$(hello "$host") || continue
    primary=$(jq -r '.primary // empty' <<<"$reply")
    if [[ -n $primary ]]; then
      echo "$primary"
      return 0
    fi
  done
  return 1
}

initiate() {
  local host reply config
  for host in "${MEMBERS[@]:1}"; do
    if ! reply=$(hello "$host"); then
      echo "waiting: $host does not answer (the set is initiated only once every member answers)"
      return 0
    fi
    if [[ -n $(jq -r '.setName // empty' <<<"$reply") ]]; then
      echo "waiting: $host is in replica set $(jq -r .setName <<<"$reply"), which has no primary"
      return 0
    fi
  done
  config=$(jq -cn --arg set "$MONGODB_REPLICA_SET" --arg self "$MONGODB_SELF" '{_id: $set, members: [{_id: 0, host: $self}]}')
  if ! reply=$(query "$LOCAL" "rs.initiate($config)"); then
    echo "rs.initiate on $MONGODB_SELF: the mongo shell failed" >&2
    return 1
  fi
  if [[ $(ok_of "$reply") == 1 ]]; then
    echo "initiated $MONGODB_REPLICA_SET with $MONGODB_SELF"
  elif [[ $(jq -r '.code // empty' <<<"$reply") == 23 ]]; then
    echo "waiting: $MONGODB_REPLICA_SET is already initiated (AlreadyInitialized)"
  else
    echo "rs.initiate on $MONGODB_SELF failed: $(error_of "$reply")" >&2
    return 1
  fi
}

# One change of the set's members towards MONGODB_MEMBERS, run by the primary's own pod.
manage_members() {
  local config current host pending=()
  if ! config=$(query "$LOCAL" 'rs.conf()'); then
    echo "waiting: the local mongod does not answer rs.conf()"
    return 0
  fi
  mapfile -t current < <(jq -r '.members[].host' <<<"$config")
  for host in "${MEMBERS[@]}"; do
    is_member "$host" "${current[@]}" && continue
    if hello "$host" >/dev/null; then
      change "rs.add($(js_string "$host"))" "added $host"
      return
    fi
    pending+=("$host")
  done
  for host in "${current[@]}"; do
    if ! is_member "$host" "${MEMBERS[@]}" && [[ $host != "$MONGODB_SELF" ]]; then
      change "rs.remove($(js_string "$host"))" "removed $host"
      return
    fi
  done
  if ((${#pending[@]} > 0)); then
    echo "waiting: ${pending[*]} does not answer yet"
  elif ! is_member "$MONGODB_SELF" "${MEMBERS[@]}"; then
    echo "waiting: this member is no longer configured; it is removed once another member is primary"
  else
    echo "in sync: $MONGODB_REPLICA_SET has ${MEMBERS[*]}"
  fi
}

change() { # <expression> <what it did>
  local reply
  if ! reply=$(query "$LOCAL" "$1"); then
    echo "$1 on $MONGODB_SELF: the mongo shell failed" >&2
    return 1
  fi
  if [[ $(ok_of "$reply") != 1 ]]; then
    echo "$1 on $MONGODB_SELF failed: $(error_of "$reply")" >&2
    return 1
  fi
  echo "$2"
}

# No primary while this member is in the set: only a removal of members faster than the set could
# drop them is repaired here (see the header); anything else is an election or an outage to wait out.
without_primary() { # <rs.status() reply>
  local status=$1 host health state extra=() seen=()
  if [[ $MONGODB_SELF != "${MEMBERS[0]}" ]]; then
    echo "waiting: $MONGODB_REPLICA_SET has no primary"
    return 0
  fi
  while IFS=$'\t' read -r host health state; do
    if is_member "$host" "${MEMBERS[@]}"; then
      seen+=("$host")
      if [[ $state != "$SECONDARY" ]]; then
        echo "waiting: $MONGODB_REPLICA_SET has no primary, and $host is not a healthy SECONDARY"
        return 0
      fi
    # Down means it answers neither the set's heartbeats nor this pod: a member cut off from the
    # others but still running (its pod not yet deleted) could still count in another majority.
    elif [[ $health != 0 ]] || hello "$host" >/dev/null; then
      echo "waiting: $MONGODB_REPLICA_SET has no primary, and $host (no longer configured) still answers"
      return 0
    else
      extra+=("$host")
    fi
  done < <(jq -r '.members[] | [.name, .health, .state] | @tsv' <<<"$status")
  if ((${#extra[@]} == 0 || ${#seen[@]} != ${#MEMBERS[@]})); then
    echo "waiting: $MONGODB_REPLICA_SET has no primary"
    return 0
  fi
  local keep
  keep=$(jq -cn '$ARGS.positional' --args "${MEMBERS[@]}")
  change "(function () { var c = rs.conf(); c.members = c.members.filter(function (m) { return $keep.indexOf(m.host) >= 0; }); return rs.reconfig(c, {force: true}); })()" \
    "reconfigured $MONGODB_REPLICA_SET to ${MEMBERS[*]} with force (removed ${extra[*]}, which no longer exist)"
}

reconcile() {
  local status primary
  if ! status=$(query "$LOCAL" 'rs.status()'); then
    echo "waiting: the local mongod does not answer yet (starting, or still copying its users in an initial sync)"
    return 0
  fi
  if [[ $(ok_of "$status") == 1 ]]; then
    if ! primary=$(find_primary); then
      without_primary "$status"
    elif [[ $primary == "$MONGODB_SELF" ]]; then
      manage_members
    else
      echo "in sync: member of $MONGODB_REPLICA_SET, whose primary $primary manages the members"
    fi
    return
  fi
  case $(jq -r '.code // empty' <<<"$status") in
    # NotYetInitialized (never in a set) or InvalidReplicaSetConfig (removed from it): a primary adds it.
    94 | 93)
      if find_primary >/dev/null; then
        echo "waiting: not in $MONGODB_REPLICA_SET yet; its primary adds this member"
      elif [[ $MONGODB_SELF == "${MEMBERS[0]}" ]]; then
        initiate
      else
        echo "waiting: no primary yet; ${MEMBERS[0]} initiates $MONGODB_REPLICA_SET"
      fi
      ;;
    *)
      echo "rs.status() on $MONGODB_SELF failed: $(error_of "$status")" >&2
      return 1
      ;;
  esac
}

ready() {
  local reply
  reply=$(hello "$LOCAL") || return 1
  [[ $(jq -r '.ismaster == true or .secondary == true' <<<"$reply") == true ]]
}

watch() {
  local outcome last=""
  while true; do
    # Each pass in its own process: one that fails stops there, and the next starts afresh.
    if outcome=$(bash "${BASH_SOURCE[0]}" reconcile); then
      [[ $outcome == "$last" ]] || echo "$outcome"
      last=$outcome
    else
      last=""
    fi
    if [[ $outcome == "in sync"* ]]; then sleep 60; else sleep 5; fi
  done
}

case ${1:-} in
  ready) ready ;;
  reconcile | watch)
    : "${MONGODB_REPLICA_SET:?}" "${MONGODB_SELF:?}" "${MONGODB_USERNAME:?}" "${MONGODB_PASSWORD:?}" "${MONGODB_MEMBERS_FILE:?}" "${MONGODB_AUTH_DIR:?}"
    if [[ $1 == reconcile ]]; then
      read_members
      setup_auth
    fi
    "$1"
    ;;
  *)
    echo "usage: $0 ready|reconcile|watch" >&2
    exit 2
    ;;
esac
