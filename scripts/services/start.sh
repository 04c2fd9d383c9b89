#!/usr/bin/env bash
# Starts throwaway test servers on 127.0.0.1, each on a free port picked now:
#   PostgreSQL (scram-sha-256, fsync off), MariaDB, moto_server (SigV4 verified), CongoDB (MongoDB wire).
# Writes the connection facts to .tmp/services.env (source it to get the PANGOLIN_TEST_* variables)
# and the PIDs to .tmp/services/*.pid; scripts/services/stop.sh stops them.
# Runs scripts/install-deps.sh first if it has never run in this checkout.
set -euo pipefail
PANGOLIN_LOG_TAG=services
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

[[ $EUID -eq 0 ]] || die "must run as root (PostgreSQL and MariaDB are started as the postgres/mysql users)"
[[ -f "$DEPS_ENV" ]] || bash "$PANGOLIN_SCRIPTS_DIR/install-deps.sh"
# shellcheck source=/dev/null
source "$DEPS_ENV"

T0=$(now_ms)
# A previous run left with --keep (or killed hard) is stopped first.
bash "$PANGOLIN_SCRIPTS_DIR/services/stop.sh" --quiet

mkdir -p "$STATE_DIR" "$LOG_DIR"
# The data directories live under /tmp: the checkout may not be traversable by postgres/mysql.
RUN_DIR="$(mktemp -d /tmp/pangolin-test-XXXXXX)"
chmod 755 "$RUN_DIR"
printf '%s\n' "$RUN_DIR" >"$STATE_DIR/run-dir"

