#!/usr/bin/env bash
# Entrypoint of firedrill's postgres:17 image (ci/images/postgres), behaving as the official image's:
#
#   docker run -e POSTGRES_PASSWORD=secret postgres:17 [postgres] [-c name=value]...
#
# When the first argument is 'postgres' (the default command) or an option (then 'postgres' is put in front):
# as root, prepares $PGDATA and /var/run/postgresql for the user postgres (999:999) and runs again as that user.
# On a first start (no $PGDATA/PG_VERSION) it runs initdb, opens connections from anywhere
# (pg_hba.conf: host all all all, host replication all all; listen_addresses = '*'), starts a temporary server
# on the unix socket only, creates $POSTGRES_DB, runs /docker-entrypoint-initdb.d/*.sh|*.sql|*.sql.gz, and stops
# it. Then it execs postgres with the arguments. A first start thus logs "database system is ready to accept
# connections" twice (temporary server, then the real one), which is what Testcontainers' PostgreSQLContainer
# waits for. Any other command is exec'd as given.
#
# Environment: POSTGRES_PASSWORD (required unless POSTGRES_HOST_AUTH_METHOD=trust), POSTGRES_USER (postgres),
# POSTGRES_DB (= POSTGRES_USER), POSTGRES_HOST_AUTH_METHOD (scram-sha-256), POSTGRES_INITDB_ARGS,
# POSTGRES_INITDB_WALDIR, PGDATA (/var/lib/postgresql/data); VAR_FILE reads VAR from a file (Docker secrets).
set -Eeuo pipefail

info() { printf '%s\n' "$*"; }
fail() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# file_env VAR [DEFAULT]: VAR from the environment, else from the file named by VAR_FILE, else DEFAULT.
file_env() {
  local var=$1 file_var="${1}_FILE" default=${2:-} value
  if [[ -n "${!var:-}" && -n "${!file_var:-}" ]]; then
    fail "both $var and $file_var are set; they are exclusive"
  fi
  value=$default
  if [[ -n "${!var:-}" ]]; then
    value=${!var}
  elif [[ -n "${!file_var:-}" ]]; then
    value=$(<"${!file_var}")
  fi
  export "$var=$value"
  unset "$file_var"
}

# True when the arguments only ask postgres for help or its version (nothing to initialise then).
wants_help() {
  local arg
  for arg; do
    case "$arg" in
      -'?' | --help | --describe-config | -V | --version) return 0 ;;
    esac
  done
  return 1
}

setup_env() {
  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "$POSTGRES_USER"
  file_env POSTGRES_INITDB_ARGS
  : "${PGDATA:=/var/lib/postgresql/data}"
  export PGDATA
  : "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"
  DATABASE_ALREADY_EXISTS=false
  if [[ -s "$PGDATA/PG_VERSION" ]]; then
    DATABASE_ALREADY_EXISTS=true
  fi
}

# As root: the directories belong to postgres (an existing volume may hold files of another owner).
prepare_dirs() {
  mkdir -p "$PGDATA" /var/run/postgresql
  chmod 00700 "$PGDATA" 2>/dev/null || true
  chmod 03775 /var/run/postgresql 2>/dev/null || true
  if [[ -n "${POSTGRES_INITDB_WALDIR:-}" ]]; then
    mkdir -p "$POSTGRES_INITDB_WALDIR"
  fi
  if [[ $(id -u) -eq 0 ]]; then
    find "$PGDATA" /var/run/postgresql ${POSTGRES_INITDB_WALDIR:+"$POSTGRES_INITDB_WALDIR"} \
      \! -user postgres -exec chown postgres:postgres '{}' +
  fi
}

check_env() {
  if [[ -z "$POSTGRES_PASSWORD" && "$POSTGRES_HOST_AUTH_METHOD" != trust ]]; then
    fail "the database is uninitialized and the superuser has no password: set POSTGRES_PASSWORD to a" \
      "non-empty value (docker run -e POSTGRES_PASSWORD=...), or POSTGRES_HOST_AUTH_METHOD=trust to accept every" \
      "connection without a password (not recommended)"
  fi
  if [[ "$POSTGRES_HOST_AUTH_METHOD" == trust ]]; then
    info "warning: POSTGRES_HOST_AUTH_METHOD=trust: every connection is accepted without a password"
  fi
}

