#!/bin/sh
# Run once by the postgres image on an empty data volume (docker-entrypoint-initdb.d): the role the `scale`
# profile's replica streams as, and the one pg_hba line that lets it (replication connections match no
# `all` line). A replica of an existing volume needs the same two things done by hand (docs/scaling.md).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v password="$MAMORI_REPLICATION_PASSWORD" <<'SQL'
create role mamori_replicator with replication login password :'password';
SQL
echo "host replication mamori_replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
