#!/usr/bin/env bash
# What tracing costs the reference app: one jar started once per variant on one embedded stack (untraced, every
# span to a collector / to a non-decoding sink, sampled at the source at fraction 0 / at the topology's), driven in
# rotating rounds (~4 minutes). Usage: perf/tracing-overhead.sh [--rounds 3] [--seconds 10] [--clients 8]
#   [--variants a,b] [--before-jar JAR] [--jfr DIR] (see perf/README.md, "Tracing overhead")
# Results: perf/target/benchmarks/tracing-overhead.json. Extra Maven flags: MVN_FLAGS="-o" perf/tracing-overhead.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "${1:-}" in -h|--help) sed -n 2,6p "$0" | sed "s/^# \{0,1\}//"; exit 0 ;; esac
cd "$ROOT"
echo "building harness, reference app + perf..." >&2
# shellcheck disable=SC2086
mvn -q -B ${MVN_FLAGS:-} -DskipTests -Dmaven.javadoc.skip=true package -pl perf,app-under-test -am
CP="$ROOT/perf/target/firedrill-perf-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/perf/target/classpath.txt")"
exec java -XX:+UseSerialGC -Dfiredrill.app.jar="$ROOT/app-under-test/target/firedrill-app-under-test.jar" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.org.elasticmq=warn \
  -Dorg.slf4j.simpleLogger.log.org.apache.pekko=error -Dorg.slf4j.simpleLogger.log.org.eclipse.jetty=warn \
  -cp "$CP" dev.firedrill.perf.TracingOverheadBenchmark "$@"
