#!/usr/bin/env bash
# Installs what the package tests need beyond the .NET SDK: clang and zlib1g-dev, with which the Native AOT
# compiler links executables on Linux, and on x64 machines qemu-user-static with the ARM64 C and C++ runtime
# libraries (Debian multiarch), which run the linux-arm64 builds under emulation.
# Idempotent and quiet: does nothing when everything is there.
set -euo pipefail

missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
dpkg -s zlib1g-dev >/dev/null 2>&1 || missing+=(zlib1g-dev)
arm64=false
if [ "$(uname -m)" != "aarch64" ]; then
  command -v qemu-aarch64-static >/dev/null 2>&1 || missing+=(qemu-user-static)
  for library in libc6 libstdc++6; do
    dpkg -s "$library:arm64" >/dev/null 2>&1 || { missing+=("$library:arm64"); arm64=true; }
  done
fi
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo ".ci/setup-native.sh: missing ${missing[*]} and this is not root; install them with 'apt-get install ${missing[*]}' (the Native AOT and ARM64 package tests fail without them)." >&2
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
apt_options=(-o DPkg::Lock::Timeout=600 -y -qq --no-install-recommends)
if [ "$arm64" = true ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
  dpkg --add-architecture arm64
fi
if ! { apt-get update -qq -o DPkg::Lock::Timeout=600 && apt-get install "${apt_options[@]}" "${missing[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo ".ci/setup-native.sh: installing ${missing[*]} failed." >&2
  exit 1
fi
echo ".ci/setup-native.sh: installed ${missing[*]}."
