#!/usr/bin/env bash
# THE test command: installs what is missing, builds the solution once, starts the test servers,
# runs every test project, stops the servers (always), and ends with the line
#   tests: N passed, M failed, K skipped
# Exit status is non-zero if the build failed, any test failed, or no test ran.
#
# Usage: bash scripts/test.sh [--no-services] [--filter EXPR] [--keep] [-- extra dotnet test args]
#   --no-services  no installs and no servers: unit tests only (filters out Category=Integration)
#   --filter EXPR  passed to `dotnet test --filter` (combined with the above)
#   --keep         leave the servers running afterwards (stop: bash scripts/services/stop.sh)
set -euo pipefail
PANGOLIN_LOG_TAG="test"
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SERVICES=1 KEEP=0 FILTER="" EXTRA=()
while (($#)); do
  case "$1" in
    --no-services) SERVICES=0 ;;
    --keep) KEEP=1 ;;
    --filter) [[ $# -ge 2 ]] || die "--filter needs an expression"; FILTER="$2"; shift ;;
    --filter=*) FILTER="${1#--filter=}" ;;
    -h|--help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; EXTRA=("$@"); break ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done

cd "$REPO_ROOT"
mkdir -p "$LOG_DIR"
# One run per checkout at a time: a second one would stop the first one's servers.
RUN_LOCK="$TMP_DIR/test.pid"
if [[ -f "$RUN_LOCK" ]]; then
  other="$(cat "$RUN_LOCK" 2>/dev/null || true)"
  if [[ "$other" =~ ^[0-9]+$ && "$other" != "$$" ]] && pid_running "$other" \
     && tr '\0' ' ' <"/proc/$other/cmdline" 2>/dev/null | grep -q 'scripts/test.sh'; then
    die "another scripts/test.sh (pid $other) is running in this checkout; wait for it or stop it first"
  fi
fi
echo "$$" >"$RUN_LOCK"
SOLUTION="$REPO_ROOT/Pangolin.Extensions.sln"
RESULTS_DIR="$TMP_DIR/test-results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

fmt_ms() { printf '%d.%ds' $(($1 / 1000)) $(($1 % 1000 / 100)); }

SERVICES_UP=0
stop_services() {
  ((SERVICES_UP == 1)) || return 0
  SERVICES_UP=0
  if ((KEEP == 1)); then
    log "servers left running (--keep); connection facts: source ${SERVICES_ENV#"$REPO_ROOT"/}; stop them with: bash scripts/services/stop.sh"
  else
    local t0; t0=$(now_ms)
    bash "$PANGOLIN_SCRIPTS_DIR/services/stop.sh" --quiet || warn "stopping the test servers failed"
    STOP_MS=$(( $(now_ms) - t0 ))
  fi
}
TEST_PGID=""
# shellcheck disable=SC2317  # invoked from the EXIT trap
# stop_test_run: ends a running `dotnet test` and everything it started (test hosts included).
stop_test_run() {
  [[ -n "$TEST_PGID" ]] || return 0
  local pgid=$TEST_PGID
  TEST_PGID=""
  kill -INT -- "-$pgid" 2>/dev/null || return 0
  for _ in $(seq 30); do kill -0 -- "-$pgid" 2>/dev/null || return 0; sleep 0.1; done
  kill -TERM -- "-$pgid" 2>/dev/null || return 0
  for _ in $(seq 30); do kill -0 -- "-$pgid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$pgid" 2>/dev/null || true
}
SUMMARY_PRINTED=0
# shellcheck disable=SC2317  # invoked by the EXIT trap
on_exit() {
  local rc=$?
  local was_up=$SERVICES_UP
  stop_test_run
  stop_services
  [[ "$(cat "$RUN_LOCK" 2>/dev/null)" != "$$" ]] || rm -f "$RUN_LOCK"
  if ((SUMMARY_PRINTED == 0)); then
    ((rc != 0)) || rc=1
    if ((was_up == 1 && KEEP == 0)); then
      log "aborted (exit $rc); the test servers were stopped"
    else
      log "aborted (exit $rc)"
    fi
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

INSTALL_MS=0 START_MS=0 STOP_MS=0 BUILD_MS=0 TEST_MS=0
# ---- install --------------------------------------------------------------------------------------
if ((SERVICES == 1)); then
  t0=$(now_ms)
  bash "$PANGOLIN_SCRIPTS_DIR/install-deps.sh"
  INSTALL_MS=$(( $(now_ms) - t0 ))
else
  # Integration tests are not runnable without servers: leave them out, and make sure stale
  # variables from a kept session do not claim otherwise.
  unset PANGOLIN_TEST_SERVERS
  if [[ -n "$FILTER" ]]; then FILTER="($FILTER)&Category!=Integration"; else FILTER="Category!=Integration"; fi
fi


# ---- build once ------------------------------------------------------------------------------------
t0=$(now_ms)
if ! dotnet build "$SOLUTION" -c Release -nologo -v:minimal -clp:NoSummary -nodeReuse:false \
      </dev/null >"$LOG_DIR/build.log" 2>&1; then
  BUILD_MS=$(( $(now_ms) - t0 ))
  log "BUILD FAILED after $(fmt_ms "$BUILD_MS") (full log: ${LOG_DIR#"$REPO_ROOT"/}/build.log):"
  errors="$(grep -E ': (error|warning) [A-Za-z]*[0-9]+|error MSB|: error ' "$LOG_DIR/build.log" \
    | sed -E 's/ \[[^]]*\.csproj\]$//' | sort -u || true)"
  if [[ -n "$errors" ]]; then head -n 60 <<<"$errors"; else tail -n 40 "$LOG_DIR/build.log"; fi | sed 's/^/    /' >&2
  stop_services
  SUMMARY_PRINTED=1
  echo "tests: 0 passed, 0 failed"
  exit 1
fi
BUILD_MS=$(( $(now_ms) - t0 ))

# ---- start the servers (after the build: a build failure needs none) ---------------------------
if ((SERVICES == 1)); then
  t0=$(now_ms)
  SERVICES_UP=1
  bash "$PANGOLIN_SCRIPTS_DIR/services/start.sh"
  START_MS=$(( $(now_ms) - t0 ))
  set -a
  # shellcheck source=/dev/null
  source "$SERVICES_ENV"
  set +a
fi

# ---- test ------------------------------------------------------------------------------------------
rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"
TEST_ARGS=(test "$SOLUTION" -c Release --no-build --nologo
  --results-directory "$RESULTS_DIR"
  --logger "trx"
  --logger "console;verbosity=minimal"
  --blame-hang-timeout "${PANGOLIN_TEST_HANG_TIMEOUT:-20m}" --blame-hang-dump-type none)
[[ -n "$FILTER" ]] && TEST_ARGS+=(--filter "$FILTER")
TEST_ARGS+=("${EXTRA[@]}")

t0=$(now_ms)
# Failures (with messages and stack traces) and one summary line per test assembly are shown;
# everything is also in .tmp/logs/test.log, and per-test details in .tmp/test-results/*.trx.
# dotnet test runs as a background job in its own process group: `dotnet test` finishes the running
# tests before it reacts to Ctrl+C, so on INT/TERM the trap stops the whole group itself.
rm -f "$TMP_DIR/dotnet-test.rc"
set -m
{ dotnet "${TEST_ARGS[@]}" </dev/null 2>&1; echo "$?" >"$TMP_DIR/dotnet-test.rc"; } \
  | tee "$LOG_DIR/test.log" \
  | grep --line-buffered -vE "^(Data collector 'Blame' message: All tests finished|Test run for |VSTest version |Starting test execution|A total of [0-9]+ test files? matched|Results File: |Build succeeded\.|Determining projects to restore|All projects are up-to-date)" \
  | sed -u '/^[[:space:]]*$/d' &
TEST_JOB=$!
set +m
TEST_PGID="$(proc_pgid "$TEST_JOB" || true)"
wait "$TEST_JOB" || true
TEST_PGID=""
TEST_RC="$(cat "$TMP_DIR/dotnet-test.rc" 2>/dev/null || echo 1)"
TEST_MS=$(( $(now_ms) - t0 ))

stop_services

# ---- count -----------------------------------------------------------------------------------------
PASSED=0 FAILED=0 SKIPPED=0 TRX=0
counter() {  # counter NAME: the value of NAME="..." in $COUNTERS (0 if absent)
  local v
  v="$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$COUNTERS")"
  echo "${v:-0}"
}
shopt -s nullglob
for f in "$RESULTS_DIR"/*.trx "$RESULTS_DIR"/*/*.trx; do
  TRX=$((TRX + 1))
  COUNTERS="$(grep -o '<Counters [^>]*>' "$f" | head -n1 || true)"
  PASSED=$((PASSED + $(counter passed)))
  FAILED=$((FAILED + $(counter failed) + $(counter error) + $(counter timeout) + $(counter aborted)))
  SKIPPED=$((SKIPPED + $(counter total) - $(counter executed)))   # xunit skips are "not executed"
done
# Cross-check with the one-line summary per test assembly that the console logger printed; if a
# .trx file went missing (a crashed host, a name clash), those lines are the better count.
read -r C_PASSED C_FAILED C_SKIPPED C_TOTAL < <(sed -nE \
  's/^(Passed|Failed|Skipped)!  *- Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+), Total: *([0-9]+).*/\3 \2 \4 \5/p' \
  "$LOG_DIR/test.log" | awk '{p+=$1; f+=$2; s+=$3; t+=$4} END {print p+0, f+0, s+0, t+0}')
if ((C_TOTAL > PASSED + FAILED + SKIPPED)); then
  PASSED=$C_PASSED FAILED=$C_FAILED SKIPPED=$C_SKIPPED
  TRX=$((TRX > 0 ? TRX : 1))
fi

RC=0
if ((TRX == 0)); then
  log "no test results were written (dotnet test exited with $TEST_RC; see ${LOG_DIR#"$REPO_ROOT"/}/test.log)"
  RC=1
elif ((FAILED > 0)); then
  log "$FAILED test(s) FAILED (details above, in ${LOG_DIR#"$REPO_ROOT"/}/test.log and ${RESULTS_DIR#"$REPO_ROOT"/}/*.trx)"
  RC=1
elif ((PASSED + FAILED == 0)); then
  log "no test ran${FILTER:+ (filter: $FILTER)}"
  RC=1
elif ((TEST_RC != 0)); then
  log "dotnet test exited with $TEST_RC although no test failed (a test host crashed or was aborted?); see ${LOG_DIR#"$REPO_ROOT"/}/test.log"
  RC=1
fi
log "timings: install $(fmt_ms "$INSTALL_MS"), start $(fmt_ms "$START_MS"), build $(fmt_ms "$BUILD_MS"), test $(fmt_ms "$TEST_MS"), stop $(fmt_ms "$STOP_MS")"
SKIP_NOTE=""
((SKIPPED == 0)) || SKIP_NOTE=", $SKIPPED skipped"
SUMMARY_PRINTED=1
echo "tests: $PASSED passed, $FAILED failed$SKIP_NOTE"
exit "$RC"
