#!/usr/bin/env bash
# One command: install what is missing, build, and run `carnet demo` on the bundled sample plan.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
scripts/install-deps.sh
bin=$(scripts/build-release.sh)
exec "$bin/carnet" demo "$@"
