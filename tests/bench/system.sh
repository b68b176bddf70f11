# shellcheck shell=bash disable=SC2154,SC2034
# System-mode part of `make bench` (sourced by tests/bench/run.sh, which provides now, sub,
# bench_build, add_row and the out/slow/limit settings): riscv64 Linux under trix-system-riscv64
# and qemu-system-riscv64 with the same command line, best of 3 each (one run when the first
# took longer than BENCH_SLOW seconds):
#   linux-prompt    from start until the console shows `Trix riscv64 guest ready`
#   linux-poweroff  a `trix.cmd=true` boot until the emulator exits with status 0
#   guest-int       tests/bench/int.c (static) run inside the booted guest from a copy of the
#                   initramfs; timed on the host between the BENCH-START and BENCH-END lines
#                   the guest prints around it (boot excluded); outputs must match
# The same three rows for arm64 (aarch64-linux-prompt, aarch64-linux-poweroff, aarch64-guest-int):
# the shared Image (../shared/guests/arm64/Image, or TRIX_ARM64_IMAGE) with a busybox initramfs
# plus the static aarch64 int program, trix-system-aarch64 vs qemu-system-aarch64, both
# `-M virt -cpu cortex-a57` (BENCH_ARM64_SYSTEM=no leaves them out).
# Then the translation cost: TRIX_STATS=1 runs of one user-mode program and one Linux boot.
sys_trix=${TRIX_SYSTEM_RISCV64:-$PWD/build/trix-system-riscv64}
sys_qemu=${QEMU_SYSTEM_RISCV64:-qemu-system-riscv64}
sys_board=(-M virt -bios default)
sys_guest_arg=${BENCH_GUEST_ARG:-12}      # qemu-system-riscv64 takes about 2.5 s
sys_ready='Trix riscv64 guest ready'

# sys_run OUTBASE EMU SYSRUN-OPTS... -- APPEND: one run; prints `seconds guest_seconds`.
sys_run() {
    local base=$1 emu=$2 opts=()
    shift 2
    while [ "$1" != -- ]; do opts+=("$1"); shift; done
    python3 tests/bench/sysrun.py --timeout "$limit" "${opts[@]}" --err "$base.err" \
        --console "$base.console" -- "$emu" "${sys_board[@]}" -m 256M -nographic \
        -kernel "$sys_kernel" -initrd "$sys_initrd" -append "$2"
}

# sys_best EMU FIRST OUTBASE SYSRUN-OPTS... -- APPEND: best of 3 given the first run's seconds.
sys_best() {
    local emu=$1 best=$2 base=$3 t
    shift 3
    if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) > float(sys.argv[2]) else 1)" "$best" "$slow"; then
        echo "$best"
        return
    fi
    for _ in 1 2; do
        t=$(sys_run "$base.again" "$emu" "$@" | cut -d' ' -f1) || continue
        best=$(python3 -c "import sys; print('%.3f' % min(map(float, sys.argv[1:])))" "$best" "$t")
    done
    echo "$best"
}

# sys_case NAME SYSRUN-OPTS... -- APPEND: qemu, then trix; compares --out files when present.
sys_case() {
    local name=$1 q t rc qs ts
    shift
    if [ -n "${BENCH:-}" ] && [[ $name != *$BENCH* ]]; then return; fi
    echo "== $name: $(basename "$sys_trix") / $(basename "$sys_qemu") ${*: -1}" >&2
    q=$(sys_run "$out/$name.qemu" "$sys_qemu" --out "$out/$name.qemu.out" "$@")
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "bench: $name: $sys_qemu failed (exit $rc); not timed" >&2
        add_row sys "$name" "-" "qemu-FAIL" "-"
        return
    fi
    t=$(sys_run "$out/$name.trix" "$sys_trix" --out "$out/$name.trix.out" "$@")
    trix_verdict sys "$name" $? "$out/$name.trix.console" "$out/$name.qemu.out" \
        "$out/$name.trix.out" || return
    [ "${q#* }" != - ] && echo "   guest clock: qemu ${q#* }s, trix ${t#* }s" >&2
    qs=$(sys_best "$sys_qemu" "${q%% *}" "$out/$name.qemu" --out /dev/null "$@")
    ts=$(sys_best "$sys_trix" "${t%% *}" "$out/$name.trix" --out /dev/null "$@")
    add_row sys "$name" "$ts" "$qs" ratio
}

