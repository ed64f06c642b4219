#!/usr/bin/env bash
# firedrill's ALB simulator, links and boot beside nginx, HAProxy, socat and pgbench, on this machine, in one run.
# Usage: perf/side-by-side.sh [--before COMMIT] [--quick] [SideBySideBenchmark options...]
#   --before COMMIT   also run the ALB of another commit's harness in the same rounds (built in a git worktree
#                     under perf/target/before-COMMIT), for a before/after
#   --quick           2 rounds of 5 s, 3 boot runs (~7 minutes); default 5 rounds of 10 s, 7 boot runs (~27 minutes)
#   --boot-load N     busy loops competing with the second set of boot runs (default 4, 0: none)
#   --only http,tcp,pgbench,boot,memory   a subset;  --update-readme   rewrite the table in perf/README.md
# Installs nginx, haproxy, socat, wrk and pgbench from Debian's packages when missing (needs root or sudo).
# Results: perf/target/benchmarks/side-by-side.{json,md}. Extra Maven flags: MVN_FLAGS="-o" perf/side-by-side.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BEFORE=""
ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --before) [[ $# -ge 2 ]] || { echo "error: --before needs a commit" >&2; exit 2; }; BEFORE="$2"; shift 2 ;;
    --quick) ARGS+=(--rounds 2 --seconds 5 --boot-runs 3); shift ;;
    -h|--help) sed -n 2,11p "$0" | sed "s/^# \{0,1\}//"; exit 0 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done

need=()
command -v nginx >/dev/null 2>&1 || need+=(nginx)
command -v haproxy >/dev/null 2>&1 || need+=(haproxy)
command -v socat >/dev/null 2>&1 || need+=(socat)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v pgbench >/dev/null 2>&1 || need+=(postgresql-client)
if [[ ${#need[@]} -gt 0 ]]; then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  echo "installing ${need[*]} from Debian's packages..." >&2
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
# nginx's and HAProxy's packaged services are not needed (each run starts its own instances)
for svc in nginx haproxy; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    echo "note: the system's $svc service is running; it shares the cores with the benchmark" >&2
  fi
done

cd "$ROOT"
echo "building harness, app-under-test and perf..." >&2
# shellcheck disable=SC2086
mvn -q -B ${MVN_FLAGS:-} -DskipTests -Dmaven.javadoc.skip=true package -pl perf,app-under-test -am
if [[ -n "$BEFORE" ]]; then
  SHA="$(git rev-parse --short "$BEFORE")"
  OLD="$ROOT/perf/target/before-$SHA"
  if [[ ! -f "$OLD/harness/target/firedrill-harness-0.1.0-SNAPSHOT.jar" ]]; then
    echo "building the harness of $SHA in $OLD..." >&2
    rm -rf "$OLD"; git worktree prune
    git worktree add -q --detach "$OLD" "$SHA"
    # shellcheck disable=SC2086
    (cd "$OLD" && mvn -q -B ${MVN_FLAGS:-} -DskipTests -Dmaven.javadoc.skip=true package -pl harness)
  fi
  ARGS+=(--before-jar "$OLD/harness/target/firedrill-harness-0.1.0-SNAPSHOT.jar" --before-label "$SHA")
fi
CP="$ROOT/perf/target/firedrill-perf-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/perf/target/classpath.txt")"
exec java -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dfiredrill.root="$ROOT" -cp "$CP" \
  dev.firedrill.perf.SideBySideBenchmark --root "$ROOT" --out "$ROOT/perf/target/benchmarks" "${ARGS[@]}"
