#!/usr/bin/env bash
# Checks docker-compose.yml without a Docker engine:
#  - `docker-compose config` with .env.example (with and without the simulator and tools profiles), when
#    docker-compose is there or Debian's package can be installed; skipped with a note otherwise;
#  - .env.example lists every variable the compose file reads, and nothing it does not read;
#  - the hardening rules (tools/ci/check-compose-hardening.ts, node only): read_only with a tmpfs /tmp,
#    cap_drop ALL, no-new-privileges and init on each of our services; the default region and the other
#    settings the API and the worker share passed alike; ports on 127.0.0.1; no secret written in the file;
#    no test-only setting in Temporal's production dynamic config.
set -euo pipefail
cd "$(dirname "$0")/../.."
failed=0

if ! command -v docker-compose >/dev/null 2>&1; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  echo "[compose] installing Debian's docker-compose package"
  if ! { $sudo_cmd apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends docker-compose >/dev/null; }; then
    echo "[compose] docker-compose cannot be installed here: skipping its validation (the checks below still run)"
  fi
fi
if command -v docker-compose >/dev/null 2>&1; then
  echo "[compose] $(docker-compose version --short 2>/dev/null || docker-compose --version)"
  for profiles in "" "--profile simulator" "--profile tools"; do
    # shellcheck disable=SC2086 # the profile flags are meant to split
    if docker-compose -f docker-compose.yml --env-file .env.example $profiles config -q; then
      echo "[compose] PASS docker-compose config ${profiles:-(default profile)}"
    else
      echo "[compose] FAIL docker-compose config ${profiles:-(default profile)}"
      failed=1
    fi
  done
fi

# Every variable the compose file reads must be listed (and explained) in .env.example, and the other way round.
read_vars=$(grep -o '\${[A-Z0-9_]*' docker-compose.yml | tr -d '${' | sort -u)
listed_vars=$(grep -o '^[A-Z0-9_]*=' .env.example | tr -d '=' | sort -u)
missing=$(comm -23 <(printf '%s\n' "$read_vars") <(printf '%s\n' "$listed_vars") | tr '\n' ' ')
unused=$(comm -13 <(printf '%s\n' "$read_vars") <(printf '%s\n' "$listed_vars") | tr '\n' ' ')
if [ -n "${missing// /}" ]; then
  echo "[compose] FAIL .env.example does not list: $missing"
  failed=1
fi
if [ -n "${unused// /}" ]; then
  echo "[compose] FAIL .env.example lists variables docker-compose.yml does not read: $unused"
  failed=1
fi
if [ -z "${missing// /}" ] && [ -z "${unused// /}" ]; then
  echo "[compose] PASS .env.example lists exactly the variables docker-compose.yml reads"
fi

node tools/run-ts.cjs tools/ci/check-compose-hardening.ts docker-compose.yml || failed=1

if [ "$failed" -ne 0 ]; then
  echo "[compose] FAIL"
  exit 1
fi
echo "[compose] PASS docker-compose.yml"
