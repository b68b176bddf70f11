#!/usr/bin/env bash
# Installs every Debian 12 package Trix needs to build, test and benchmark; does nothing when
# all of them are already installed.
set -euo pipefail

required=(
    build-essential pkg-config python3
    libglib2.0-dev libfdt-dev zlib1g-dev libcapstone-dev libslirp-dev libffi-dev libjson-glib-dev
    gcc-riscv64-linux-gnu libc6-dev-riscv64-cross binutils-riscv64-linux-gnu
    gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils-aarch64-linux-gnu
    qemu-user qemu-system-misc qemu-system-arm qemu-system-x86 gdb-multiarch opensbi u-boot-qemu cpio
    device-tree-compiler
    qemu-utils e2fsprogs
)
# Nice to have: `make bench` uses hyperfine when present and times runs itself otherwise.
# `make fuzz` needs clang (libFuzzer) and is skipped without it.
optional=(hyperfine clang)

installed() {
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

missing=()
for p in "${required[@]}" "${optional[@]}"; do
    installed "$p" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all packages present"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps: apt-get not found; install these packages by hand: ${missing[*]}" >&2
    exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "install-deps: not root and no sudo; install these packages by hand: ${missing[*]}" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}"
"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update -q
req_missing=()
for p in "${missing[@]}"; do
    case " ${optional[*]} " in *" $p "*) ;; *) req_missing+=("$p") ;; esac
done
if [ ${#req_missing[@]} -gt 0 ]; then
    "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${req_missing[@]}"
fi
for p in "${optional[@]}"; do
    if ! installed "$p"; then
        "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "$p" ||
            echo "install-deps: optional package $p not installed; continuing" >&2
    fi
done
