#!/usr/bin/env bash
# Installs the real mail clients the end-to-end tests drive
# (tests/test_clients_e2e.py): neomutt, git and git send-email, and Emacs
# (emacs-nox) for the message-mode snippet; and a headless browser for the
# web page and extension tests (tests/browser): Debian's chromium and
# chromium-driver (selenium comes with the [test] extra);
# and for tests/test_thunderbird.py Thunderbird with its Russian language
# pack, Node.js, and web-ext in thunderbird/node_modules (npm ci, from
# thunderbird/package-lock.json).
#
# Never fails the CI run: where apt-get is missing, not permitted or offline,
# it says so and exits 0; the e2e tests then skip, each naming what is absent.
set -u

ROOT="$(cd "$(dirname "$0")/.." && pwd)"

# Thunderbird's part runs on every way out of this script (the clients' part
# below exits early when they are present or cannot be installed).
thunderbird_part() {
    local apt_ok=1 tb_pkgs=""
    command -v thunderbird >/dev/null 2>&1 || tb_pkgs="thunderbird"
    [ -e /usr/lib/thunderbird/extensions/langpack-ru@thunderbird.mozilla.org.xpi ] \
        || tb_pkgs="$tb_pkgs thunderbird-l10n-ru"
    command -v node >/dev/null 2>&1 || tb_pkgs="$tb_pkgs nodejs"
    command -v npm >/dev/null 2>&1 || tb_pkgs="$tb_pkgs npm"
    if [ -n "${tb_pkgs// /}" ]; then
        if ! command -v apt-get >/dev/null 2>&1; then
            apt_ok=0
        else
            local sudo="" timeout=""
            if [ "$(id -u)" != "0" ]; then
                if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else apt_ok=0; fi
            fi
            command -v timeout >/dev/null 2>&1 && timeout="timeout 900"
            if [ "$apt_ok" = 1 ]; then
                local apt="$sudo $timeout env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=120"
                $apt update >/dev/null 2>&1 || true
                # shellcheck disable=SC2086
                $apt install -y $tb_pkgs >/dev/null 2>&1 || apt_ok=0
            fi
        fi
        [ "$apt_ok" = 1 ] || echo "install-clients: could not install$tb_pkgs; Thunderbird tests will say what is missing" >&2
    fi
    if command -v npm >/dev/null 2>&1 && [ -f "$ROOT/thunderbird/package-lock.json" ]; then
        if [ ! -x "$ROOT/thunderbird/node_modules/.bin/web-ext" ]; then
            local t=""
            command -v timeout >/dev/null 2>&1 && t="timeout 600"
            (cd "$ROOT/thunderbird" && $t npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1) \
                || echo "install-clients: npm ci in thunderbird/ failed; web-ext lint will be skipped" >&2
        fi
    fi
    command -v thunderbird >/dev/null 2>&1 && echo "install-clients: $(thunderbird --version 2>/dev/null | tail -n 1)"
    return 0
}
trap 'thunderbird_part; exit 0' EXIT

# git-email needs Mail::Address (libmailtools-perl), only a Recommends of it
PACKAGES="neomutt git git-email libmailtools-perl"

have_all() {
    command -v neomutt >/dev/null 2>&1 || command -v mutt >/dev/null 2>&1 || return 1
    command -v git >/dev/null 2>&1 || return 1
    # `git send-email -h` exits 129 after printing usage; missing => "not a git command"
    git send-email -h 2>&1 | grep -q -- '--dry-run' || return 1
    perl -MMail::Address -e 1 >/dev/null 2>&1 || return 1
    return 0
}

have_browser() {
    { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; } \
        && command -v chromedriver >/dev/null 2>&1
}

# the browser tests' Chromium; optional like the rest: a failure only skips them
install_browser() {
    if have_browser; then
        echo "install-clients: chromium and chromedriver already present"
        return 0
    fi
    if $APT install -y --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null; then
        echo "install-clients: installed chromium and chromium-driver"
    else
        echo "install-clients: chromium/chromium-driver not installed; the browser tests will be skipped" >&2
    fi
    return 0
}

if have_all && command -v emacs >/dev/null 2>&1 && have_browser; then
    echo "install-clients: neomutt/mutt, git, git send-email, emacs and chromium already present"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-clients: apt-get not found; e2e client tests will be skipped" >&2
    exit 0
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        echo "install-clients: not root and no password-less sudo; e2e client tests will be skipped" >&2
        exit 0
    fi
fi

# bounded: a held dpkg lock or a slow mirror must not stall CI
TIMEOUT=""
command -v timeout >/dev/null 2>&1 && TIMEOUT="timeout 600"
APT="$SUDO $TIMEOUT env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=120"
if ! $APT update >/dev/null; then
    echo "install-clients: apt-get update failed (offline?); e2e client tests will be skipped" >&2
    exit 0
fi
install_browser
# shellcheck disable=SC2086
if ! have_all && ! $APT install -y --no-install-recommends $PACKAGES >/dev/null; then
    echo "install-clients: apt-get install $PACKAGES failed; e2e client tests will be skipped" >&2
    exit 0
fi

# optional: Emacs for the message-mode snippet's test (skipped when absent)
if ! command -v emacs >/dev/null 2>&1; then
    $APT install -y --no-install-recommends emacs-nox >/dev/null \
        || echo "install-clients: emacs-nox not installed; the Emacs test will be skipped" >&2
fi

if have_all; then
    echo "install-clients: installed $PACKAGES"
else
    echo "install-clients: installed, but a client is still missing; e2e client tests will say which" >&2
fi
exit 0
