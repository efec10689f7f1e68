# Starts a throwaway PostgreSQL on a free loopback port and stops and removes it on exit.
# Source this file, then call `start_postgres [extra server options]`; it sets PG_URL. A script
# with an exit trap of its own calls stop_postgres in it.
# The server refuses to run as root, so as root it runs as the postgres user.

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_postgres() {
    if [ -n "${pg_dir:-}" ]; then
        as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$pg_dir"
    fi
}

start_postgres() {
    if [ -z "$pg_bin" ]; then
        echo "PostgreSQL server binaries not found (install the postgresql package)" >&2
        return 1
    fi
    pg_dir=$(mktemp -d)
    [ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
    # A caller's own exit trap stays: each calls stop_postgres itself, and replacing it left
    # the benchmarks' work folders (a 112 MB SQLite file each) and their servers behind.
    [ -n "$(trap -p EXIT)" ] || trap stop_postgres EXIT
    pg_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust >/dev/null
    as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c max_connections=500 $*" start >/dev/null
    PG_URL="postgres://postgres@127.0.0.1:$pg_port/postgres?sslmode=disable"
    PG_VERSION=$("$pg_bin/postgres" --version | awk '{print $3}')
}
