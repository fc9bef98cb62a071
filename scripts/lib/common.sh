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
  # The uploaded apimodel plus the cluster's service principal secret; exists only while deploy runs.
  DEPLOY_APIMODEL="$STATE/apimodel.deploy.json"
}

# For the scripts whose only argument is --work DIR.
set_layout_from_args() {
  [[ $# -eq 2 && $1 == --work && -n $2 ]] || die "usage: $(basename "$0") --work DIR"
  set_layout "$2"
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

# Strips colours and removes secrets: the literal value given as $1 (if any), the values of
# secret-bearing flags, and whole PEM private-key blocks.
sanitize() {
  local secret=${1:-} line
  strip_ansi | while IFS= read -r line || [[ -n $line ]]; do
    if [[ -n $secret ]]; then line=${line//"$secret"/[redacted]}; fi
    printf '%s\n' "$line"
  done | sed -u -E \
    -e 's/(--client-secret|--secret|--private-key-password)([= ]+)[^ ]+/\1\2[redacted]/g' \
    -e '/-----BEGIN [A-Z ]*PRIVATE KEY-----/,/-----END [A-Z ]*PRIVATE KEY-----/c\[redacted private key]'
}

# Version reported by an aks-engine-azurestack binary, e.g. v0.85.0.
binary_version() {
  "$1" version 2>/dev/null | strip_ansi | sed -n -E 's/^Version: *//p' | head -n 1
}

require_value() {
  [[ -n ${2:-} ]] || die "missing $1"
}