JOB_PIDS=()
STARTED=0
# shellcheck disable=SC2317  # invoked by the EXIT trap
on_exit() {
  local rc=$?
  if ((STARTED == 0)); then
    # Let the start jobs finish (each has a timeout; they ignore SIGINT) so that every server they
    # started has its PID file, then stop everything.
    local j
    for j in "${JOB_PIDS[@]}"; do wait "$j" 2>/dev/null || true; done
    log "start failed; stopping what was started (logs: ${LOG_DIR#"$REPO_ROOT"/}/)"
    bash "$PANGOLIN_SCRIPTS_DIR/services/stop.sh" --quiet || true
    ((rc != 0)) || rc=1
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mapfile -t PORTS < <(pick_free_ports 4)
PG_PORT=${PORTS[0]} MARIADB_PORT=${PORTS[1]} MOTO_PORT=${PORTS[2]} MONGO_PORT=${PORTS[3]}
PG_PASSWORD="pg$(random_hex 12)"
MARIADB_USER=pangolin
MARIADB_PASSWORD="my$(random_hex 12)"
START_TIMEOUT=${PANGOLIN_SERVICE_START_TIMEOUT:-60}

# ---- PostgreSQL --------------------------------------------------------------------------------
start_postgres() {
  local d="$RUN_DIR/postgres"
  mkdir -p "$d"
  chown postgres:postgres "$d"
  chmod 700 "$d"
  printf '%s\n' "$PG_PASSWORD" >"$d/pwfile"
  chown postgres:postgres "$d/pwfile"
  chmod 600 "$d/pwfile"
  run_quiet postgres-initdb runuser -u postgres -- "$PG_BIN/initdb" -D "$d/data" -U postgres \
    --auth-local=trust --auth-host=scram-sha-256 --pwfile="$d/pwfile" \
    -E UTF8 --locale=C --no-sync --no-instructions || return 1
  rm -f "$d/pwfile"
  run_quiet postgres-start runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$d/data" -w -t "$START_TIMEOUT" \
    -l "$d/postgres.log" \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $d -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start || { cat "$d/postgres.log" >>"$LOG_DIR/postgres-start.log" 2>/dev/null; return 1; }
  write_pid_file postgres "$(head -n1 "$d/data/postmaster.pid")" QUIT  # immediate shutdown: throwaway data
  wait_until "$START_TIMEOUT" "PostgreSQL on port $PG_PORT" "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"
}

# ---- MariaDB -------------------------------------------------------------------------------------
start_mariadb() {
  local d="$RUN_DIR/mariadb"
  mkdir -p "$d"
  chown mysql:mysql "$d"
  chmod 750 "$d"
  run_quiet mariadb-install-db mariadb-install-db --no-defaults --user=mysql --datadir="$d/data" \
    --auth-root-authentication-method=socket --skip-test-db --skip-name-resolve || return 1
  # --no-defaults must come first. mariadbd drops to the mysql user itself.
  "$MARIADBD" --no-defaults --user=mysql --datadir="$d/data" --socket="$d/mariadb.sock" \
    --bind-address=127.0.0.1 --port="$MARIADB_PORT" --pid-file="$d/mariadbd.pid" --log-error="$d/error.log" \
    --skip-name-resolve --skip-log-bin --innodb-flush-log-at-trx-commit=0 --innodb-fast-shutdown=2 \
    --innodb-buffer-pool-size=128M --max-connections=300 \
    </dev/null >"$LOG_DIR/mariadb-start.log" 2>&1 &
  local pid=$!
  write_pid_file mariadb "$pid" TERM
  wait_ready "$pid" "$d/error.log" "$START_TIMEOUT" "MariaDB on port $MARIADB_PORT" \
    mariadb-admin --no-defaults --socket="$d/mariadb.sock" -uroot status || return 1
  local u="'$MARIADB_USER'"
  run_quiet mariadb-create-user mariadb --no-defaults --socket="$d/mariadb.sock" -uroot -e "
    CREATE USER $u@'127.0.0.1' IDENTIFIED BY '$MARIADB_PASSWORD';
    CREATE USER $u@'localhost' IDENTIFIED BY '$MARIADB_PASSWORD';
    GRANT ALL PRIVILEGES ON *.* TO $u@'127.0.0.1' WITH GRANT OPTION;
    GRANT ALL PRIVILEGES ON *.* TO $u@'localhost' WITH GRANT OPTION;" || return 1
  MYSQL_PWD="$MARIADB_PASSWORD" run_quiet mariadb-tcp-check mariadb --no-defaults --protocol=tcp \
    -h 127.0.0.1 -P "$MARIADB_PORT" -u"$MARIADB_USER" -e 'SELECT 1'
}

# ---- moto_server (AWS) -----------------------------------------------------------------------------
# The first MOTO_NO_AUTH_COUNT requests that reach a service action are let through unauthenticated;
# from then on every request must be SigV4-signed with a known access key whose IAM policy allows it.
# This script spends exactly that budget: CreateUser, PutUserPolicy (Allow *:*), CreateAccessKey.
MOTO_NO_AUTH_COUNT=3
MOTO_USER=pangolin-test
moto_iam() {  # unsigned IAM Query call; the header only tells moto which service is meant
  curl -sS --fail-with-body --max-time 20 \
    -H 'Authorization: AWS4-HMAC-SHA256 Credential=AKIDBOOTSTRAP/20200101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0' \
    --data-urlencode Version=2010-05-08 "$@" "http://127.0.0.1:$MOTO_PORT/"
}
start_moto() {
  [[ -n "${MOTO_SERVER:-}" ]] || { log "moto_server is not installed: not started"; return 0; }
  INITIAL_NO_AUTH_ACTION_COUNT=$MOTO_NO_AUTH_COUNT "$MOTO_SERVER" -H 127.0.0.1 -p "$MOTO_PORT" \
    </dev/null >"$LOG_DIR/moto.log" 2>&1 &
  local pid=$!
  write_pid_file moto "$pid" TERM
  # GET /moto-api/ does not count against INITIAL_NO_AUTH_ACTION_COUNT.
  wait_ready "$pid" "$LOG_DIR/moto.log" "$START_TIMEOUT" "moto_server on port $MOTO_PORT" \
    curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$MOTO_PORT/moto-api/" || return 1
  local policy='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' out
  {
    moto_iam --data-urlencode Action=CreateUser --data-urlencode "UserName=$MOTO_USER" \
    && moto_iam --data-urlencode Action=PutUserPolicy --data-urlencode "UserName=$MOTO_USER" \
         --data-urlencode PolicyName=allow-all --data-urlencode "PolicyDocument=$policy"
  } >"$LOG_DIR/moto-provision.log" 2>&1 || { log "moto IAM provisioning failed (see $LOG_DIR/moto-provision.log)"; return 1; }
  out="$(moto_iam --data-urlencode Action=CreateAccessKey --data-urlencode "UserName=$MOTO_USER" 2>&1)" \
    || { log "moto CreateAccessKey failed: $out"; return 1; }
  local ak sk
  ak="$(sed -n 's:.*<AccessKeyId>\([^<]*\)</AccessKeyId>.*:\1:p' <<<"$out")"
  sk="$(sed -n 's:.*<SecretAccessKey>\([^<]*\)</SecretAccessKey>.*:\1:p' <<<"$out")"
  [[ -n "$ak" && -n "$sk" ]] || { log "moto CreateAccessKey returned no key: $out"; return 1; }
  printf '%s\n%s\n' "$ak" "$sk" >"$STATE_DIR/moto-credentials"
  chmod 600 "$STATE_DIR/moto-credentials"
}

# ---- CongoDB (MongoDB wire protocol) ---------------------------------------------------------------
start_congodb() {
  "$NODE" "$PANGOLIN_SCRIPTS_DIR/services/congodb-server.mjs" "$MONGO_PORT" "$CONGODB_DIR" \
    </dev/null >"$LOG_DIR/congodb.log" 2>&1 &
  local pid=$!
  write_pid_file congodb "$pid" TERM
  wait_ready "$pid" "$LOG_DIR/congodb.log" "$START_TIMEOUT" "CongoDB on port $MONGO_PORT" tcp_ready "$MONGO_PORT"
}

# Start all four in parallel, then wait for every one of them (each has its own timeout).
# timed NAME FUNCTION: runs FUNCTION and appends its duration to .tmp/logs/start-timings.log.
timed() {
  local t0 rc=0
  t0=$(now_ms)
  "$2" || rc=$?
  printf '%-10s %5d ms  rc=%d\n' "$1" $(( $(now_ms) - t0 )) "$rc" >>"$LOG_DIR/start-timings.log"
  return "$rc"
}
rm -f "$STATE_DIR/moto-credentials" "$LOG_DIR/start-timings.log"
timed postgres start_postgres & JOB_PIDS+=($!)
timed mariadb  start_mariadb  & JOB_PIDS+=($!)
timed moto     start_moto     & JOB_PIDS+=($!)
timed congodb  start_congodb  & JOB_PIDS+=($!)
NAMES=(PostgreSQL MariaDB moto CongoDB)
FAILED=()
for i in "${!JOB_PIDS[@]}"; do
  wait "${JOB_PIDS[$i]}" || FAILED+=("${NAMES[$i]}")
done
JOB_PIDS=()
((${#FAILED[@]} == 0)) || die "could not start: ${FAILED[*]}"

AWS_AK="" AWS_SK="" MOTO_URL=""
if [[ -f "$STATE_DIR/moto-credentials" ]]; then
  { read -r AWS_AK; read -r AWS_SK; } <"$STATE_DIR/moto-credentials"
  MOTO_URL="http://127.0.0.1:$MOTO_PORT"
fi

{
  echo "# Written by scripts/services/start.sh at $(date -u +%FT%TZ); removed by scripts/services/stop.sh."
  echo "# Throwaway servers on 127.0.0.1 only. Source this file to get the variables."
  printf "export %s='%s'\n" \
    PANGOLIN_TEST_SERVERS 1 \
    PANGOLIN_TEST_POSTGRES "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD" \
    PANGOLIN_TEST_POSTGRES_PORT "$PG_PORT" \
    PANGOLIN_TEST_MARIADB "Server=127.0.0.1;Port=$MARIADB_PORT;User ID=$MARIADB_USER;Password=$MARIADB_PASSWORD" \
    PANGOLIN_TEST_MARIADB_PORT "$MARIADB_PORT" \
    PANGOLIN_TEST_MONGODB "mongodb://127.0.0.1:$MONGO_PORT" \
    PANGOLIN_TEST_PYTHON "$PANGOLIN_TEST_PYTHON"
  if [[ -n "$MOTO_URL" ]]; then
    printf "export %s='%s'\n" \
      PANGOLIN_TEST_MOTO_URL "$MOTO_URL" \
      PANGOLIN_TEST_AWS_ACCESS_KEY_ID "$AWS_AK" \
      PANGOLIN_TEST_AWS_SECRET_ACCESS_KEY "$AWS_SK" \
      PANGOLIN_TEST_AWS_REGION us-east-1
  fi
} >"$SERVICES_ENV.tmp"
chmod 600 "$SERVICES_ENV.tmp"
mv "$SERVICES_ENV.tmp" "$SERVICES_ENV"
rm -f "$STATE_DIR/moto-credentials"

STARTED=1
T1=$(now_ms)
moto_note="moto :$MOTO_PORT"
[[ -n "$MOTO_URL" ]] || moto_note="moto NOT INSTALLED"
log "started PostgreSQL :$PG_PORT, MariaDB :$MARIADB_PORT, $moto_note, CongoDB :$MONGO_PORT in $(( (T1 - T0) / 1000 )).$(( (T1 - T0) % 1000 / 100 ))s; facts in ${SERVICES_ENV#"$REPO_ROOT"/}"
