#!/usr/bin/env bash
# The load-test report in one command: Gatling baseline and under-fault runs against the ALB of an in-process
# topology (3 reference-app instances), the JMH benchmarks (perf/run-benchmarks.sh) and a markdown comparison.
# Usage: perf/load-test.sh [--quick] [--no-jmh]
#   --quick   25 s per simulation and JMH --quick (~5 minutes in all on a loaded 2-core machine); default 60 s
#   --no-jmh  only the Gatling part
# Knobs (env): RATE=100 (requests/s), DURATION (s), FAULT_ARGS="-Dfault.kind=kill -Dfault.target=app-1",
#   MVN_FLAGS=-o. Results: perf/target/gatling/<run>/index.html, perf/target/firedrill/gatling-*/<ts>/index.html,
#   perf/target/benchmarks/{jmh.json,summary.md,load-summary.md}
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/perf/target/benchmarks"
QUICK=false
JMH=true
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=true ;;
    --no-jmh) JMH=false ;;
    -h|--help) sed -n 2,9p "$0" | sed "s/^# \{0,1\}//"; exit 0 ;;
    *) echo "error: unknown argument '$arg'; usage: perf/load-test.sh [--quick] [--no-jmh]" >&2; exit 2 ;;
  esac
done
if $QUICK; then DURATION="${DURATION:-25}"; else DURATION="${DURATION:-60}"; fi
RATE="${RATE:-100}"

cd "$ROOT"
echo "building app-under-test, harness + perf (mvn -q -DskipTests package -pl perf,app-under-test -am)..." >&2
# shellcheck disable=SC2086
mvn -q -B ${MVN_FLAGS:-} -DskipTests package -pl perf,app-under-test -am
APP_JAR="$ROOT/app-under-test/target/firedrill-app-under-test.jar"
CP="$ROOT/perf/target/test-classes:$ROOT/perf/target/classes:$(cat "$ROOT/perf/target/test-classpath.txt")"
RESULTS="$ROOT/perf/target/gatling"
mkdir -p "$OUT" "$RESULTS"
rm -f "$OUT/loadavg.txt"

# the gatling-maven-plugin's default JVM flags (Gatling needs java.lang opened)
GATLING_JVM=(java -server -Xmx1G -XX:+UseG1GC -XX:+ParallelRefProcEnabled -XX:MaxInlineLevel=20 -XX:MaxTrivialSize=12
  --add-opens=java.base/java.lang=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
  -Dfiredrill.app.jar="$APP_JAR" -Dfiredrill.gatling.results="$RESULTS" -Dload.rate="$RATE" -Dload.duration="$DURATION")

# runs one simulation; prints its Gatling run directory. Assertion failures (exit 2) do not stop the script.
simulate() {
  local cls="$1"; shift
  local log="$OUT/gatling-$cls.log" rc=0
  echo "$cls: load average $(cut -d' ' -f1-3 /proc/loadavg) at its start" >>"$OUT/loadavg.txt"
  echo "running Gatling $cls: $RATE req/s for $DURATION s (log: $log)..." >&2
  (cd "$ROOT/perf" && "${GATLING_JVM[@]}" "$@" -cp "$CP" io.gatling.app.Gatling \
      --simulation "dev.firedrill.perf.gatling.$cls" --results-folder "$RESULTS") >"$log" 2>&1 || rc=$?
  grep -E "^(Global:|firedrill )|Reports generated" "$log" >&2 || true
  local dir
  dir="$(ls -1d "$RESULTS/$(echo "$cls" | tr '[:upper:]' '[:lower:]')"-* 2>/dev/null | sort | tail -1)"
  if [[ -z "$dir" || ! -f "$dir/index.html" ]]; then
    echo "error: $cls produced no Gatling report (exit $rc); see $log" >&2
    tail -20 "$log" >&2
    exit 1
  fi
  [[ $rc -eq 0 ]] || echo "note: $cls exited $rc (an assertion failed: see 'Global:' lines above); continuing" >&2
  echo "$dir"
}

# shellcheck disable=SC2086
BASE_DIR="$(simulate BaselineSimulation)"
# shellcheck disable=SC2086
FAULT_DIR="$(simulate UnderFaultSimulation ${FAULT_ARGS:-})"
FAULT_LINE="$(grep -m1 "^firedrill fault:" "$OUT/gatling-UnderFaultSimulation.log" | sed 's/^firedrill fault: //' || true)"
REPORT_LINE="$(grep -m1 "^firedrill report:" "$OUT/gatling-UnderFaultSimulation.log" | sed 's/^firedrill report: //' || true)"

java -cp "$ROOT/perf/target/classes" dev.firedrill.perf.LoadSummary "$OUT" "$BASE_DIR" "$FAULT_DIR" "$FAULT_LINE" >/dev/null
{
  echo
  echo "Machine: $(nproc) cores; $RATE req/s offered for $DURATION s per run. Load average (1/5/15 min):"
  sed 's/^/- /' "$OUT/loadavg.txt"
  echo "- at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "A load average far above the core count means other processes competed for the CPU: under timeScale 0.05"
  echo "the ALB answers 504 after 3 s (60 s target timeout × 0.05), so a starved host shows up as failed requests."
  echo
  echo "firedrill report of the under-fault run (fault window, target health, replica lag; links to Gatling's): $REPORT_LINE"
} >>"$OUT/load-summary.md"

if $JMH; then
  JMH_ARGS=(); $QUICK && JMH_ARGS=(--quick)
  SKIP_BUILD=1 "$ROOT/perf/run-benchmarks.sh" "${JMH_ARGS[@]}" >&2
  { echo; echo "## JMH and startup benchmarks (medians; raw figures in jmh.json and up.json)"; echo; cat "$OUT/summary.md"; } >>"$OUT/load-summary.md"
fi
echo >&2
cat "$OUT/load-summary.md"
echo >&2
echo "results: $OUT/load-summary.md, Gatling: $BASE_DIR/index.html $FAULT_DIR/index.html" >&2