# The bench initramfs: the guest's busybox, plus the static int program as /bin/bench-int.
sys_make_initrd() {
    local bin=$out/int base=$sys_busybox
    bench_build int int.c || return 1
    sys_initrd=$out/initramfs-bench.cpio.gz
    if [ ! -f "$sys_initrd" ] || [ "$bin" -nt "$sys_initrd" ] || [ "$base" -nt "$sys_initrd" ] ||
        [ tests/guests/mkinitramfs.sh -nt "$sys_initrd" ]; then
        bash tests/guests/mkinitramfs.sh --add "$bin:bin/bench-int" "$base" "$sys_initrd" \
            2>"$out/initramfs.log" || { cat "$out/initramfs.log" >&2; return 1; }
    fi
}

urlenc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote_plus(sys.argv[1]))' "$1"; }

bench_system() {
    local prog
    for tool in "$sys_qemu" "$sys_trix"; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "bench: $tool not found; system-mode runs skipped" >&2
            return
        fi
    done
    if ! sys_guest=$(bash tests/guests/get-riscv64.sh 2>"$out/guest.log" | tail -n 1) ||
        [ ! -f "$sys_guest/Image" ] || [ ! -f "$sys_guest/busybox" ]; then
        echo "bench: no riscv64 guest (see $out/guest.log); system-mode runs skipped" >&2
        return
    fi
    sys_kernel=$sys_guest/Image sys_busybox=$sys_guest/busybox
    sys_make_initrd || { echo "bench: cannot make the bench initramfs" >&2; status=1; return; }
    sys_cases "" ttyS0
    [ "${BENCH_ARM64_SYSTEM:-yes}" != no ] && bench_system_arm64
}

# sys_cases PREFIX CONSOLE: the boot-to-prompt, boot-to-poweroff and in-guest program rows.
sys_cases() {
    local pre=$1 con=$2 prog
    sys_case "${pre}linux-prompt" --until "$sys_ready" -- "console=$con"
    sys_case "${pre}linux-poweroff" -- "console=$con trix.cmd=true"
    prog="echo BENCH-START \$(cat /proc/uptime); bench-int $sys_guest_arg; echo BENCH-END \$(cat /proc/uptime)"
    sys_case "${pre}guest-int" --marks -- "console=$con trix.cmd=$(urlenc "$prog")"
}

# The arm64 rows, with the arm64 settings in place of the riscv64 ones for their duration
# (sys_initrd is restored for bench_stats' riscv64 boot).
bench_system_arm64() {
    local sys_trix=$PWD/build/trix-system-aarch64 sys_qemu=qemu-system-aarch64
    local sys_board=(-M virt -cpu cortex-a57) sys_ready='Trix aarch64 guest ready'
    local sys_kernel=${TRIX_ARM64_IMAGE:-$PWD/../shared/guests/arm64/Image}
    local sys_busybox cc=aarch64-linux-gnu-gcc out=$out/aarch64-system sys_initrd=$sys_initrd
    sys_busybox=$(dirname "$sys_kernel")/busybox
    for tool in "$sys_qemu" "$sys_trix" "$cc"; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "bench: $tool not found; arm64 system-mode runs skipped" >&2
            return
        fi
    done
    if [ ! -f "$sys_kernel" ] || [ ! -f "$sys_busybox" ]; then
        echo "bench: no arm64 guest at $sys_kernel; arm64 system-mode runs skipped" >&2
        return
    fi
    mkdir -p "$out"
    sys_make_initrd || { echo "bench: cannot make the arm64 bench initramfs" >&2; status=1; return; }
    sys_cases aarch64- ttyAMA0
}

# Translation cost: one user-mode program and one Linux boot under TRIX_STATS=1.
bench_stats() {
    local files=()
    if bench_build int int.c &&
        TRIX_STATS=1 timeout -k 5 "$limit" "$trix" "$out/int" 12 >/dev/null 2>"$out/stats-user.err"; then
        files+=("user int:$out/stats-user.err")
    else
        echo "bench: TRIX_STATS=1 user-mode run failed" >&2
        status=1
    fi
    if [ -n "${sys_initrd:-}" ]; then
        if TRIX_STATS=1 sys_run "$out/stats-boot" "$sys_trix" -- "console=ttyS0 trix.cmd=true" >/dev/null; then
            files+=("linux boot:$out/stats-boot.err")
        else
            echo "bench: TRIX_STATS=1 Linux boot failed" >&2
            status=1
        fi
    fi
    [ ${#files[@]} -gt 0 ] && python3 tests/bench/stats.py "${files[@]}"
}
