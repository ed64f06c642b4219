#!/usr/bin/env bash
# Builds the perf module, runs every JMH benchmark and the startup benchmark, and prints a markdown summary.
# Usage: perf/run-benchmarks.sh [--quick] [JMH benchmark regex...]
#   --quick   1 fork, short iterations, 3 startup iterations (~2 minutes on a loaded 2-core machine)
# Results: perf/target/benchmarks/{jmh.json,up.json,summary.md}. Extra Maven flags: MVN_FLAGS="-o" perf/run-benchmarks.sh
# SKIP_BUILD=1 skips the Maven build (perf/load-test.sh sets it after building).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/perf/target/benchmarks"
QUICK=false
FILTERS=()
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=true ;;
    -h|--help) sed -n 2,6p "$0" | sed "s/^# \{0,1\}//"; exit 0 ;;
    -*) echo "error: unknown option '$arg'; usage: perf/run-benchmarks.sh [--quick] [benchmark regex...]" >&2; exit 2 ;;
    *) FILTERS+=("$arg") ;;
  esac
done

cd "$ROOT"
if [[ -z "${SKIP_BUILD:-}" ]]; then  # perf/load-test.sh has just built
  echo "building harness + perf (mvn -q -DskipTests package -pl perf -am)..." >&2
  # shellcheck disable=SC2086
  mvn -q -B ${MVN_FLAGS:-} -DskipTests package -pl perf -am
fi
CP="$ROOT/perf/target/firedrill-perf-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/perf/target/classpath.txt")"
mkdir -p "$OUT"
rm -f "$OUT/jmh.json" "$OUT/up.json" "$OUT/summary.md"

JVM=(java -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.org.elasticmq=warn)
if $QUICK; then
  # checkers are SingleShotTime: -wi/-i count invocations there, -w/-r are ignored
  JMH_OPTS=(-f 1 -wi 2 -w 1s -i 3 -r 2s)
  UP_OPTS=(--iterations 3 --cli 1)
else
  JMH_OPTS=()
  UP_OPTS=(--iterations 7 --cli 1)
fi
echo "running JMH ${JMH_OPTS[*]:-(annotation defaults)} ${FILTERS[*]:-}..." >&2
"${JVM[@]}" -cp "$CP" org.openjdk.jmh.Main "${JMH_OPTS[@]}" -rf json -rff "$OUT/jmh.json" "${FILTERS[@]}"
echo "running UpBenchmark ${UP_OPTS[*]}..." >&2
"${JVM[@]}" -cp "$CP" dev.firedrill.perf.UpBenchmark "${UP_OPTS[@]}" --out "$OUT/up.json"
echo >&2
"${JVM[@]}" -cp "$CP" dev.firedrill.perf.BenchmarkSummary "$OUT"
echo >&2
echo "results: $OUT/{jmh.json,up.json,summary.md}" >&2
