# shellcheck shell=bash
# shellcheck disable=SC2034 # the flag variables are read by the scripts that source this file
# Runs one aks-engine-azurestack operation (deploy, upgrade, node image refresh, scale) detached
# from the SSH session, so that it survives SSH drops and re-runs, one operation at a time on the
# helper. Sourced after lib/common.sh by deploy-cluster.sh and the day-2 scripts.
#
# An operation runs for minutes to hours, longer than an idle SSH session lives (DESIGN.md
# section 6). So aks-engine-worker.sh runs it under setsid nohup while the script that started it
# polls and prints a progress line every --poll-seconds, with the sanitised last line of its log.
# A re-run while it runs resumes the wait instead of starting another one.
#
# Every operation OP keeps under $STATE:
#   OP.log       aks-engine's output, sanitised (no colours, no credential), every attempt appended
#   OP.attempts  the number of attempts started
#   OP.request   what the last attempt was asked to do (so a re-run knows whether it was its own)
#   OP.exitcode  the last attempt's exit code once it ended; "interrupted" when its worker vanished
#   OP.lock      held by OP's worker while it runs
# and all of them share operations.lock, held by whichever worker runs: deploy, upgrade and scale
# all rewrite _output/apimodel.json, so two of them must never run at the same time. An operation
# that finds another one running waits for it (with progress lines) instead of failing.
#
# A script sets the flags (operation_flag, check_operation_flags), calls operation_init, fills
# OP_SECRETS, OP_REQUEST_TEXT and OP_RETRY_HINT, defines operation_plan and calls run_operation.

OPERATION_SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Every operation that takes the helper's operation lock, for naming the one that runs.
OPERATIONS=(deploy upgrade node-image-refresh scale)

# The flags deploy and every day-2 operation share, with their defaults.
work="" location="" resource_group="" subscription_id="" client_id="" cluster_client_id="" auth_method="" identity_system=""
poll_seconds=30 max_wait_seconds=10800 allow_secret_in_process_list=false

# Reads one of the shared flags (the identity flags through identity_flag) into its variable;
# returns 1 for any other flag.
operation_flag() {
  case $1 in
    --work) work=$2 ;;
    --client-id) client_id=$2 ;;
    --allow-secret-in-process-list) allow_secret_in_process_list=$2 ;;
    --auth-method) auth_method=$2 ;;
    --identity-system) identity_system=$2 ;;
    --poll-seconds) poll_seconds=$2 ;;
    --max-wait-seconds) max_wait_seconds=$2 ;;
    *) identity_flag "$1" "$2" ;;
  esac
}

check_operation_flags() {
  local flag
  for flag in work location resource_group subscription_id client_id cluster_client_id auth_method identity_system; do
    require_value "--${flag//_/-}" "${!flag}"
  done
  case $auth_method in client_secret | client_certificate) ;; *) die "--auth-method must be client_secret or client_certificate" ;; esac
  case $identity_system in azure_ad | adfs) ;; *) die "--identity-system must be azure_ad or adfs" ;; esac
  [[ $poll_seconds =~ ^[1-9][0-9]*$ ]] || die "--poll-seconds must be a positive number of seconds"
  [[ $max_wait_seconds =~ ^[0-9]+$ ]] || die "--max-wait-seconds must be a number of seconds"
}

# The hub and sign-in flags every aks-engine-azurestack operation gets (the credential's own
# flags are added by the worker). --identity-system always: deploy writes it into the apimodel.
hub_args() {
  HUB_ARGS=(--azure-env AzureStackCloud --location "$location" --resource-group "$resource_group"
    --subscription-id "$subscription_id" --client-id "$client_id" --auth-method "$auth_method"
    --identity-system "$identity_system")
}

# operation_init NAME LABEL INDEFINITE COMMAND, e.g. upgrade upgrade "an upgrade" "aks-engine-azurestack upgrade".
# NAME names the state files; the others are how messages name the operation. Needs set_layout.
operation_init() {
  OP=$1 OP_LABEL=$2 OP_INDEFINITE=$3 OP_COMMAND=$4
  OPERATIONS_LOCK="$STATE/operations.lock"
  OP_LOCK="$STATE/$OP.lock"
  OP_LOG="$STATE/$OP.log"
  OP_EXITCODE="$STATE/$OP.exitcode"
  OP_ATTEMPTS="$STATE/$OP.attempts"
  OP_REQUEST="$STATE/$OP.request"
  OP_SECRETS=()
  OP_ARGS=()
  OP_WORKER_ARGS=()
  OP_REQUEST_TEXT=$OP
  OP_RETRY_HINT="run pulumi up again to retry"
  OP_STARTED=$SECONDS
  mkdir -p "$STATE"
  chmod 700 "$STATE"
  hub_args
}

