#!/usr/bin/env bash
# Installs the Debian packages geosim needs (only those missing) and builds the release preset,
# with the optional MPI sweep driver geosim-mpi.
# Safe to run again: with everything installed it only rebuilds what changed.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

packages=(
    g++ cmake ninja-build
    libboost-dev libboost-graph-dev libboost-random-dev
    libtbb-dev libyaml-cpp-dev catch2 librandom123-dev libssl-dev
    libopenmpi-dev openmpi-bin
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

# GEOSIM_MPI also builds geosim-mpi (sweeps across MPI ranks), so that the tests exercise it.
echo "setup: configuring (preset release, with geosim-mpi)"
cmake --preset release -DGEOSIM_MPI=ON
echo "setup: building (preset release)"
cmake --build --preset release
echo "setup: done"
