#!/usr/bin/env bash
# Turns one firedrill result.json into one row of a markdown table for $GITHUB_STEP_SUMMARY.
#
# Usage:
#   summarize-report.sh --header                 print the table header (two lines)
#   summarize-report.sh RESULT_JSON              print the row for one run
#   summarize-report.sh --missing NAME [WHY]     print the row for a scenario that left no result.json
#
# The shape of result.json: harness/src/main/resources/dev/firedrill/harness/report/result.schema.json and
# docs/report.md. Needs jq 1.6 or newer. Exit codes: 0 row printed, 2 usage error or unreadable result.json.

# shellcheck disable=SC2016 # $names below are jq's, inside single quotes on purpose
set -euo pipefail

usage() {
  sed -n '4,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

die() {
  echo "summarize-report.sh: $*" >&2
  exit 2
}

# Markdown table cell: no pipes, no newlines, no raw HTML from the report.
cell() {
  local s=${1//$'\r'/ }
  s=${s//$'\n'/ }
  s=${s//&/"&amp;"}
  s=${s//</"&lt;"}
  s=${s//>/"&gt;"}
  s=${s//|/"\\|"}
  printf '%s' "$s"
}

[[ $# -ge 1 ]] || usage

case "$1" in
  --header)
    [[ $# -eq 1 ]] || usage
    echo '| Scenario | Verdict | SLOs | Checks | Key figures |'
    echo '|---|---|---|---|---|'
    exit 0
    ;;
  --missing)
    [[ $# -ge 2 && $# -le 3 ]] || usage
    printf '| %s | ❓ no result | — | — | %s |\n' "$(cell "$2")" "$(cell "${3:-the run left no result.json}")"
    exit 0
    ;;
  -h | --help)
    usage
    ;;
  -*)
    die "unknown option '$1' (expected --header, --missing NAME [WHY] or a path to result.json)"
    ;;
esac

[[ $# -eq 1 ]] || usage
result=$1
command -v jq >/dev/null 2>&1 || die "jq not found on PATH; install it (apt-get install -y jq)"
[[ -f "$result" ]] || die "no such file: $result (pass the result.json that './firedrill run' wrote)"
[[ -r "$result" ]] || die "cannot read $result"

# One jq program builds and escapes the whole row. Written for jq 1.6 (Debian 12, Ubuntu 22.04).
jq_program='
def cell: tostring | gsub("[\r\n]+"; " ") | gsub("&"; "&amp;") | gsub("<"; "&lt;") | gsub(">"; "&gt;")
  | gsub("\\|"; "\\|");
def clip($n): if length > $n then .[0:$n] + "…" else . end;
def num: if type == "number" then . else null end;
def round1: if . == null then null else ((. * 10 + 0.5) | floor) / 10 end;
def ms: if . == null then "?" else (round1 | tostring) + " ms" end;
def secs: if . == null then "?" else ((. / 100 + 0.5 | floor) / 10 | tostring) + " s" end;
def pct: if . == null then "?" else ((. * 10000 + 0.5 | floor) / 100 | tostring) + " %" end;
def icon: if . == "valid" then "✅" elif . == "invalid" then "❌" else "⚠️" end;
def outcome_icon: if . == "passed" then "✅" elif . == "failed" then "❌" else "⚠️" end;
def check($n): [(.checks // [])[] | select(.name == $n)] | first // null;
def fig($n; $path): (try (check($n) | .figures // {} | getpath($path)) catch null) // null;

(.timeScale | num) as $scale
| [
    (.scenario // "?" | tostring),
    (if (.outcome // null) == "inconclusive" then "⚠️ inconclusive"
     else ((.verdict // "unknown" | tostring) as $v | ($v | icon) + " " + $v) end),
    ((.slos // []) as $s
      | if ($s | length) == 0 then "none"
        else ([$s[] | select(.passed == true)] | length | tostring) + "/" + ($s | length | tostring) + " passed"
          + ([$s[] | select(.passed != true)
              | (if .outcome == "inconclusive" or .passed == null then "<br>⚠️ " else "<br>❌ " end)
                + (.name // "?" | tostring) + ": " + (.measured // "?" | tostring)
                + " (expected " + (.expected // "?" | tostring) + ")"
                + (if (.message // "") != "" then " — " + (.message | tostring) else "" end)]
             | join(""))
        end),
    ([(.checks // [])[]
       | ((.verdict // "unknown") | icon) + " " + (.name // "?" | tostring)
         + (if .verdict == "unknown" and (.error // null) != null then " (" + (.error | tostring | clip(100)) + ")" else "" end)]
     | if length == 0 then "none" else join(" · ") end),
    ([ "seed " + (.seed // "?" | tostring),
       "timeScale " + (.timeScale // "?" | tostring),
       "AWS-eq " + (.awsEquivalentDurationMs | num | secs),
       "faults " + ((.faults // []) | length | tostring),
       (fig("recovery"; ["maxOutageMs"]) | num) as $o
         | if $o == null then empty
           else "max outage " + ($o | ms)
             + (if $scale != null and $scale > 0 then " (AWS-eq " + ($o / $scale | secs) + ")" else "" end) end,
       (fig("recovery"; ["notRecovered"]) | num) as $n | if $n == null or $n == 0 then empty else "not recovered " + ($n | tostring) end,
       (fig("availability"; ["overall", "availability"]) | num) as $a | if $a == null then empty else "availability " + ($a | pct) end,
       (fig("lost-writes"; ["lostWrites"]) | num) as $l
         | if $l == null then empty else "lost writes " + ($l | tostring) + "/" + (fig("lost-writes"; ["acknowledgedWrites"]) // "?" | tostring) end,
       (fig("stale-reads"; ["staleReads"]) | num) as $r
         | if $r == null then empty else "stale reads " + ($r | tostring) + "/" + (fig("stale-reads"; ["reads"]) // "?" | tostring) end,
       ([(fig("latency"; ["classes"]) // {}) | to_entries[] | .value.ok.p99Ms | num] | max) as $p
         | if $p == null then empty else "p99 ok " + ($p | ms) end,
       (fig("jobs"; ["lost"]) | num) as $j | if $j == null then empty else "lost jobs " + ($j | tostring) end
     ] | join(", "))
  ]
| map(cell)
| .[2] |= gsub("&lt;br&gt;"; "<br>")
| "| " + .[0] + " | " + .[1] + " | " + .[2] + " | " + .[3] + " | " + .[4] + " |"
'

version=$(jq -r 'if type == "object" then .schemaVersion // "missing" else "not an object" end' "$result" 2>&1) \
  || die "could not parse $result as JSON: $version"
[[ "$version" != "not an object" ]] || die "$result holds JSON but not an object: is it a firedrill result.json?"
[[ "$version" == 1 ]] || echo "summarize-report.sh: warning: $result has schemaVersion $version; this script reads version 1" >&2
if ! row=$(jq -r "$jq_program" "$result" 2>&1) || [[ "$row" != "| "* ]]; then
  die "could not read $result as a firedrill result.json: $row"
fi
printf '%s\n' "$row"
