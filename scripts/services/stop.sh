#!/usr/bin/env bash
# Stops the servers started by scripts/services/start.sh, by the PIDs it recorded (never by name),
# keeps their logs in .tmp/logs/, and removes their throwaway data directory and .tmp/services.env.
# Safe to run any time: does nothing when nothing runs. Option: --quiet.
set -euo pipefail
PANGOLIN_LOG_TAG=services
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

QUIET=0
[[ "${1:-}" == "--quiet" ]] && QUIET=1
T0=$(now_ms)

RUN_DIR=""
[[ -f "$STATE_DIR/run-dir" ]] && RUN_DIR="$(cat "$STATE_DIR/run-dir")"
[[ "$RUN_DIR" == /tmp/pangolin-test-* ]] || RUN_DIR=""

PIDS=() SIGS=() NAMES=()
add_target() {  # NAME PID SIGNAL EXPECTED_START_TIME(0 = unknown) EXPECTED_COMM(optional)
  local name="$1" pid="$2" sig="$3" st="$4" comm="${5:-}" p
  [[ "$pid" =~ ^[0-9]+$ ]] && ((pid > 1)) || return 0
  for p in "${PIDS[@]}"; do [[ "$p" == "$pid" ]] && return 0; done
  pid_running "$pid" || return 0
  if [[ "$st" != 0 ]] && [[ "$(proc_start_time "$pid" || true)" != "$st" ]]; then return 0; fi   # PID reused
  if [[ -n "$comm" ]] && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" != "$comm"* ]]; then return 0; fi
  PIDS+=("$pid") SIGS+=("$sig") NAMES+=("$name")
}

shopt -s nullglob
for f in "$STATE_DIR"/*.pid; do
  read -r pid st sig _ <"$f" || true
  add_target "$(basename "$f" .pid)" "${pid:-}" "${sig:-TERM}" "${st:-0}"
done
# Servers whose start was interrupted before their PID file was written.
if [[ -n "$RUN_DIR" ]]; then
  [[ -f "$RUN_DIR/postgres/data/postmaster.pid" ]] \
    && add_target postgres "$(head -n1 "$RUN_DIR/postgres/data/postmaster.pid")" QUIT 0 postgres
  [[ -f "$RUN_DIR/mariadb/mariadbd.pid" ]] \
    && add_target mariadb "$(head -n1 "$RUN_DIR/mariadb/mariadbd.pid")" TERM 0 mariadbd
fi

for i in "${!PIDS[@]}"; do kill "-${SIGS[$i]}" "${PIDS[$i]}" 2>/dev/null || true; done

# Wait for all of them together; whatever outlives the grace period is killed.
# Each exit is timed into .tmp/logs/stop-timings.log.
mkdir -p "$LOG_DIR"
: >"$LOG_DIR/stop-timings.log"
FINISHED=()
alive() {
  local i any=1
  for i in "${!PIDS[@]}"; do
    [[ -n "${FINISHED[$i]:-}" ]] && continue
    if pid_running "${PIDS[$i]}"; then
      any=0
    else
      FINISHED[i]=1
      printf '%-10s %5d ms\n' "${NAMES[$i]}" $(( $(now_ms) - T0 )) >>"$LOG_DIR/stop-timings.log"
    fi
  done
  return "$any"
}
GRACE_MS=$(( ${PANGOLIN_SERVICE_STOP_TIMEOUT:-10} * 1000 ))
while ((${#PIDS[@]} > 0)) && alive && (( $(now_ms) - T0 < GRACE_MS )); do sleep 0.05; done
for i in "${!PIDS[@]}"; do
  if pid_running "${PIDS[$i]}"; then
    warn "${NAMES[$i]} (pid ${PIDS[$i]}) did not stop in time: killing it"
    kill -KILL "${PIDS[$i]}" 2>/dev/null || true
  fi
done
while ((${#PIDS[@]} > 0)) && alive && (( $(now_ms) - T0 < GRACE_MS + 3000 )); do sleep 0.05; done

if [[ -n "$RUN_DIR" && -d "$RUN_DIR" ]]; then
  mkdir -p "$LOG_DIR"
  [[ -f "$RUN_DIR/postgres/postgres.log" ]] && cp "$RUN_DIR/postgres/postgres.log" "$LOG_DIR/postgres.log"
  [[ -f "$RUN_DIR/mariadb/error.log" ]] && cp "$RUN_DIR/mariadb/error.log" "$LOG_DIR/mariadb.log"
  rm -rf "$RUN_DIR"
fi
rm -f "$STATE_DIR"/*.pid "$STATE_DIR/run-dir" "$STATE_DIR/moto-credentials" "$SERVICES_ENV"

T1=$(now_ms)
if ((QUIET == 0)); then
  if ((${#PIDS[@]} > 0)); then
    log "stopped ${NAMES[*]} in $(( (T1 - T0) / 1000 )).$(( (T1 - T0) % 1000 / 100 ))s"
  else
    log "nothing was running"
  fi
fi
