# shellcheck shell=bash
# shellcheck disable=SC2034 # the layout variables are used by the scripts that source this file
# Helpers shared by the helper-VM scripts (sourced, never run on its own).

# Layout of the work directory; every script takes --work and derives the rest from it, and runs
# from it: aks-engine-azurestack writes a translations/ directory into its working directory.
set_layout() {
  WORK=$1
  cd "$WORK" || die "the work directory $WORK is missing; the work-dir step must run first"
  BIN="$WORK/bin/aks-engine-azurestack"
  CLUSTER="$WORK/cluster"
  INPUT_APIMODEL="$CLUSTER/apimodel.input.json"
  CLIENT_CERT="$CLUSTER/client-certificate.pem"
  OUT="$CLUSTER/_output"
  STATE="$CLUSTER/state"
  MARKER="$STATE/deployed"
  # The cluster's identity (cluster_identity), written by the first deploy attempt or a restore.
  IDENTITY="$STATE/deploy.identity"
  # The aks-engine-azurestack release that last wrote $OUT/apimodel.json (read-apimodel.sh reports it).
  RELEASE="$STATE/apimodel.release"
  # The uploaded apimodel plus the cluster's service principal secret; exists only while deploy runs.
  DEPLOY_APIMODEL="$STATE/apimodel.deploy.json"
}

log() {
  printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"
}

die() {
  log "error: $*" >&2
  exit 1
}

# aks-engine colours its logs even without a TTY.
strip_ansi() {
  sed -u -E $'s/\x1b\\[[0-9;]*[A-Za-z]//g'
}

# Strips colours and removes secrets: the literal values given as arguments (empty ones are
# ignored), the values of secret-bearing flags, and whole PEM private-key blocks.
sanitize() {
  local line secret
  strip_ansi | while IFS= read -r line || [[ -n $line ]]; do
    for secret in "$@"; do
      if [[ -n $secret ]]; then line=${line//"$secret"/[redacted]}; fi
    done
    printf '%s\n' "$line"
  done | sed -u -E \
    -e 's/(--client-secret|--secret|--private-key-password)([= ]+)[^ ]+/\1\2[redacted]/g' \
    -e '/-----BEGIN [A-Z ]*PRIVATE KEY-----/,/-----END [A-Z ]*PRIVATE KEY-----/c\[redacted private key]'
}

# Reads one of the flags naming the cluster's identity, shared by the deploy and restore steps,
# into the variable of that name; returns 1 for any other flag.
identity_flag() {
  case $1 in
    --location) location=$2 ;;
    --resource-group) resource_group=$2 ;;
    --subscription-id) subscription_id=$2 ;;
    --cluster-client-id) cluster_client_id=$2 ;;
    *) return 1 ;;
  esac
}

# What a cluster is, recorded with its first deploy attempt (and by a restore) so that a later run
# with other values fails instead of reporting the old cluster as deployed.
cluster_identity() {
  printf 'location=%s resource-group=%s subscription=%s cluster-client-id=%s\n' "$1" "$2" "$3" "$4"
}

# With client-secret sign-in aks-engine-azurestack takes the secret only as --client-secret
# (cmd/root.go, addAuthFlags; no file or environment alternative), so its command line holds it
# for the whole run. Refuse unless /proc hides other users' processes (hidepid), or $1 is true.
require_private_process_list() {
  local options
  options=$(awk '$2 == "/proc" { options = $4 } END { print options }' /proc/mounts)
  [[ ,$options, =~ ,hidepid=(1|2|4|noaccess|invisible|ptraceable), ]] && return 0
  [[ ${1:-} == true ]] && return 0
  die "with client-secret sign-in aks-engine-azurestack takes the secret on its command line, and /proc on this helper is mounted without hidepid, so other users can read it while aks-engine runs. Remount it (sudo mount -o remount,hidepid=2 /proc, and add hidepid=2 to its /etc/fstab line), or sign in with a certificate (hubAuthMethod client_certificate), or accept the exposure with: pulumi config set helperAllowSecretInProcessList true"
}

# Version reported by an aks-engine-azurestack binary, e.g. v0.85.0.
binary_version() {
  "$1" version 2>/dev/null | strip_ansi | sed -n -E 's/^Version: *//p' | head -n 1
}

require_value() {
  [[ -n ${2:-} ]] || die "missing $1"
}

# Fails unless this helper's cluster, if it has one, has the identity $1 (cluster_identity): a
# deploy or a day-2 operation with another location, resource group, subscription or service
# principal must not act on (or report) the cluster recorded here. A record from before the
# identity named the service principal is completed with it.
check_cluster_identity() {
  local identity=$1
  if [[ -f $IDENTITY && $(cat "$IDENTITY") == "${identity% cluster-client-id=*}" ]]; then
    echo "$identity" >"$IDENTITY"
  fi
  if [[ -f $IDENTITY && $(cat "$IDENTITY") != "$identity" ]]; then
    die "this helper's cluster was deployed as '$(cat "$IDENTITY")', not '$identity': the location, resource group, subscription and service principal (clusterClientId) of a cluster cannot change here. Restore the previous values in the stack's config (or deploy a new stamp)."
  fi
}