# Callbacks a script may redefine.
# operation_plan: runs holding the operation lock, once no operation runs. Returns 1 when there is
# nothing to do (after saying why); otherwise fills OP_ARGS (aks-engine's arguments) and may add
# OP_WORKER_ARGS (aks-engine-worker.sh's --success-* options).
operation_plan() {
  die "operation_plan is not defined"
}
# operation_prepare: runs right before the worker starts, after what a killed worker left is gone.
operation_prepare() {
  :
}
# operation_found_interrupted: the last attempt's worker vanished (helper reboot, OOM kill) while
# nobody waited for it. By default an operation that is safe to re-issue is: aks-engine upgrade and
# scale pick up where they stopped.
operation_found_interrupted() {
  echo interrupted >"$OP_EXITCODE"
  log "$OP_LABEL attempt $(attempt_number) was interrupted on the helper (rebooted?) before aks-engine-azurestack finished; running it again if still needed"
}
# operation_interrupted: the worker vanished while this script waited for it.
operation_interrupted() {
  echo interrupted >"$OP_EXITCODE"
  {
    log "$OP_LABEL attempt $(attempt_number) was interrupted on the helper (rebooted?) before aks-engine-azurestack finished. Last log lines:"
    tail -n 20 "$OP_LOG" 2>/dev/null | sanitize "${OP_SECRETS[@]}"
  } >&2
  die "$OP_RETRY_HINT"
}

lock_held() {
  [[ -f $1 ]] && ! flock -n "$1" true
}

operation_running() {
  lock_held "$OP_LOCK"
}

attempt_number() {
  cat "$OP_ATTEMPTS" 2>/dev/null || echo 0
}

# The sanitised last non-empty line of a log ($1, default this operation's).
last_log_line() {
  tail -n 20 "${1:-$OP_LOG}" 2>/dev/null | sanitize "${OP_SECRETS[@]}" | grep -v '^[[:space:]]*$' | tail -n 1 | cut -c 1-200
}

# The operation whose worker holds the lock now.
running_operation() {
  local op
  for op in "${OPERATIONS[@]}"; do
    if lock_held "$STATE/$op.lock"; then
      echo "$op"
      return 0
    fi
  done
  echo "other operation"
}

# Checks what starting aks-engine needs: its credential (read from stdin into $credential), the
# binary, and, for a client secret, a process list that hides it from other users.
require_credential() {
  [[ -n ${credential:-} ]] || die "no service principal credential on stdin"
  [[ -x $BIN ]] || die "$BIN is missing; the install step must run first"
  [[ $auth_method == client_certificate ]] || require_private_process_list "$allow_secret_in_process_list"
}

# Starts the worker for a new attempt. Runs holding the operation lock on fd 9, which it hands to
# the worker together with this operation's own lock, so that no poller sees "not running" in between.
start_worker() {
  local attempt=$(($(attempt_number) + 1))
  # What a killed worker may have left, secrets included, goes before this attempt writes its own.
  # The exit code goes before this operation's lock is taken: a re-run resuming the wait must not read the last one.
  rm -rf "$OP_EXITCODE" "$STATE/credential" "$STATE/credential.redact" "$DEPLOY_APIMODEL" "$STATE"/tmp.*
  echo "$attempt" >"$OP_ATTEMPTS"
  printf '%s\n' "$OP_REQUEST_TEXT" >"$OP_REQUEST"
  operation_prepare
  # The worker keeps the log free of every secret this script knows (NUL-separated, read and removed at once).
  (umask 077 && printf '%s' "$credential" >"$STATE/credential" && printf '%s\0' "${OP_SECRETS[@]}" >"$STATE/credential.redact" && touch "$OP_LOG")
  exec 8>>"$OP_LOCK"
  flock -n 8 || die "$OP_LOCK is held although the operation lock is ours; run pulumi up again"
  log "starting $OP_COMMAND, attempt $attempt (log: $OP_LOG)"
  # shellcheck disable=SC2153 # WORK comes from set_layout
  setsid nohup bash "$OPERATION_SCRIPTS/aks-engine-worker.sh" --work "$WORK" --operation "$OP" --auth-method "$auth_method" \
    "${OP_WORKER_ARGS[@]}" -- "${OP_ARGS[@]}" >>"$OP_LOG" 2>&1 </dev/null 8>&8 9>&9 &
  exec 8>&- 9>&-
}

# Polls until this operation's worker has written its exit code, with a progress line every
# --poll-seconds; gives up (the worker goes on) after --max-wait-seconds.
wait_for_worker() {
  local i elapsed
  while [[ ! -f $OP_EXITCODE ]]; do
    for ((i = 0; i < poll_seconds; i++)); do
      [[ -f $OP_EXITCODE ]] && break
      sleep 1
    done
    [[ -f $OP_EXITCODE ]] && break
    elapsed=$((SECONDS - OP_STARTED))
    if ! operation_running && [[ ! -f $OP_EXITCODE ]]; then
      sleep 1
      [[ -f $OP_EXITCODE ]] || operation_interrupted
      break
    fi
    log "$OP_LABEL running, ${elapsed}s so far (attempt $(attempt_number)); last: $(last_log_line)"
    if ((elapsed >= max_wait_seconds)); then
      die "$OP_LABEL still running after ${elapsed}s; it continues on the helper. Run pulumi up again to resume waiting."
    fi
  done
}

