#!/bin/sh
# The `scale` profile's replica (docker-compose.yml): on an empty volume, a base backup of `postgres` with
# -R (standby.signal and primary_conninfo) and a replication slot of its own, so that a replica that was
# down catches up; then a hot standby. Runs as the postgres user.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  export PGPASSWORD="$MAMORI_REPLICATION_PASSWORD"
  until pg_isready -h postgres -p 5432 -q; do sleep 1; done
  # The slot survives a lost replica volume: create it only if it is not there yet.
  if ! pg_basebackup -h postgres -U mamori_replicator -D "$PGDATA" -R -X stream -c fast -C -S mamori_replica; then
    rm -rf "${PGDATA:?}"/*
    pg_basebackup -h postgres -U mamori_replicator -D "$PGDATA" -R -X stream -c fast -S mamori_replica
  fi
  chmod 700 "$PGDATA"
fi
# Queries on the standby are not cancelled by the primary's vacuum (Mamori would answer them from the primary).
exec postgres -c hot_standby=on -c hot_standby_feedback=on
