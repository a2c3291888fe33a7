#!/usr/bin/env bash
# Makes sure Debian's redis-check-rdb and redis-server are on PATH for the RDB tests, without starting the service.
set -euo pipefail

have_tools() {
  command -v redis-check-rdb >/dev/null 2>&1 && command -v redis-server >/dev/null 2>&1
}

if have_tools; then
  echo "[redis-tools] $(redis-server --version | head -n 1)"
  exit 0
fi

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "[redis-tools] redis-check-rdb/redis-server are missing and this user cannot install packages (not root, no sudo)" >&2
    exit 1
  fi
  sudo_cmd="sudo"
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "[redis-tools] redis-check-rdb/redis-server are missing and apt-get is not available: install redis-tools and redis-server (Redis 7.0) by hand" >&2
  exit 1
fi

# Debian starts a package's service on install unless policy-rc.d forbids it (exit 101); the tests start
# their own redis-server on a free port, so the system one must stay stopped. Keep any existing policy.
policy=/usr/sbin/policy-rc.d
restore_policy=""
if [ -e "$policy" ]; then
  restore_policy="$(mktemp)"
  $sudo_cmd cp -p "$policy" "$restore_policy"
fi
cleanup() {
  if [ -n "$restore_policy" ]; then
    $sudo_cmd mv -f "$restore_policy" "$policy"
  else
    $sudo_cmd rm -f "$policy"
  fi
}
trap cleanup EXIT
printf '#!/bin/sh\nexit 101\n' | $sudo_cmd tee "$policy" >/dev/null
$sudo_cmd chmod 755 "$policy"

echo "[redis-tools] installing Debian's redis-tools and redis-server"
if ! DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends redis-tools redis-server >/dev/null; then
  # The package lists may be stale or absent on a fresh machine.
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends redis-tools redis-server >/dev/null
fi

if ! have_tools; then
  echo "[redis-tools] apt-get finished but redis-check-rdb/redis-server are still not on PATH" >&2
  exit 1
fi
echo "[redis-tools] $(redis-server --version | head -n 1)"
