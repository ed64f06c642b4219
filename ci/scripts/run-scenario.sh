#!/usr/bin/env bash
# Runs one firedrill scenario for the nightly workflow and leaves everything a reader needs in REPORT_DIR:
# the report (result.json, index.html, history.jsonl), the CLI's output (firedrill.log) and its exit code
# (exit-code). Appends the scenario's row to $GITHUB_STEP_SUMMARY when that variable is set.
#
# Usage: run-scenario.sh SCENARIO REPORT_DIR [TIME_SCALE [DURATION_FACTOR [SEED]]]
#   TIME_SCALE       factor applied to AWS durations (default 0.2: a 120 s failover rehearses in 24 s)
#   DURATION_FACTOR  how much longer than usual the workload runs (default 1); passed as --duration-factor
#                    only when './firedrill run --help' offers that option, otherwise ignored with a warning
#   SEED             the run's seed (default: the run number, so reruns of one nightly replay the same run)
#
# Exits with the CLI's exit code: 0 when every SLO held, 1 when one failed, 2 for usage errors, 130 when
# interrupted — except 3 (inconclusive: no SLO failed, but the harness could not keep time on a busy runner, or
# an input was missing), which exits 0 with a GitHub warning: a busy runner is not a broken stack, and the
# exit-code file still says 3.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SCRIPTS="$ROOT/ci/scripts"

die() {
  echo "run-scenario.sh: $*" >&2
  exit 2
}

[[ $# -ge 2 && $# -le 5 ]] || die "usage: run-scenario.sh SCENARIO REPORT_DIR [TIME_SCALE [DURATION_FACTOR [SEED]]]"
scenario=$1
report_dir=$2
time_scale=${3:-0.2}
duration_factor=${4:-1}
seed=${5:-${GITHUB_RUN_NUMBER:-42}}

number='^[0-9]+([.][0-9]+)?$'
[[ "$scenario" =~ ^[a-z0-9][a-z0-9-]*$ ]] || die "scenario '$scenario' is not a scenario name (lowercase letters, digits, '-'); see ./firedrill list"
[[ "$time_scale" =~ $number && ! "$time_scale" =~ ^0+([.]0+)?$ ]] \
  || die "time scale '$time_scale' must be a positive number such as 0.2 (1 = real AWS durations)"
[[ "$duration_factor" =~ $number && ! "$duration_factor" =~ ^0+([.]0+)?$ ]] \
  || die "duration factor '$duration_factor' must be a positive number such as 3"
[[ "$seed" =~ ^[0-9]+$ ]] || die "seed '$seed' must be a non-negative integer"

mkdir -p "$report_dir"
report_dir="$(cd "$report_dir" && pwd)"
log="$report_dir/firedrill.log"

args=(run "$scenario" --report-dir "$report_dir" --seed "$seed" --time-scale "$time_scale")
if [[ "$duration_factor" != 1 ]]; then
  help=$("$ROOT/firedrill" run --help 2>&1 || true) # captured first: grep -q closing the pipe early is no answer
  if grep -q -- '--duration-factor' <<<"$help"; then
    args+=(--duration-factor "$duration_factor")
  else
    echo "::warning title=duration factor ignored::'./firedrill run' has no --duration-factor option; ran $scenario at its usual length"
  fi
fi

started="$report_dir/.started"
touch "$started"
echo "+ ./firedrill ${args[*]}"
set +e
"$ROOT/firedrill" "${args[@]}" 2>&1 | tee "$log"
code=${PIPESTATUS[0]}
set -e
echo "$code" >"$report_dir/exit-code"

# --report-dir may hold the report itself or <scenario>/<timestamp>/ below it: take the newest result.json
# written by this run (a reused directory may hold older ones).
result=$(find "$report_dir" -name result.json -type f -newer "$started" -printf '%T@ %p\n' 2>/dev/null \
  | sort -n | tail -n 1 | cut -d' ' -f2-)
rm -f "$started"
if [[ -n "$result" ]]; then
  row=$("$SCRIPTS/summarize-report.sh" "$result")
else
  why="exit code $code, no result.json; last output: $(tail -n 3 "$log" | tr '\n' ' ' | cut -c1-300)"
  row=$("$SCRIPTS/summarize-report.sh" --missing "$scenario" "$why")
fi
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  {
    "$SCRIPTS/summarize-report.sh" --header
    echo "$row"
  } >>"$GITHUB_STEP_SUMMARY"
fi
echo "$row"
if [[ "$code" == 3 ]]; then
  echo "::warning title=$scenario inconclusive::no SLO failed, but some could not be judged (the harness could not keep time, or an input was missing); see the report's harness-health section"
  exit 0
fi
exit "$code"
