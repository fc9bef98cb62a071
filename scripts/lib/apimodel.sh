# shellcheck shell=bash
# Reads (and, for one value, edits) the generated apimodel, _output/apimodel.json, as text: the
# helper has no JSON tool we can count on, and the file's layout is fixed by aks-engine-azurestack,
# which writes it with Go's json.MarshalIndent, two spaces per level (pkg/api/apiloader.go,
# SerializeContainerService; pkg/helpers/helpers.go, JSONMarshalIndent). Each function checks
# that it found exactly what it expects and otherwise fails (returns 1, with a message on stderr)
# instead of guessing; tests/aksengine.real.test.ts runs them on the real binary's output.

apimodel_error() {
  log "error: $*" >&2
  return 1
}

# The cluster's Kubernetes version: the one "orchestratorVersion" line (in orchestratorProfile;
# "orchestratorRelease" is another key).
apimodel_kubernetes_version() {
  local file=$1 found
  [[ -s $file ]] || apimodel_error "$file is missing or empty" || return 1
  found=$(grep -c '"orchestratorVersion"' "$file" || true)
  [[ $found == 1 ]] || apimodel_error "$file has $found \"orchestratorVersion\" keys, expected exactly one (in orchestratorProfile)" || return 1
  found=$(sed -n -E 's/^ *"orchestratorVersion": "([0-9]+\.[0-9]+\.[0-9]+)",?$/\1/p' "$file")
  [[ -n $found ]] || apimodel_error "cannot read the Kubernetes version from the \"orchestratorVersion\" line of $file" || return 1
  printf '%s\n' "$found"
}

# The awk program behind the two functions below: walks the "agentPoolProfiles" array of
# "properties" (4 spaces deep; its pools' braces at 6, their keys at 8) and, for the pool named
# $pool, prints its count (mode=get) or the whole file with that count replaced (mode=set).
# Fails (exit 3) unless exactly one pool of that name with exactly one "count" line was found.
# shellcheck disable=SC2016 # awk's $0, not the shell's
APIMODEL_POOL_AWK='
  function flush(   i) {
    if (named && counts == 1) { matched++; found = count }
    if (named && counts != 1) { bad = 1 }
    for (i = 1; i <= n; i++) {
      if (mode == "set" && named && i == countline) sub(/[0-9]+/, newcount, buf[i])
      if (mode == "set") print buf[i]
    }
    n = 0; named = 0; counts = 0
  }
  /^    "agentPoolProfiles": \[$/ { inpools = 1; if (mode == "set") print; next }
  inpools && /^    \],?$/ { flush(); inpools = 0; if (mode == "set") print; next }
  inpools && /^      \{$/ { flush(); inobject = 1 }
  inpools && inobject {
    buf[++n] = $0
    if ($0 ~ "^        \"name\": \"" pool "\",?$") named = 1
    if ($0 ~ /^        "count": [0-9]+,?$/) { counts++; countline = n; count = $0; gsub(/[^0-9]/, "", count) }
    if ($0 ~ /^      \},?$/) { flush(); inobject = 0 }
    next
  }
  { if (mode == "set") print }
  END {
    if (matched != 1 || bad) exit 3
    if (mode == "get") print found
  }'

# The count of node pool $2 in apimodel $1.
apimodel_pool_count() {
  local file=$1 pool=$2
  [[ $pool =~ ^[a-z][a-z0-9]{0,11}$ ]] || apimodel_error "invalid node pool name: $pool" || return 1
  [[ -s $file ]] || apimodel_error "$file is missing or empty" || return 1
  awk -v mode=get -v pool="$pool" "$APIMODEL_POOL_AWK" "$file" ||
    apimodel_error "node pool $pool (with one count) is not in the agentPoolProfiles of $file"
}

# Sets the count of node pool $2 in apimodel $1 to $3, changing nothing else; the file stays private.
apimodel_set_pool_count() {
  local file=$1 pool=$2 count=$3
  [[ $count =~ ^[1-9][0-9]*$ ]] || apimodel_error "invalid node count: $count" || return 1
  apimodel_pool_count "$file" "$pool" >/dev/null || return 1
  (umask 077 && awk -v mode=set -v pool="$pool" -v newcount="$count" "$APIMODEL_POOL_AWK" "$file" >"$file.count.tmp") ||
    { rm -f "$file.count.tmp"; apimodel_error "cannot rewrite $file"; return 1; }
  mv -f "$file.count.tmp" "$file"
}

# The cluster service principal's secret (servicePrincipalProfile.secret, 4 and 6 spaces deep),
# as it is in the file (JSON-escaped; "" when there is none): what a script redacts from
# aks-engine's output besides its own credential.
apimodel_cluster_secret_json() {
  [[ -s $1 ]] || return 0
  # shellcheck disable=SC2016 # awk's $0, not the shell's
  awk '
    /^    "servicePrincipalProfile": \{$/ { inside = 1; next }
    inside && /^    \},?$/ { inside = 0 }
    inside && /^      "secret": "/ {
      value = $0
      sub(/^      "secret": "/, "", value)
      sub(/",?$/, "", value)
      print value
      exit
    }' "$1"
}

# The same, JSON-unescaped (Go escapes only \ and " in it: the deploy refuses control characters).
apimodel_cluster_secret() {
  apimodel_cluster_secret_json "$1" | sed -E 's/\\(["\\/])/\1/g'
}
