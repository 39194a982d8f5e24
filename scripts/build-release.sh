#!/usr/bin/env bash
# Builds the release binaries, carnet and carnet-daemon, into SCRATCH/release (default .build),
# with Swift's standard library and Foundation linked in (--static-swift-stdlib): a carnet command
# then starts without resolving thousands of symbols in shared Swift libraries, milliseconds that
# are a fifth of a no-op sync. Prints the folder that holds the two binaries.
#   scripts/build-release.sh [SCRATCH]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
scratch=${1:-.build}
# Only the two products: a plain `swift build` would build every target, test support included
# (which imports XCTest, absent from a release build).
for product in carnet carnet-daemon; do
    swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product "$product" >&2
done
echo "$PWD/$scratch/release"
