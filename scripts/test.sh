#!/usr/bin/env bash
# One command: install what is missing (the tests' real peers too) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
scripts/install-deps.sh --test

swift build --build-tests
export CARNET_BIN="$PWD/.build/debug/carnet"
export CARNET_SAMPLES="$PWD/Samples"
# Tests check messages in English unless they choose another language themselves.
export CARNET_LANG=en

# The sample must always validate.
"$CARNET_BIN" validate Samples/valdoria

log=$(mktemp)
set +e
swift test --skip-build --disable-swift-testing 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
summary=$(grep -E "^\s*Executed [0-9]+ tests?, with [0-9]+ failures?" "$log" | tail -1 || true)
total=$(sed -E 's/.*Executed ([0-9]+) tests?.*/\1/' <<<"$summary")
failed=$(sed -E 's/.*with ([0-9]+) failures?.*/\1/' <<<"$summary")
rm -f "$log"
if [[ -z "$summary" ]]; then
    echo "tests: no XCTest summary found" >&2
    exit 1
fi
echo "tests: $((total - failed)) passed, $failed failed"
exit "$status"
