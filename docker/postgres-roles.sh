#!/bin/sh
# Run once by the postgres image on an empty data volume (docker-entrypoint-initdb.d): the two roles of
# #20 and the app database, owned by the owner. The app container then migrates as the owner (the
# `migrate` service) and serves as the application role, which may not rewrite the access trail.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$MAMORI_OWNER_PASSWORD" -v app_password="$MAMORI_APP_PASSWORD" <<'SQL'
create role mamori_owner login password :'owner_password';
create role mamori_app login password :'app_password';
create database mamori owner mamori_owner;
SQL
