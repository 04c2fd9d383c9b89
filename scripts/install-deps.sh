#!/usr/bin/env bash
# Installs what the integration tests need and is missing: PostgreSQL, MariaDB, a Python with
# `cryptography` and `requests`, Node.js/npm and the CongoDB (MongoDB wire) server from npm.
# moto_server must already be there (pyenv); no registry serves it here.
# Idempotent and quiet: prints one line per thing it had to install, details go to .tmp/logs/.
# Writes the facts it found to .tmp/deps.env (read by scripts/services/start.sh).
set -euo pipefail
PANGOLIN_LOG_TAG=install-deps
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $EUID -eq 0 ]] || die "must run as root (installs with apt-get, starts servers as the postgres/mysql users)"
mkdir -p "$TMP_DIR" "$LOG_DIR"

CONGODB_DIR="$TMP_DIR/congodb"
CONGODB_STAMP="smartmongo@2.2.0 bson@6.10.4 mingo@7.2.7 smartfs@1.5.0 smartpath@5.1.0 smartpromise@4.2.3 smartrx@3.0.10 v1"

APT_UPDATED=0
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if ((APT_UPDATED == 0)); then
    run_quiet apt-update apt-get -o DPkg::Lock::Timeout=300 update -q || die "apt-get update failed"
    APT_UPDATED=1
  fi
  log "installing $* (apt)"
  run_quiet "apt-install-$1" apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "$@" \
    || die "apt-get install $* failed"
}

# ---- PostgreSQL ------------------------------------------------------------------------------
pg_bin_dir() {
  local d best="" v bestv=0
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x "$d/postgres" && -x "$d/initdb" && -x "$d/pg_ctl" ]] || continue
    v="${d#/usr/lib/postgresql/}"; v="${v%%/*}"; v="${v%%.*}"
    [[ "$v" =~ ^[0-9]+$ ]] || continue
    if ((v > bestv)); then bestv=$v; best=$d; fi
  done
  [[ -n "$best" ]] && printf '%s\n' "$best"
}
PG_BIN="$(pg_bin_dir || true)"
if [[ -z "$PG_BIN" || ! -x "$PG_BIN/pg_isready" ]]; then
  apt_install postgresql postgresql-client
  PG_BIN="$(pg_bin_dir)" || die "PostgreSQL installed but no /usr/lib/postgresql/*/bin/postgres found"
fi
id postgres >/dev/null 2>&1 || die "PostgreSQL is installed but there is no 'postgres' system user"

# ---- MariaDB ---------------------------------------------------------------------------------
mariadb_ok() {
  command -v mariadb-install-db >/dev/null 2>&1 && { [[ -x /usr/sbin/mariadbd ]] || command -v mariadbd >/dev/null 2>&1; } \
    && command -v mariadb >/dev/null 2>&1 && command -v mariadb-admin >/dev/null 2>&1 && id mysql >/dev/null 2>&1
}
if ! mariadb_ok; then
  apt_install mariadb-server mariadb-client
  mariadb_ok || die "mariadb-server installed but mariadbd/mariadb-install-db/mysql user are missing"
fi
MARIADBD="$(command -v mariadbd || echo /usr/sbin/mariadbd)"

# ---- Python with cryptography + requests ---------------------------------------------------------
py_ok() { "$1" -c 'import cryptography, requests' >/dev/null 2>&1; }
find_python() {
  local c exe
  local -a cands=()
  command -v python3 >/dev/null 2>&1 && cands+=("$(command -v python3)")
  command -v pyenv >/dev/null 2>&1 && cands+=("$(pyenv which python3 2>/dev/null || true)")
  for c in "$HOME"/.pyenv/versions/*/bin/python3 /root/.pyenv/versions/*/bin/python3 /usr/bin/python3; do
    cands+=("$c")
  done
  for c in "${cands[@]}"; do
    [[ -n "$c" && -x "$c" ]] || continue
    if py_ok "$c"; then
      # resolve pyenv shims to the real interpreter (faster to start, independent of PATH)
      exe="$("$c" -c 'import sys; print(sys.executable)' 2>/dev/null)" || exe="$c"
      printf '%s\n' "${exe:-$c}"
      return 0
    fi
  done
  return 1
}
PYTHON="$(find_python || true)"
if [[ -z "$PYTHON" ]]; then
  # Debian's packages serve /usr/bin/python3 only.
  apt_install python3 python3-cryptography python3-requests
  PYTHON="$(find_python)" || die "no python3 with both 'cryptography' and 'requests' after installing python3-cryptography python3-requests"
