#!/usr/bin/env bash
# Produces the riscv64 Linux guest used by the boot tests and scripts/boot-linux.sh:
#
#   $CACHE/Image               Linux 6.1 (Debian's linux-source-6.1), raw Image
#   $CACHE/vmlinux             the same kernel as an ELF (when available)
#   $CACHE/busybox             static BusyBox 1.35 (Debian's busybox source package)
#   $CACHE/initramfs.cpio.gz   made by tests/guests/mkinitramfs.sh from that busybox
#
# where CACHE=${TRIX_GUEST_CACHE:-$HOME/.cache/trix/guests}/riscv64 (outside the repository).
# Prints CACHE on stdout (last line); progress goes to stderr.
#
# Sources, in order:
#  1. the prebuilt images in $TRIX_SHARED_GUESTS/riscv64 (default: ../shared/guests next to
#     the repository root) when Image and busybox are there: they are symlinked into the cache;
#  2. otherwise they are built from Debian 12 packages (see ../shared/guests/README.md for the
#     recipe, repeated below): the kernel from linux-source-6.1 (apt-get install, needs root or
#     sudo), busybox from the `busybox` source package, fetched with `apt-get source` through a
#     private apt configuration that adds the deb-src lines (no root, the system's apt sources
#     are left alone).
# Everything is idempotent: a second run with everything in place only checks timestamps.
#
# Options: --force-build   ignore the shared images and build (kernel and busybox)
#          --no-initramfs  stop after Image and busybox
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${TRIX_GUEST_CACHE:-${HOME:-/tmp}/.cache/trix/guests}/riscv64
shared=${TRIX_SHARED_GUESTS:-$root/../shared/guests}/riscv64
[ -d "$shared" ] && shared=$(cd "$shared" && pwd)
force_build=no
want_initramfs=yes
for a in "$@"; do
    case $a in
    --force-build) force_build=yes ;;
    --no-initramfs) want_initramfs=no ;;
    -h | --help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "get-riscv64: unknown option $a" >&2; exit 2 ;;
    esac
done

cross=riscv64-linux-gnu-
kernel_pkg=linux-source-6.1
kernel_tar=/usr/src/linux-source-6.1.tar.xz
jobs=$(nproc 2>/dev/null || echo 2)

log() { echo "get-riscv64: $*" >&2; }
die() { echo "get-riscv64: error: $*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else die "need root (or sudo) for: $*"
    fi
}

# apt_install PKG...: installs the packages that are not installed yet.
apt_install() {
    local p missing=()
    for p in "$@"; do
        [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] ||
            missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends "${missing[@]}" >&2 ||
        { as_root apt-get update -q >&2 &&
            as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
                --no-install-recommends "${missing[@]}" >&2; }
}

mkdir -p "$cache"

# ---------------------------------------------------------------- shared prebuilt images
use_shared() {
    local f
    for f in Image vmlinux busybox config; do
        [ -e "$shared/$f" ] || continue
        if [ "$(readlink "$cache/$f" 2>/dev/null)" != "$shared/$f" ]; then
            rm -f "$cache/$f"
            ln -s "$shared/$f" "$cache/$f"
        fi
    done
}

# ---------------------------------------------------------------- kernel from linux-source-6.1
build_kernel() {
    local work=$cache/build/kernel src
    apt_install "$kernel_pkg" build-essential bc bison flex libssl-dev libelf-dev xz-utils \
        gcc-riscv64-linux-gnu binutils-riscv64-linux-gnu
    [ -f "$kernel_tar" ] || die "$kernel_tar not found after installing $kernel_pkg"
    mkdir -p "$work"
    src=$work/$(basename "$kernel_tar" .tar.xz)
    # Re-extract when the source package was updated (tarball newer than our stamp).
    if [ ! -f "$src/.trix-extracted" ] || [ "$kernel_tar" -nt "$src/.trix-extracted" ]; then
        log "extracting $kernel_tar"
        rm -rf "$src"
        tar -xJf "$kernel_tar" -C "$work"
        [ -d "$src" ] || die "$kernel_tar did not contain $(basename "$src")/"
        touch "$src/.trix-extracted"
    fi
    log "configuring Linux (ARCH=riscv defconfig)"
    make -C "$src" -s ARCH=riscv CROSS_COMPILE=$cross defconfig >&2
    "$src/scripts/config" --file "$src/.config" \
        -d MODULES -d DEBUG_INFO -d DEBUG_INFO_DWARF5 -d DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT \
        -e DEBUG_INFO_NONE -d DRM -d SOUND -d USB_SUPPORT -d WLAN -d WIRELESS -d MEDIA_SUPPORT
    make -C "$src" -s ARCH=riscv CROSS_COMPILE=$cross olddefconfig >&2
    log "building Linux Image with -j$jobs (about 10 minutes on 2 cores)"
    make -C "$src" ARCH=riscv CROSS_COMPILE=$cross -j"$jobs" Image >&2
    cp -f "$src/arch/riscv/boot/Image" "$cache/Image.tmp" && mv -f "$cache/Image.tmp" "$cache/Image"
    cp -f "$src/vmlinux" "$cache/vmlinux.tmp" && mv -f "$cache/vmlinux.tmp" "$cache/vmlinux"
    cp -f "$src/.config" "$cache/config"
}

