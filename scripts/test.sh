#!/usr/bin/env bash
# Builds geosim when needed, then runs the whole test suite. The last line printed is ctest's
# summary and the exit code is ctest's.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

scripts/setup.sh
exec ctest --preset release -j2
