# shellcheck shell=bash disable=SC2034  # variables are used by the scripts that source this file
# Shared helpers for scripts/*.sh. Source it; it sets REPO_ROOT and the .tmp/ layout.

PANGOLIN_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$PANGOLIN_SCRIPTS_DIR/.." && pwd)"
TMP_DIR="$REPO_ROOT/.tmp"
LOG_DIR="$TMP_DIR/logs"            # verbose output of installs, builds and tests
STATE_DIR="$TMP_DIR/services"      # pid files, run-dir pointer, copied server logs
SERVICES_ENV="$TMP_DIR/services.env"
DEPS_ENV="$TMP_DIR/deps.env"
export REPO_ROOT

log()  { printf '[%s] %s\n' "${PANGOLIN_LOG_TAG:-pangolin}" "$*" >&2; }
warn() { printf '[%s] WARNING: %s\n' "${PANGOLIN_LOG_TAG:-pangolin}" "$*" >&2; }
die()  { printf '[%s] ERROR: %s\n' "${PANGOLIN_LOG_TAG:-pangolin}" "$*" >&2; exit 1; }

is_ci() { [[ "${CI:-}" == "true" || "${CI:-}" == "1" ]]; }

# now_ms: milliseconds since the epoch (for timings).
now_ms() { date +%s%3N; }

# run_quiet LOGNAME CMD...: runs CMD with all output in $LOG_DIR/LOGNAME.log;
# on failure prints the log's tail and returns the command's exit code.
run_quiet() {
  local name="$1"; shift
  local logf="$LOG_DIR/$name.log"
  mkdir -p "$LOG_DIR"
  if "$@" </dev/null >"$logf" 2>&1; then
    return 0
  else
    local rc=$?
    # shellcheck disable=SC2016
    printf '[%s] ERROR: `%s` failed (exit %d); last lines of %s:\n' "${PANGOLIN_LOG_TAG:-pangolin}" "$*" "$rc" "$logf" >&2
    tail -n 40 "$logf" | sed 's/^/    /' >&2
    return "$rc"
  fi
}

# proc_start_time PID: the process's start time in clock ticks (field 22 of
# /proc/PID/stat), used to make sure a PID file still names the process we started.
proc_start_time() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"                       # drop "pid (comm) "
  # shellcheck disable=SC2086
  set -- $stat
  printf '%s\n' "${20}"                     # field 22 overall = 20th after comm
}

# write_pid_file NAME PID [SIGNAL]: records PID, its start time and the signal that stops it.
write_pid_file() {
  local name="$1" pid="$2" sig="${3:-TERM}" st
  st="$(proc_start_time "$pid")" || st=0
  mkdir -p "$STATE_DIR"
  printf '%s %s %s\n' "$pid" "$st" "$sig" >"$STATE_DIR/$name.pid"
}

# random_hex N: N random bytes as hex (passwords for throwaway servers).
random_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

# pick_free_ports N: prints N distinct free TCP ports on 127.0.0.1, one a line, chosen
# below the ephemeral range (so an outgoing connection cannot take them meanwhile).
pick_free_ports() {
  local n="$1" found=() p tries=0
  while ((${#found[@]} < n)); do
    ((tries++ < 2000)) || { echo "could not find $n free ports" >&2; return 1; }
    p=$((20000 + RANDOM % 12000))
    [[ " ${found[*]} " == *" $p "* ]] && continue
    port_is_free "$p" && found+=("$p")
  done
  printf '%s\n' "${found[@]}"
}

# port_is_free PORT: nothing listens on 127.0.0.1:PORT (and, where ss exists, nothing is bound to it).
port_is_free() {
  local p="$1"
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then return 1; fi
  if command -v ss >/dev/null 2>&1; then
    [[ -z "$(ss -Htan "( sport = :$p )" 2>/dev/null)" ]] || return 1
  fi
  return 0
}

# tcp_ready PORT: a TCP connect to 127.0.0.1:PORT succeeds.
tcp_ready() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_until TIMEOUT_S DESCRIPTION CMD...: polls CMD every 0.1 s until it succeeds.
wait_until() {
  local timeout="$1" what="$2"; shift 2
  local deadline=$(( $(now_ms) + timeout * 1000 ))
  until "$@" >/dev/null 2>&1; do
    if (( $(now_ms) > deadline )); then
      log "timed out after ${timeout}s waiting for $what"
      return 1
    fi
    sleep 0.1
  done
}

# pid_running PID: the process exists and is not a zombie waiting to be reaped (the reaper of
# orphaned servers may be slow to collect them, and `kill -0` succeeds on zombies).
pid_running() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  state="${state##*) }"
  [[ "${state%% *}" != Z ]]
}

# wait_ready PID LOGFILE TIMEOUT_S DESCRIPTION CMD...: like wait_until, but gives up at once (and
# shows the end of LOGFILE) when the server process PID has exited.
wait_ready() {
  local pid="$1" logf="$2" timeout="$3" what="$4"; shift 4
  local deadline=$(( $(now_ms) + timeout * 1000 ))
  until "$@" >/dev/null 2>&1; do
    if ! pid_running "$pid"; then
      log "$what exited during start-up; last lines of $logf:"
      tail -n 20 "$logf" 2>/dev/null | sed 's/^/    /' >&2
      return 1
    fi
    if (( $(now_ms) > deadline )); then
      log "timed out after ${timeout}s waiting for $what (log: $logf)"
      return 1
    fi
    sleep 0.1
  done
}

# proc_pgid PID: the process group of PID.
proc_pgid() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  # shellcheck disable=SC2086
  set -- $stat
  printf '%s\n' "$3"
}
