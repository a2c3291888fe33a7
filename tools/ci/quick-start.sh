#!/usr/bin/env bash
# Checks the README's quick start from this checkout: `npm start` in the background, the printed curl starts
# the demo export, it SUCCEEDS, Ctrl-C (SIGINT to npm's process group, as a terminal sends it) stops it all
# with exit 0 and no process left; a second `npm start` keeps the API key and still has the export (SQLite).
# Prints PASS/FAIL lines; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
export CI=true NO_COLOR=1
READY_TIMEOUT=${QUICK_START_READY_TIMEOUT:-300}
EXPORT_TIMEOUT=${QUICK_START_EXPORT_TIMEOUT:-120}
STOP_TIMEOUT=${QUICK_START_STOP_TIMEOUT:-60}
LOG_DIR=tmp/quick-start
mkdir -p "$LOG_DIR"

failures=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

npm_pid=""
pgid=""
child_pids=""

# Whatever happens, leave nothing running.
cleanup() {
  [ -n "$pgid" ] && kill -KILL -- "-$pgid" 2>/dev/null
  for pid in $child_pids; do kill -KILL -- "-$pid" 2>/dev/null; done
  return 0
}
trap cleanup EXIT

json_field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{const v=JSON.parse(s)[process.argv[1]];process.stdout.write(v==null?"":String(v))}catch{}})' "$1"; }

# start_stack <run>: starts npm in a session of its own and waits for the ready banner.
start_stack() {
  local log="$LOG_DIR/npm-start-$1.log" started=$SECONDS
  setsid npm start >"$log" 2>&1 &
  npm_pid=$!
  pgid=$(ps -o pgid= -p "$npm_pid" | tr -d ' ')
  until grep -q '^crs-export is ready' "$log"; do
    if ! kill -0 "$npm_pid" 2>/dev/null; then
      fail "run $1: npm start exited before it was ready (log: $log)"; tail -n 30 "$log"; return 1
    fi
    if [ $((SECONDS - started)) -ge "$READY_TIMEOUT" ]; then
      fail "run $1: not ready after ${READY_TIMEOUT}s (log: $log)"; tail -n 30 "$log"; return 1
    fi
    sleep 0.5
  done
  pass "run $1: npm start ready in $((SECONDS - started))s ($(grep -m1 '^crs-export is ready' "$log"))"
  api_key=$(awk '$1 == "API" && $2 == "key" { print $3; exit }' "$log")
  curl_line=$(grep -m1 '^  curl ' "$log" | sed 's/^ *//')
  api_url=$(awk '$1 == "API" && $2 ~ /^http/ { print $2; exit }' "$log")
  child_pids=$(node -e 'console.log(Object.values(require("./.data/stack.json").pids).join(" "))')
  [ -n "$api_key" ] && [ -n "$curl_line" ] && [ -n "$api_url" ] || { fail "run $1: banner lacks the API key, URL or curl"; return 1; }
  return 0
}

# stop_stack <run>: Ctrl-C, then exit 0 and no process left of npm's group or of any service's group.
stop_stack() {
  local started=$SECONDS code
  kill -INT -- "-$pgid"
  while kill -0 "$npm_pid" 2>/dev/null && [ $((SECONDS - started)) -lt "$STOP_TIMEOUT" ]; do sleep 0.2; done
  if kill -0 "$npm_pid" 2>/dev/null; then fail "run $1: npm start still running ${STOP_TIMEOUT}s after SIGINT"; return 1; fi
  wait "$npm_pid"; code=$?
  # npm's `sh -c` (dash) dies of the SIGINT itself, so npm reports 130 even when start.ts exits 0.
  local supervisor
  supervisor=$(sed -n 's/^\[start\] all services stopped; exit code \([0-9]*\)$/\1/p' "$LOG_DIR/npm-start-$1.log")
  if [ "$supervisor" = 0 ] && { [ "$code" -eq 0 ] || [ "$code" -eq 130 ]; }; then
    pass "run $1: stopped on SIGINT in $((SECONDS - started))s (tools/start.ts exit 0, npm $code)"
  else
    fail "run $1: after SIGINT tools/start.ts exit '${supervisor:-none}', npm exit $code"
  fi
  # Orphans are reaped by init a moment after they die: give that up to 5 s before calling them leftovers.
  local left="" tries=0
  while :; do
    left=""
    for group in "$pgid" $child_pids; do
      if kill -0 -- "-$group" 2>/dev/null; then left="$left $(pgrep -g "$group" | tr '\n' ' ')"; fi
    done
    [ -z "${left// /}" ] || [ "$tries" -ge 25 ] && break
    tries=$((tries + 1)); sleep 0.2
  done
  [ -z "${left// /}" ] && pass "run $1: no process left (groups $pgid $child_pids)" || fail "run $1: processes left:$left"
  for port in 3000 7233 8233 8090; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "run $1: port $port still answers"; fi
  done
  pgid=""; child_pids=""
}

echo "=== quick start, run 1"
if start_stack 1; then
  first_key=$api_key
  response=$(bash -c "$curl_line")
  export_id=$(printf '%s' "$response" | json_field exportId)
  if [ -n "$export_id" ]; then pass "run 1: the printed curl started $export_id"; else fail "run 1: the printed curl answered: $response"; fi
  state=""
  deadline=$((SECONDS + EXPORT_TIMEOUT))
  while [ -n "$export_id" ] && [ $SECONDS -lt $deadline ]; do
    state=$(curl -sS -H "Authorization: Bearer $api_key" "$api_url/exports/$export_id" | json_field state)
    case "$state" in SUCCEEDED | FAILED | CANCELLED) break ;; esac
    sleep 1
  done
  [ "$state" = SUCCEEDED ] && pass "run 1: export SUCCEEDED" || fail "run 1: export ended in '${state:-no state}' (timeout ${EXPORT_TIMEOUT}s)"
  stop_stack 1
fi

echo "=== quick start, run 2 (same checkout: the state survives)"
if [ "$failures" -eq 0 ] && start_stack 2; then
  [ "$api_key" = "$first_key" ] && pass "run 2: same API key (kept in .data/api-key)" || fail "run 2: the API key changed"
  state=$(curl -sS -H "Authorization: Bearer $api_key" "$api_url/exports/$export_id" | json_field state)
  [ "$state" = SUCCEEDED ] && pass "run 2: $export_id is still SUCCEEDED" || fail "run 2: $export_id is '${state:-unknown}'"
  stop_stack 2
fi

echo
if [ "$failures" -eq 0 ]; then echo "PASS quick start"; else echo "FAIL quick start ($failures failures; logs in $LOG_DIR)"; exit 1; fi
