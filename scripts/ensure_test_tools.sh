#!/usr/bin/env bash
# Make sure the system packages the test suite drives for real are installed:
#   - the ODBC driver manager and Debian's PostgreSQL and SQLite ODBC drivers (load/db tests)
#   - Chromium (the evaluation report is rendered headless and screenshotted)
#   - Graphviz (`dot` draws the report's FK graph; the pure-Python layout is tested too)
#   - tmux (the `datalchemy tui` smoke test types into the real program and reads its screen)
# PostgreSQL itself is scripts/ensure_postgres.sh. Installs with apt (as root, or through
# passwordless `sudo -n`) only what is missing; on other systems it says what to install.
set -euo pipefail

die() {
    printf 'ensure_test_tools: %s\n' "$*" >&2
    exit 1
}

missing=()
grep -qs '^\[PostgreSQL Unicode\]' /etc/odbcinst.ini || missing+=(odbc-postgresql)
grep -qs '^\[SQLite3\]' /etc/odbcinst.ini || missing+=(libsqliteodbc)
[[ -e /usr/lib/x86_64-linux-gnu/libodbc.so.2 || -e /usr/lib/aarch64-linux-gnu/libodbc.so.2 ]] \
    || missing+=(unixodbc)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "test tools found: ODBC drivers (PostgreSQL Unicode, SQLite3), chromium, graphviz, tmux"
    exit 0
fi

hint="install them yourself (Debian/Ubuntu: apt-get install ${missing[*]})"
echo "installing missing test tools: ${missing[*]}" >&2
command -v apt-get >/dev/null 2>&1 || die "apt-get is not available here; $hint"
if [[ "$(id -u)" -eq 0 ]]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends unixodbc "${missing[@]}"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -n apt-get update
    sudo -n env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends unixodbc "${missing[@]}"
else
    die "not root and passwordless sudo is unavailable, so cannot install; $hint"
fi
grep -qs '^\[PostgreSQL Unicode\]' /etc/odbcinst.ini || die "psqlODBC did not register in /etc/odbcinst.ini"
grep -qs '^\[SQLite3\]' /etc/odbcinst.ini || die "the SQLite3 ODBC driver did not register"
command -v chromium >/dev/null 2>&1 || die "chromium is still missing after the install"
command -v tmux >/dev/null 2>&1 || die "tmux is still missing after the install"
echo "test tools installed: ${missing[*]}"
