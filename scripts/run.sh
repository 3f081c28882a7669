#!/usr/bin/env bash
# Builds the geosim binary when needed (not the tests), then runs the baseline scenario. Extra arguments go to
# `geosim run`. Set-up messages go to stderr so that stdout carries only geosim's output.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

scripts/setup.sh geosim >&2
exec build/release/geosim run scenarios/baseline.yaml "$@"
