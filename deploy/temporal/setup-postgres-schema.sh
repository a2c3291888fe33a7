#!/bin/sh
# Creates (or upgrades) Temporal's two PostgreSQL databases and their schemas; safe to run on every `up`.
#   POSTGRES_SEEDS, DB_PORT, POSTGRES_USER, SQL_PASSWORD (read by temporal-sql-tool itself),
#   TEMPORAL_DB (default temporal), TEMPORAL_VISIBILITY_DB (default temporal_visibility).
# POSIX sh: runs in temporalio/admin-tools, which ships temporal-sql-tool and the schema files.
set -eu

: "${POSTGRES_SEEDS:?POSTGRES_SEEDS (the PostgreSQL host) is required}"
: "${POSTGRES_USER:?POSTGRES_USER is required}"
: "${SQL_PASSWORD:?SQL_PASSWORD is required}"
port=${DB_PORT:-5432}
schema_root=${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}

log() { echo "[setup-postgres-schema] $*"; }
sql_tool() { temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$port" -u "$POSTGRES_USER" "$@"; }

setup() {
  database=$1
  versioned=$2
  # `create` also succeeds when the database exists (temporal-sql-tool ignores PostgreSQL's duplicate_database),
  # so a failure here is real (unreachable server, wrong password) and stops the job with its own message.
  sql_tool --db "$database" create
  log "database $database exists"
  # setup-schema at 0.0 only creates the version table when missing; update-schema applies what is new.
  sql_tool --db "$database" setup-schema -v 0.0
  sql_tool --db "$database" update-schema -d "$schema_root/$versioned/versioned"
  log "database $database is at the schema of this Temporal version"
}

setup "${TEMPORAL_DB:-temporal}" temporal
setup "${TEMPORAL_VISIBILITY_DB:-temporal_visibility}" visibility
