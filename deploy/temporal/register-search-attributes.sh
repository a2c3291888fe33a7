#!/bin/sh
# Makes a Temporal namespace ready for crs-export: the namespace, and the Keyword search attributes RedisId,
# BackupId, ExportState, BatchId and BatchState. Safe to run any number of times (compose runs it on every `up`).
#   TEMPORAL_ADDRESS (host:port, default 127.0.0.1:7233), TEMPORAL_NAMESPACE (default default),
#   TEMPORAL_CLI (the temporal binary, default temporal), NAMESPACE_RETENTION (default 72h),
#   WAIT_SECONDS (how long to wait for the cluster, default 120). POSIX sh: runs in temporalio/admin-tools.
set -eu

address=${TEMPORAL_ADDRESS:-127.0.0.1:7233}
namespace=${TEMPORAL_NAMESPACE:-default}
temporal=${TEMPORAL_CLI:-temporal}
retention=${NAMESPACE_RETENTION:-72h}
wait_seconds=${WAIT_SECONDS:-120}
attributes="RedisId BackupId ExportState BatchId BatchState"

log() { echo "[register-search-attributes] $*"; }
cli() { "$temporal" --address "$address" --color never "$@"; }

deadline=$(($(date +%s) + wait_seconds))
until cli operator cluster health >/dev/null 2>&1; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    log "Temporal at $address is not healthy after ${wait_seconds}s"
    exit 1
  fi
  sleep 2
done
log "Temporal at $address is serving"

if cli operator namespace describe --namespace "$namespace" >/dev/null 2>&1; then
  log "namespace $namespace exists"
else
  log "creating namespace $namespace (retention $retention)"
  cli operator namespace create --namespace "$namespace" --retention "$retention"
fi

# A new namespace takes a few seconds to reach every frontend's cache: retry until it can be read.
listed=""
until listed=$(cli operator search-attribute list --namespace "$namespace" --output json 2>/dev/null); do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    log "cannot list the search attributes of $namespace"
    exit 1
  fi
  sleep 2
done

for name in $attributes; do
  # The JSON holds one "Name": "INDEXED_VALUE_TYPE_..." pair per attribute.
  type=$(printf '%s\n' "$listed" | sed -n "s/^ *\"$name\": *\"INDEXED_VALUE_TYPE_\([A-Z_]*\)\".*/\1/p" | head -n 1)
  case "$type" in
    KEYWORD)
      log "$name is already a Keyword"
      ;;
    "")
      log "creating $name (Keyword)"
      cli operator search-attribute create --namespace "$namespace" --name "$name" --type Keyword
      ;;
    *)
      log "$name exists with type $type, not Keyword: crs-export cannot use this namespace as it is"
      exit 1
      ;;
  esac
done

# The frontend maps new attributes once its namespace cache has caught up (about a second here): until then a
# start using them fails with "no mapping defined for search attribute". Wait until a query naming them all is
# accepted, so that the first export after this job already gets them.
query=""
for name in $attributes; do query="${query:+$query AND }$name = ''"; done
until cli workflow count --namespace "$namespace" --query "$query" >/dev/null 2>&1; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    log "the search attributes of $namespace are registered but not usable in queries after ${wait_seconds}s"
    exit 1
  fi
  sleep 1
done
log "namespace $namespace is ready: $attributes"
