#!/usr/bin/env bash
# Installs the Debian packages geosim needs (only those missing), the npm packages of web/ (only
# when web/package-lock.json changed since the last install), and builds the release preset,
# with the optional MPI sweep driver geosim-mpi. Chromium and python3-pandas are for the tests (the
# browser tests, and the README's pandas snippets).
# `scripts/setup.sh geosim` builds only the geosim binary (what scripts/run.sh needs, so the
# first result does not wait for the test suite); with no argument, everything.
# Safe to run again: with everything installed it only rebuilds what changed.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

target="${1:-}"
if [[ -n "${target}" && "${target}" != "geosim" ]]; then
    echo "setup: unknown argument '${target}' (give 'geosim' to build the binary only, or nothing)" >&2
    exit 2
fi

packages=(
    g++ cmake ninja-build
    libboost-dev libboost-graph-dev libboost-random-dev
    libtbb-dev libyaml-cpp-dev nlohmann-json3-dev catch2 librandom123-dev libssl-dev
    libopenmpi-dev openmpi-bin
    chromium
    python3-pandas
)

missing=()
for package in "${packages[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "${package}" 2>/dev/null || true)"
    if [[ "${status}" != "install ok installed" ]]; then
        missing+=("${package}")
    fi
done

if (( ${#missing[@]} == 0 )); then
    echo "setup: all ${#packages[@]} packages present"
else
    # apt-get needs root; sudo is only asked for when we are not root already.
    as_root=()
    if (( EUID != 0 )); then
        as_root=(sudo)
    fi
    echo "setup: installing ${missing[*]}"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -q -y --no-install-recommends "${missing[@]}"
fi

# Node.js and npm are not taken from Debian: Debian 12's npm package pulls in its own nodejs,
# which conflicts with a Node.js installed from nodejs.org or NodeSource.
for tool in node npm; do
    if ! command -v "${tool}" >/dev/null; then
        echo "setup: '${tool}' is not on PATH. geosim's build embeds its report assets from npm" >&2
        echo "setup: packages: install Node.js 20 or later with npm (https://nodejs.org/en/download," >&2
        echo "setup: or the NodeSource packages), not Debian's npm package, then run this again." >&2
        exit 2
    fi
done

# `npm ci` only when the lock file differs from the one last installed (its hash is kept in a
# stamp inside node_modules, which npm ci replaces wholesale).
stamp=web/node_modules/.geosim-lock-sha256
lock_hash="$(sha256sum web/package-lock.json | cut -d' ' -f1)"
if [[ -f "${stamp}" && "$(cat "${stamp}")" == "${lock_hash}" ]]; then
    echo "setup: web/node_modules matches web/package-lock.json"
else
    echo "setup: installing the npm packages of web/ (npm ci)"
    (cd web && npm ci --no-audit --no-fund)
    echo "${lock_hash}" > "${stamp}"
fi

# GEOSIM_MPI also builds geosim-mpi (sweeps across MPI ranks), so that the tests exercise it.
echo "setup: configuring (preset release, with geosim-mpi)"
cmake --preset release -DGEOSIM_MPI=ON
if [[ "${target}" == "geosim" ]]; then
    echo "setup: building geosim (preset release; the tests are built by scripts/test.sh)"
    cmake --build --preset release --target geosim
else
    echo "setup: building (preset release)"
    cmake --build --preset release
fi
echo "setup: done"