# ---------------------------------------------------------------- busybox source package
# Fetches and unpacks Debian's busybox source into $1 (the directory is created). `apt-get
# source` needs deb-src lines, which a stock Debian 12 image often lacks; a private apt state
# directory with its own sources list adds them without touching /etc/apt.
fetch_busybox_source() {
    local dest=$1 apt=$cache/build/apt a dsc
    mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$dest"
    cat >"$apt/sources.list" <<'EOF'
deb-src http://deb.debian.org/debian bookworm main
deb-src http://deb.debian.org/debian bookworm-updates main
deb-src http://deb.debian.org/debian-security bookworm-security main
EOF
    a=(-o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=$apt/none"
        -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache"
        -o "Debug::NoLocking=1")
    log "fetching the busybox source package (apt-get source with a private sources list)"
    apt-get -q "${a[@]}" update >&2
    (cd "$dest" && apt-get -q "${a[@]}" source --download-only busybox >&2)
    dsc=$(ls "$dest"/busybox_*.dsc 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dsc" ] || die "apt-get source did not fetch busybox_*.dsc"
    rm -rf "$dest/src"
    if command -v dpkg-source >/dev/null 2>&1; then
        dpkg-source -x "$dsc" "$dest/src" >&2
    else
        # No dpkg-dev: unpack the 3.0 (quilt) source by hand: upstream tarball, debian/
        # tarball, then the patches listed in debian/patches/series, in order.
        local orig deb p
        orig=$(ls "$dest"/busybox_*.orig.tar.* | head -n 1)
        deb=$(ls "$dest"/busybox_*.debian.tar.* | head -n 1)
        mkdir -p "$dest/src"
        tar -xf "$orig" -C "$dest/src" --strip-components=1
        tar -xf "$deb" -C "$dest/src"
        if [ -f "$dest/src/debian/patches/series" ]; then
            while read -r p _; do
                case $p in '' | \#*) continue ;; esac
                patch -d "$dest/src" -p1 -s <"$dest/src/debian/patches/$p"
            done <"$dest/src/debian/patches/series"
        fi
    fi
    [ -f "$dest/src/Makefile" ] || die "busybox source not unpacked in $dest/src"
}

build_busybox() {
    local work=$cache/build/busybox src
    apt_install build-essential gcc-riscv64-linux-gnu libc6-dev-riscv64-cross \
        binutils-riscv64-linux-gnu
    if [ ! -f "$work/src/Makefile" ]; then
        fetch_busybox_source "$work"
    fi
    src=$work/src
    log "configuring busybox (defconfig, CONFIG_STATIC=y, CONFIG_TC off)"
    make -C "$src" -s CROSS_COMPILE=$cross defconfig >&2
    sed -i -e 's/^# CONFIG_STATIC is not set$/CONFIG_STATIC=y/' \
        -e 's/^CONFIG_TC=y$/# CONFIG_TC is not set/' "$src/.config"
    grep -q '^CONFIG_STATIC=y$' "$src/.config" || die "could not set CONFIG_STATIC=y"
    # Accept defaults for anything that depends on the two changes.
    { yes '' || true; } | make -C "$src" -s CROSS_COMPILE=$cross oldconfig >/dev/null
    log "building busybox with -j$jobs"
    make -C "$src" CROSS_COMPILE=$cross -j"$jobs" busybox >&2
    ${cross}strip -o "$cache/busybox.tmp" "$src/busybox"
    chmod 755 "$cache/busybox.tmp"
    mv -f "$cache/busybox.tmp" "$cache/busybox"
}

# ---------------------------------------------------------------- main
have() { [ -e "$cache/$1" ]; }

if [ $force_build = no ] && [ -f "$shared/Image" ] && [ -f "$shared/busybox" ]; then
    use_shared
else
    if [ $force_build = yes ]; then
        # Drop links to the shared images so that the build replaces them.
        for f in Image vmlinux busybox config; do
            [ -L "$cache/$f" ] && rm -f "$cache/$f"
        done
    fi
    have Image || build_kernel
    have busybox || build_busybox
fi
have Image || die "no Image in $cache"
have busybox || die "no busybox in $cache"

if [ $want_initramfs = yes ]; then
    # Rebuild when missing or older than busybox or the initramfs recipe.
    if [ ! -f "$cache/initramfs.cpio.gz" ] ||
        [ "$cache/busybox" -nt "$cache/initramfs.cpio.gz" ] ||
        [ "$here/mkinitramfs.sh" -nt "$cache/initramfs.cpio.gz" ]; then
        log "making initramfs.cpio.gz"
        bash "$here/mkinitramfs.sh" "$cache/busybox" "$cache/initramfs.cpio.gz" >&2
    fi
fi
echo "$cache"