# Waits up to one --poll-seconds for the operation lock, held by another operation, to be free,
# then prints a progress line; gives up after --max-wait-seconds.
wait_for_other_operation() {
  local other=$1 i elapsed
  for ((i = 0; i < poll_seconds; i++)); do
    lock_held "$OPERATIONS_LOCK" || return 0
    sleep 1
  done
  elapsed=$((SECONDS - OP_STARTED))
  log "waiting for the $other running on this helper to finish, ${elapsed}s so far; last: $(last_log_line "$STATE/$other.log")"
  if ((elapsed >= max_wait_seconds)); then
    die "still waiting after ${elapsed}s for the $other running on this helper, which continues there. Run pulumi up again to resume waiting."
  fi
}

# Reports how the last attempt ended: returns on success, exits 1 with a sanitised tail otherwise.
report_result() {
  local code
  code=$(cat "$OP_EXITCODE")
  if [[ $code == 0 ]]; then
    log "$OP_COMMAND succeeded (attempt $(attempt_number))"
    return 0
  fi
  {
    if [[ $code == 2 ]]; then
      log "aks-engine-azurestack panicked (exit 2). This usually means the hub's ARM endpoint is unreachable from the helper or its TLS certificate is not trusted (see hubRootCaPem)."
    fi
    log "$OP_COMMAND failed with exit code $code (attempt $(attempt_number)). Last log lines, sanitised:"
    tail -n 40 "$OP_LOG" | sanitize "${OP_SECRETS[@]}"
    log "$OP_RETRY_HINT"
  } >&2
  exit 1
}

# Runs the operation: resumes waiting for its worker if one runs, waits for any other operation,
# then (holding the lock) plans, starts a new attempt and waits for it. Returns 0 when it
# succeeded or there was nothing to do; exits 1 when it failed.
run_operation() {
  local waiting_for="" other previous
  OP_STARTED=$SECONDS
  while true; do
    if operation_running; then
      log "$OP_INDEFINITE (attempt $(attempt_number)) is already running on this helper; resuming the wait"
      wait_for_worker
      # An attempt started by scripts that did not record requests yet counts as this one.
      previous=$(cat "$OP_REQUEST" 2>/dev/null || true)
      if [[ -z $previous || $previous == "$OP_REQUEST_TEXT" ]]; then
        report_result
        return 0
      fi
      log "that $OP_LABEL was asked to $previous and ended with exit code $(cat "$OP_EXITCODE"); now: $OP_REQUEST_TEXT"
      continue
    fi
    exec 9>>"$OPERATIONS_LOCK"
    if flock -n 9; then
      break
    fi
    exec 9>&-
    other=$(running_operation)
    if [[ $other != "$waiting_for" ]]; then
      log "the $other is running on this helper; waiting for it to finish (one operation at a time: they rewrite $OUT/apimodel.json)"
      waiting_for=$other
    fi
    wait_for_other_operation "$other"
  done

  # The operation lock is ours (fd 9): nothing runs, and nothing else starts.
  if [[ -f $OP_ATTEMPTS && ! -f $OP_EXITCODE ]]; then
    operation_found_interrupted
  fi
  if ! operation_plan; then
    exec 9>&-
    return 0
  fi
  if [[ -f $OP_EXITCODE && $(cat "$OP_EXITCODE") != 0 ]]; then
    log "previous $OP_LABEL attempt $(attempt_number) ended with exit code $(cat "$OP_EXITCODE"); retrying"
  fi
  start_worker
  wait_for_worker
  report_result
}

# What every day-2 script (upgrade, node image refresh, scale; they source lib/apimodel.sh too)
# does after reading its flags: checks the shared ones, reads aks-engine's credential (all of
# stdin, never echoed), and refuses a cluster identity other than the recorded one. Arguments:
# those of operation_init.
day2_init() {
  check_operation_flags
  set_layout "$work"
  operation_init "$@"
  credential=$(cat)
  OP_SECRETS=("$credential")
  check_cluster_identity "$(cluster_identity "$location" "$resource_group" "$subscription_id" "$cluster_client_id")"
}

# Day-2 operations act on a deployed cluster only. Checked holding the operation lock (in
# operation_plan), so that a deploy still running is waited for first. What aks-engine prints
# about the cluster is redacted of its service principal's secret too, which the generated
# apimodel holds (raw and JSON-escaped).
require_deployed_cluster() {
  [[ -f $MARKER ]] || die "no deployed cluster on this helper ($MARKER is missing): the deploy step must succeed before $OP_INDEFINITE can run"
  [[ -s $OUT/apimodel.json ]] || die "$OUT/apimodel.json is missing or empty although the cluster is deployed here"
  OP_SECRETS=("$credential" "$(apimodel_cluster_secret "$OUT/apimodel.json")" "$(apimodel_cluster_secret_json "$OUT/apimodel.json")")
}
