#!/usr/bin/env bash
# Make sure the PostgreSQL server binaries (initdb, pg_ctl, postgres) the test suite needs exist.
#
# Looks where tests/support/pgserver.py looks: $DATALCHEMY_PG_BINDIR, `pg_config --bindir`,
# the highest /usr/lib/postgresql/*/bin, then initdb on PATH. If none has initdb, installs the
# Debian/Ubuntu packages (as root, or through passwordless `sudo -n`), then checks again.
set -euo pipefail

PACKAGES=(postgresql postgresql-client)

die() {
    printf 'ensure_postgres: %s\n' "$*" >&2
    exit 1
}

# Print the directory holding initdb and return 0, or return 1.
find_bindir() {
    local dir
    if [[ -n "${DATALCHEMY_PG_BINDIR:-}" ]]; then
        [[ -x "$DATALCHEMY_PG_BINDIR/initdb" ]] || return 1
        printf '%s\n' "$DATALCHEMY_PG_BINDIR"
        return 0
    fi
    if command -v pg_config >/dev/null 2>&1; then
        dir="$(pg_config --bindir 2>/dev/null || true)"
        if [[ -n "$dir" && -x "$dir/initdb" ]]; then
            printf '%s\n' "$dir"
            return 0
        fi
    fi
    while IFS= read -r dir; do
        if [[ -n "$dir" && -x "$dir/initdb" ]]; then
            printf '%s\n' "$dir"
            return 0
        fi
    done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -V -r)
    if dir="$(command -v initdb 2>/dev/null)"; then
        dirname "$(readlink -f "$dir")"
        return 0
    fi
    return 1
}

manual_hint="install the PostgreSQL server yourself, e.g. \`apt-get install postgresql\` \
(Debian/Ubuntu), \`dnf install postgresql-server\` (Fedora), \`brew install postgresql\` \
(macOS), then re-run this script or set DATALCHEMY_PG_BINDIR to the directory holding initdb"

if bindir="$(find_bindir)"; then
    echo "PostgreSQL server binaries found: $bindir/initdb"
    exit 0
fi

if [[ -n "${DATALCHEMY_PG_BINDIR:-}" ]]; then
    die "DATALCHEMY_PG_BINDIR=$DATALCHEMY_PG_BINDIR has no executable initdb; fix or unset it"
fi

echo "PostgreSQL server binaries (initdb) not found; installing ${PACKAGES[*]}" >&2
command -v apt-get >/dev/null 2>&1 || die "apt-get is not available here; $manual_hint"

if [[ "$(id -u)" -eq 0 ]]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${PACKAGES[@]}"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -n apt-get update
    sudo -n env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${PACKAGES[@]}"
else
    die "not root and passwordless sudo is unavailable, so cannot install; $manual_hint"
fi

if bindir="$(find_bindir)"; then
    echo "PostgreSQL server binaries installed: $bindir/initdb"
    exit 0
fi
die "installed ${PACKAGES[*]} but still cannot find initdb; $manual_hint"
