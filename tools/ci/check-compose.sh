#!/usr/bin/env bash
# Validates docker-compose.yml with .env.example (no Docker engine needed), installing docker-compose if missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v docker-compose >/dev/null 2>&1; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  echo "[compose] installing Debian's docker-compose package"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
fi
echo "[compose] $(docker-compose version --short 2>/dev/null || docker-compose --version)"
docker-compose -f docker-compose.yml --env-file .env.example config -q
# The simulator profile must also resolve.
docker-compose -f docker-compose.yml --env-file .env.example --profile simulator config -q
# Every variable the compose file reads must be listed (and explained) in .env.example.
missing=""
for name in $(grep -o '\${[A-Z0-9_]*' docker-compose.yml | tr -d '${' | sort -u); do
  grep -q "^${name}=" .env.example || missing="$missing $name"
done
if [ -n "$missing" ]; then
  echo "[compose] FAIL .env.example does not list:$missing"
  exit 1
fi
echo "[compose] PASS docker-compose.yml is valid with .env.example, which lists every variable it reads"
