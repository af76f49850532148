#!/usr/bin/env bash
# Run by the postgres image once, on an empty data volume: one database and one owning user per
# service (no service can read another's database). The passwords come from the env file.
set -euo pipefail

create_database() {
  local name=$1 password=$2
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
       -v name="$name" -v password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
}

create_database intake "$INTAKE_DB_PASSWORD"
create_database routing "$ROUTING_DB_PASSWORD"
create_database supervision "$SUPERVISION_DB_PASSWORD"
