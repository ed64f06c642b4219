#!/usr/bin/env bash
# Makes a Docker engine available for the containers backend and its tests.
#
# Usage: docker-engine.sh
#
# When 'docker info' already answers, prints one line and exits 0. Otherwise, as root on a Debian/Ubuntu box
# (apt-get): installs the Debian package docker.io if dockerd or docker is missing, starts dockerd in the
# background when it is not running (nohup, detached, log in /tmp/firedrill-dockerd.log; it outlives this
# script), then waits up to 30 s for 'docker info' to answer. Safe to run again: it only does what is missing.
#
# No image is pulled. Exit codes: 0 the engine answers, 1 it could not be made to (the message says why).
set -euo pipefail

LOG=/tmp/firedrill-dockerd.log
APT_LOG=/tmp/firedrill-apt.log
WAIT_SECONDS=30

say() { echo "docker-engine.sh: $*"; }
die() {
  echo "docker-engine.sh: $*" >&2
  exit 1
}

case "${1:-}" in
  -h | --help)
    sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  "") ;;
  *) die "unexpected argument '$1' (usage: docker-engine.sh)" ;;
esac

engine_answers() { docker info >/dev/null 2>&1; }

server_version() { docker version --format '{{.Server.Version}}' 2>/dev/null || echo unknown; }

# The pid of a running dockerd, if any (pgrep when procps is installed, dockerd's pid file otherwise).
dockerd_pid() {
  if command -v pgrep >/dev/null 2>&1; then
    pgrep -x dockerd | head -n 1
  elif [[ -s /var/run/docker.pid ]] && kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
    cat /var/run/docker.pid
  fi
}

# apt-get install, quiet and non-interactive; refreshes the package lists only when there are none or when the
# first attempt fails (stale lists name versions the mirror no longer has). Output goes to $APT_LOG.
apt_install() {
  local -a install=(apt-get install -y -q -o Dpkg::Use-Pty=0 "$@")
  export DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l
  : >"$APT_LOG"
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
    apt-get update -q >>"$APT_LOG" 2>&1 || die "apt-get update failed; see $APT_LOG"
  fi
  if ! "${install[@]}" >>"$APT_LOG" 2>&1; then
    apt-get update -q >>"$APT_LOG" 2>&1 || die "apt-get update failed; see $APT_LOG"
    "${install[@]}" >>"$APT_LOG" 2>&1 || die "apt-get install $* failed; see $APT_LOG"
  fi
}

if engine_answers; then
  say "Docker engine is running (server $(server_version))"
  exit 0
fi

if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  if command -v docker >/dev/null 2>&1; then
    why=$(docker info 2>&1 | grep -i -m 1 -E 'error|cannot|permission' || true)
    die "'docker info' does not answer${why:+ ($why)}; start the engine (or join the docker group), or run this script as root on a machine with apt-get to start it"
  fi
  die "no Docker engine: 'docker' is not installed, and installing docker.io needs root and apt-get"
fi

if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
  say "installing the Debian package docker.io (log: $APT_LOG)"
  apt_install docker.io
  command -v dockerd >/dev/null 2>&1 || die "docker.io is installed but dockerd is not on PATH ($PATH)"
fi

# The package's service may have started the engine (systemd); otherwise start dockerd ourselves.
pid=$(dockerd_pid || true)
if [[ -z "$pid" ]]; then
  say "starting dockerd (log: $LOG)"
  echo "=== $(date -u +%FT%TZ) docker-engine.sh starts dockerd" >>"$LOG"
  # setsid: its own session, so a CI step ending (SIGHUP to its process group) does not stop it.
  if command -v setsid >/dev/null 2>&1; then
    nohup setsid dockerd >>"$LOG" 2>&1 </dev/null &
  else
    nohup dockerd >>"$LOG" 2>&1 </dev/null &
  fi
  started=$!
  disown "$started" 2>/dev/null || true
fi

for ((i = 0; i < WAIT_SECONDS; i++)); do
  if engine_answers; then
    say "Docker engine is running (server $(server_version))"
    exit 0
  fi
  if [[ -n "${started:-}" ]] && ! kill -0 "$started" 2>/dev/null && [[ -z "$(dockerd_pid || true)" ]]; then
    echo "docker-engine.sh: dockerd exited during startup; the last lines of $LOG:" >&2
    tail -n 15 "$LOG" >&2 || true
    exit 1
  fi
  sleep 1
done

echo "docker-engine.sh: 'docker info' did not answer within ${WAIT_SECONDS} s of starting the engine" \
  "(dockerd pid: ${pid:-${started:-none}}); the last lines of $LOG:" >&2
tail -n 15 "$LOG" >&2 || true
exit 1
