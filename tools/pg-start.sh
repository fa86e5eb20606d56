#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the tests and prints its DATABASE_URL.
# As root, initdb refuses to run: the cluster belongs to the postgres user, in a directory
# that user can enter. `tools/pg-stop.sh DIR` stops it.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
port=${SXSH_PG_PORT:-54329}
dir=$(mktemp -d /tmp/sxsh-pg.XXXXXX)
chmod 755 "$dir"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; as_pg=(runuser -u postgres --); fi
"${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 \
  --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
"${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-F -c synchronous_commit=off -c full_page_writes=off -h 127.0.0.1 -p $port -k $dir" \
  start >/dev/null
"${as_pg[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres sxsh
echo "$dir" >&2
echo "postgres://postgres@127.0.0.1:$port/sxsh"