fi

# ---- moto_server (AWS emulator) ------------------------------------------------------------------
find_moto() {
  local c
  if command -v pyenv >/dev/null 2>&1 && c="$(pyenv which moto_server 2>/dev/null)" && [[ -x "$c" ]]; then
    printf '%s\n' "$c"; return 0
  fi
  for c in "$(command -v moto_server 2>/dev/null || true)" "$HOME"/.pyenv/versions/*/bin/moto_server /root/.pyenv/versions/*/bin/moto_server; do
    [[ -n "$c" && -x "$c" ]] && { printf '%s\n' "$c"; return 0; }
  done
  return 1
}
MOTO_SERVER="$(find_moto || true)"
if [[ -z "$MOTO_SERVER" ]]; then
  msg="moto_server (moto 5.x, AWS emulator) is not installed and cannot be installed here (PyPI is not reachable); it is expected in the machine image's pyenv Python."
  if is_ci; then die "$msg"; else warn "$msg AWS integration tests will fail."; fi
fi

# ---- Node.js + CongoDB -------------------------------------------------------------------------
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm
fi
NODE="$(command -v node)"

congodb_ok() {
  [[ -f "$CONGODB_DIR/.installed" && "$(cat "$CONGODB_DIR/.installed")" == "$CONGODB_STAMP" \
     && -f "$CONGODB_DIR/node_modules/@push.rocks/smartmongo/dist_ts/congodb/index.js" ]]
}
if ! congodb_ok; then
  log "installing CongoDB (npm @push.rocks/smartmongo@2.2.0) into ${CONGODB_DIR#"$REPO_ROOT"/}"
  rm -rf "$CONGODB_DIR"
  mkdir -p "$CONGODB_DIR"
  printf '{ "name": "pangolin-congodb", "private": true, "version": "0.0.0" }\n' >"$CONGODB_DIR/package.json"
  # A plain `npm install @push.rocks/smartmongo` fails (a transitive dependency is missing from the
  # registry and another one downloads mongod): install only what the CongoDB server imports.
  ( cd "$CONGODB_DIR" && run_quiet npm-install-congodb npm install --no-audit --no-fund --no-update-notifier \
      --save-exact --loglevel=error \
      bson@6.10.4 mingo@7.2.7 @push.rocks/smartfs@1.5.0 @push.rocks/smartpath@5.1.0 \
      @push.rocks/smartpromise@4.2.3 @push.rocks/smartrx@3.0.10 ) || die "npm install for CongoDB failed"
  ( cd "$CONGODB_DIR" && run_quiet npm-pack-smartmongo npm pack --no-update-notifier --loglevel=error \
      @push.rocks/smartmongo@2.2.0 ) || die "npm pack @push.rocks/smartmongo@2.2.0 failed"
  tgz="$(find "$CONGODB_DIR" -maxdepth 1 -name '*smartmongo*.tgz' | head -n1)"
  [[ -n "$tgz" ]] || die "npm pack wrote no smartmongo tarball"
  mkdir -p "$CONGODB_DIR/node_modules/@push.rocks/smartmongo"
  tar -xzf "$tgz" -C "$CONGODB_DIR/node_modules/@push.rocks/smartmongo" --strip-components=1
  rm -f "$tgz"
  [[ -f "$CONGODB_DIR/node_modules/@push.rocks/smartmongo/dist_ts/congodb/index.js" ]] \
    || die "smartmongo unpacked but dist_ts/congodb/index.js is missing"
  printf '%s\n' "$CONGODB_STAMP" >"$CONGODB_DIR/.installed"
fi

# ---- facts for start.sh --------------------------------------------------------------------------
{
  printf 'PG_BIN=%q\n' "$PG_BIN"
  printf 'MARIADBD=%q\n' "$MARIADBD"
  printf 'PANGOLIN_TEST_PYTHON=%q\n' "$PYTHON"
  printf 'MOTO_SERVER=%q\n' "$MOTO_SERVER"
  printf 'NODE=%q\n' "$NODE"
  printf 'CONGODB_DIR=%q\n' "$CONGODB_DIR"
} >"$DEPS_ENV.tmp"
mv "$DEPS_ENV.tmp" "$DEPS_ENV"
