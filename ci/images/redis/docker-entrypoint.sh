#!/usr/bin/env bash
# Entrypoint of firedrill's redis:8 image (ci/images/redis), behaving as the official image's:
#
#   docker run redis:8 [redis-server] [/path/redis.conf] [--option value]...
#
# A first argument that is an option or a *.conf file gets 'redis-server' put in front. For redis-server:
# as root, /data (the working directory) is handed to the user redis and the server runs as that user; the
# official image's compiled-in default of protected mode off is given as --protected-mode no (unless a config file
# given sets protected-mode itself, which then wins, as it does in the official image; a later --protected-mode
# on the command line wins anyway). Debian's binary, started without Debian's /etc/redis/redis.conf, already binds
# every address ("* -::*"). Any other command is exec'd as given.
set -euo pipefail

if [[ "${1:-}" == -* || "${1:-}" == *.conf ]]; then
  set -- redis-server "$@"
fi

if [[ "${1:-}" == redis-server ]]; then
  if [[ $(id -u) -eq 0 ]]; then
    find . \! -user redis -exec chown redis:redis '{}' +
    HOME=/var/lib/redis
    export HOME
    # setpriv (util-linux) does gosu's job and keeps this process's pid.
    exec setpriv --reuid=redis --regid=redis --init-groups "${BASH_SOURCE[0]}" "$@"
  fi
  shift
  case "${1:-}" in
    # Answered by redis-server only as its first argument: nothing to add.
    -v | --version | -h | --help | --test-memory | --check-system) exec redis-server "$@" ;;
  esac
  conf=()
  if [[ "${1:-}" == *.conf ]]; then
    conf=("$1")
    shift
  fi
  protected=(--protected-mode no)
  if [[ ${#conf[@]} -gt 0 && -r "${conf[0]}" ]] && grep -Eqi '^[[:space:]]*protected-mode[[:space:]]' "${conf[0]}"; then
    protected=()
  fi
  # The official image's umask for the server: its files readable by redis only.
  if [[ "$(umask)" == 0022 ]]; then
    umask 0077
  fi
  set -- redis-server "${conf[@]}" "${protected[@]}" "$@"
fi

exec "$@"
