# Sourced by the shared journal's benchmarks: a throwaway PostgreSQL 15 server of their own in $W
# (initdb and pg_ctl as the postgres user when run as root), on a free port $PORT, stopped on exit; sql DB STATEMENT.
PG=${PG:-/usr/lib/postgresql/15/bin}
W=$(mktemp -d /tmp/tandem-shared-bench-XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown postgres "$W"; as_pg=(runuser -u postgres --); fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${as_pg[@]}" "$PG/initdb" -D "$W/data" -U tandem_admin --auth=trust -E UTF8 --locale=C >/dev/null
"${as_pg[@]}" "$PG/pg_ctl" -D "$W/data" -o "-p $PORT -k $W -c listen_addresses=127.0.0.1 -c max_connections=200" -l "$W/log" -w start >/dev/null
trap '"${as_pg[@]}" "$PG/pg_ctl" -D "$W/data" -m immediate stop >/dev/null; rm -rf "$W"' EXIT
sql() { psql -X -q -A -t -h 127.0.0.1 -p "$PORT" -U tandem_admin -d "$1" -c "$2"; }
