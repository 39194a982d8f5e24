#!/usr/bin/env bash
# Installs what Carnet needs on a fresh Debian machine, as root; does nothing for what is there.
#   scripts/install-deps.sh          build and run: libgit2, pkg-config
#   scripts/install-deps.sh --test   also the real peers the tests use (git, sshd, chromium, …)
set -euo pipefail

packages=(libgit2-dev libssl-dev pkg-config git ca-certificates openssh-server openssh-client)
if [[ "${1:-}" == "--test" ]]; then
    packages+=(chromium chromium-driver python3-pip libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-dejavu-core systemd desktop-file-utils procps python3 openssl iproute2 strace)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "carnet setup: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    # Another installer may hold dpkg's lock (an unattended upgrade, a parallel setup): wait for it.
    apt-get -o DPkg::Lock::Timeout=900 update -qq
    apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The spreadsheet tests (Tests/SheetsTests): openpyxl from PyPI edits workbooks as a person would.
if [[ "${1:-}" == "--test" ]] && ! python3 -c "import openpyxl" 2>/dev/null; then
    echo "carnet setup: installing openpyxl (pip)" >&2
    python3 -m pip install -q openpyxl 2>/dev/null || python3 -m pip install -q --break-system-packages openpyxl
fi
# ... and odfpy from PyPI edits OpenDocument ones (Tests/SheetsTests/ods_peer.py). From PyPI, not
# Debian's python3-odf: the tests run whichever python3 comes first on PATH, as for openpyxl.
if [[ "${1:-}" == "--test" ]] && ! python3 -c "import odf.opendocument" 2>/dev/null; then
    echo "carnet setup: installing odfpy (pip)" >&2
    python3 -m pip install -q odfpy 2>/dev/null || python3 -m pip install -q --break-system-packages odfpy
fi
# The plan import's peer (Tests/SheetsTests/plan_filler.py) reads the sample's YAML with PyYAML.
if [[ "${1:-}" == "--test" ]] && ! python3 -c "import yaml" 2>/dev/null; then
    echo "carnet setup: installing PyYAML (pip)" >&2
    python3 -m pip install -q pyyaml 2>/dev/null || python3 -m pip install -q --break-system-packages pyyaml
fi

# The browser tests (Tests/Browser/axe_check.py, used by Tests/WebTests and Tests/ReportTests): Selenium and axe-core from PyPI.
if [[ "${1:-}" == "--test" ]] && ! python3 -c "import selenium, axe_selenium_python" 2>/dev/null; then
    echo "carnet setup: installing selenium and axe-selenium-python (pip)" >&2
    python3 -m pip install -q selenium axe-selenium-python 2>/dev/null \
        || python3 -m pip install -q --break-system-packages selenium axe-selenium-python
fi

# The reminder tests (Tests/CLITests/RemindTests): a real SMTP server on 127.0.0.1, aiosmtpd from PyPI.
if [[ "${1:-}" == "--test" ]] && ! python3 -c "import aiosmtpd" 2>/dev/null; then
    echo "carnet setup: installing aiosmtpd (pip)" >&2
    python3 -m pip install -q aiosmtpd 2>/dev/null || python3 -m pip install -q --break-system-packages aiosmtpd
fi

if ! command -v swift >/dev/null 2>&1; then
    if [[ -x /opt/swift/usr/bin/swift ]]; then
        echo "carnet setup: add /opt/swift/usr/bin to PATH" >&2
    else
        echo "carnet setup: Swift 6 is missing; Debian does not package it: install the toolchain from swift.org into /opt/swift" >&2
        exit 69
    fi
fi
