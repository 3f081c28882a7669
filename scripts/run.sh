#!/usr/bin/env bash
# Builds geosim when needed, then runs the baseline scenario. Extra arguments go to
# `geosim run`. Set-up messages go to stderr so that stdout carries only geosim's output.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

scripts/setup.sh >&2
exec build/release/geosim run scenarios/baseline.yaml "$@"
