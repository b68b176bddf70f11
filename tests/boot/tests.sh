# Boot tests (sourced by tests/run.sh): real firmware and a real Linux kernel boot under
# build/trix-system-riscv64, with the console driven through a pty by tests/boot/drive.py.
# Each scenario is also run under qemu-system-riscv64 with the same command line (test names
# ending in -qemu), so that a broken scenario shows up as a QEMU failure, not a trix one.
#
# The Linux guest (Image, initramfs) comes from tests/guests/get-riscv64.sh (cached in
# ${TRIX_GUEST_CACHE:-~/.cache/trix/guests}/riscv64); when it cannot be obtained the Linux tests
# fail. Firmware comes from Debian's opensbi and u-boot-qemu packages.
boot_dir=$TRIX_ROOT/tests/boot
boot_trix=$TRIX_ROOT/build/trix-system-riscv64
boot_qemu=qemu-system-riscv64
boot_uboot_m=/usr/lib/u-boot/qemu-riscv64/u-boot.bin
boot_uboot_s=/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin

# boot_rv NAME TIMEOUT DRIVE-ARGS... -- EMULATOR-ARGS...: registers boot/riscv64/NAME (trix) and
# boot/riscv64/NAME-qemu.
boot_rv() {
    local name=$1 secs=$2
    shift 2
    local drive=() emu=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do drive+=("$1"); shift; done
    shift
    emu=("$@")
    t "boot/riscv64/$name" "$secs" python3 "$boot_dir/drive.py" --timeout $((secs - 5)) \
        "${drive[@]}" -- "$boot_trix" "${emu[@]}"
    t "boot/riscv64/$name-qemu" "$secs" python3 "$boot_dir/drive.py" --timeout $((secs - 5)) \
        "${drive[@]}" -- "$boot_qemu" "${emu[@]}"
}

# boot_missing WHAT: a command that fails, for tests whose inputs are missing.
boot_missing=(sh -c 'echo "missing: $0" >&2; exit 1')

boot_selected() {
    [ -z "${TESTS:-}" ] || [[ "boot/riscv64/$1" == *$TESTS* ]] || [[ "boot/riscv64/$1-qemu" == *$TESTS* ]]
}

# (a) OpenSBI alone: its banner, then it finds no next stage and stays there.
boot_rv opensbi 60 --kill 'expect:OpenSBI v\d' 'expect:Platform Name\s*:' \
    'expect:Boot HART ID' -- -M virt -nographic -bios default

# (b) U-Boot in M-mode as the only firmware. (c) S-mode U-Boot started by OpenSBI.
boot_uboot_steps=(--kill 'expect:Hit any key to stop autoboot' 'send:\r' 'expect:=> '
    'send:version\r' 'expect:version\r*\n+U-Boot 20\d\d' 'expect:=> ')
if [ -f "$boot_uboot_m" ]; then
    boot_rv uboot-mmode 60 "${boot_uboot_steps[@]}" -- -M virt -nographic -bios "$boot_uboot_m"
else
    t boot/riscv64/uboot-mmode 5 "${boot_missing[@]}" "$boot_uboot_m (package u-boot-qemu)"
fi
if [ -f "$boot_uboot_s" ]; then
    boot_rv uboot-smode 60 'expect:OpenSBI v\d' "${boot_uboot_steps[@]}" -- \
        -M virt -nographic -bios default -kernel "$boot_uboot_s"
else
    t boot/riscv64/uboot-smode 5 "${boot_missing[@]}" "$boot_uboot_s (package u-boot-qemu)"
fi

# (d), (e): Linux with a busybox initramfs.
boot_guest=
if boot_selected linux; then
    boot_guest=$(bash "$TRIX_ROOT/tests/guests/get-riscv64.sh" 2>"$log/boot-guest.log" | tail -n 1) ||
        boot_guest=
fi
if [ -n "$boot_guest" ] && [ -f "$boot_guest/Image" ] && [ -f "$boot_guest/initramfs.cpio.gz" ]; then
    boot_linux=(-M virt -m 256M -nographic -bios default -kernel "$boot_guest/Image"
        -initrd "$boot_guest/initramfs.cpio.gz")
    # (d) a command from the kernel command line (form-URL-encoded, see mkinitramfs.sh).
    boot_cmd='cat /proc/cpuinfo; seq 1 20000 > /tmp/f; sha256sum /tmp/f; seq 1 1000 | sort -rn | head -3; echo "a+b;c"; grep -c . /tmp/f'
    boot_cmd_enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote_plus(sys.argv[1]))' "$boot_cmd")
    boot_sha=$(seq 1 20000 | sha256sum | cut -d' ' -f1)   # computed on the host
    boot_rv linux-cmd 300 'expect:Linux version 6\.' 'expect:Trix riscv64 guest ready' \
        'expect:processor\s*: 0' 'expect:isa\s*: rv64i' 'expect:mmu\s*: sv' \
        "expect:$boot_sha  /tmp/f" 'expect:\n1000\r*\n999\r*\n998\r' 'expect:\na\+b;c\r' \
        'expect:\n20000\r' 'expect:trix.cmd exit status 0' 'expect:reboot: Power down' -- \
        "${boot_linux[@]}" -append "console=ttyS0 trix.cmd=$boot_cmd_enc"
    # (e) the interactive shell: arithmetic, job control present, poweroff.
    boot_rv linux-shell 300 'expect:Trix riscv64 guest ready' 'expect:trix:[^\n]*# ' \
        'send:echo $((6*7))\r' 'expect:\n42\r' 'expect:# ' 'send:poweroff\r' \
        'expect:reboot: Power down' 'absent:job control turned off' -- \
        "${boot_linux[@]}" -append "console=ttyS0"
else
    t boot/riscv64/linux-cmd 10 "${boot_missing[@]}" "riscv64 guest (tests/guests/get-riscv64.sh failed; see $log/boot-guest.log)"
    t boot/riscv64/linux-shell 10 "${boot_missing[@]}" "riscv64 guest (tests/guests/get-riscv64.sh failed; see $log/boot-guest.log)"
fi