init_database_dir() {
  local -a args=(--username="$POSTGRES_USER" --auth-host="$POSTGRES_HOST_AUTH_METHOD")
  local -a extra=()
  if [[ -n "${POSTGRES_INITDB_WALDIR:-}" ]]; then
    args+=(--waldir="$POSTGRES_INITDB_WALDIR")
  fi
  # Word-split with shell quoting, as the official image reads this variable.
  eval "extra=($POSTGRES_INITDB_ARGS)"
  if [[ -n "$POSTGRES_PASSWORD" ]]; then
    initdb "${args[@]}" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") "${extra[@]}"
  else
    initdb "${args[@]}" "${extra[@]}"
  fi
  {
    printf '\n# docker-entrypoint.sh: connections from other containers and from the host\n'
    printf 'host all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD"
    printf 'host replication all all %s\n' "$POSTGRES_HOST_AUTH_METHOD"
  } >>"$PGDATA/pg_hba.conf"
}

# The temporary server: the given server options, but no TCP (unix socket only), so nothing connects before
# initialisation is over.
temp_server_start() {
  local opts
  opts=$(printf '%q ' "$@" -c "listen_addresses=" -p "${PGPORT:-5432}")
  PGUSER="${PGUSER:-$POSTGRES_USER}" pg_ctl -D "$PGDATA" -o "$opts" -w start
}

temp_server_stop() {
  PGUSER="${PGUSER:-postgres}" pg_ctl -D "$PGDATA" -m fast -w stop
}

psql_init() {
  PGHOST='' PGHOSTADDR='' psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc "$@"
}

create_database() {
  local exists
  [[ "$POSTGRES_DB" != postgres ]] || return 0
  # psql variables (:'db', :"db") quote the name as a literal and as an identifier.
  exists=$(psql_init --dbname postgres --set db="$POSTGRES_DB" --tuples-only --no-align \
    <<<"SELECT 1 FROM pg_database WHERE datname = :'db' ;")
  if [[ -z "$exists" ]]; then
    psql_init --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db" ;'
    info
  fi
}

run_init_files() {
  local f
  info
  for f in /docker-entrypoint-initdb.d/*; do
    [[ -e "$f" ]] || continue
    case "$f" in
      *.sh)
        if [[ -x "$f" ]]; then
          info "$0: running $f"
          "$f"
        else
          info "$0: sourcing $f"
          # shellcheck disable=SC1090 # the user's script, known at run time only
          . "$f"
        fi
        ;;
      *.sql)
        info "$0: running $f"
        psql_init --dbname "$POSTGRES_DB" -f "$f"
        info
        ;;
      *.sql.gz)
        info "$0: running $f"
        gunzip -c "$f" | psql_init --dbname "$POSTGRES_DB"
        info
        ;;
      *) info "$0: ignoring $f" ;;
    esac
  done
}

main() {
  if [[ "${1:-}" == -* ]]; then
    set -- postgres "$@"
  fi
  if [[ "${1:-}" != postgres ]] || wants_help "$@"; then
    exec "$@"
  fi

  setup_env
  prepare_dirs
  if [[ $(id -u) -eq 0 ]]; then
    # Again, as postgres (setpriv, from util-linux, is gosu's job here; it keeps this process's pid).
    HOME=$(getent passwd postgres | cut -d: -f6)
    export HOME
    exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
  fi

  if [[ "$DATABASE_ALREADY_EXISTS" == false ]]; then
    check_env
    ls /docker-entrypoint-initdb.d/ >/dev/null # fails early when it cannot be read
    init_database_dir
    export PGPASSWORD="${PGPASSWORD:-$POSTGRES_PASSWORD}"
    temp_server_start "${@:2}"
    create_database
    run_init_files
    temp_server_stop
    unset PGPASSWORD
    info
    info 'PostgreSQL init process complete; ready for start up.'
    info
  else
    info
    info 'PostgreSQL Database directory appears to contain a database; Skipping initialization'
    info
  fi
  exec "$@"
}

main "$@"
