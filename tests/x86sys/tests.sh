# x86 board tests (sourced by tests/run.sh): machines and options, bad input, bare-metal
# -bios and Multiboot programs, Linux on microvm and pc. Each guest run is also made under
# qemu-system-x86_64 with the same command line (names ending in -qemu) to check the test.
xs_out=$TEST_TMP/x86sys
xs_check() { t "x86sys/$1" "${2:-60}" bash tests/x86sys/check.sh "$1" "$xs_out"; }
# xs_guest NAME TIMEOUT STEPS... -- ARGS...: x86sys/NAME (trix) and x86sys/NAME-qemu.
xs_guest() {
    local name=$1 secs=$2
    shift 2
    t "x86sys/$name" "$secs" bash tests/x86sys/guest.sh trix "$secs" "$@"
    t "x86sys/$name-qemu" "$secs" bash tests/x86sys/guest.sh qemu "$secs" "$@"
}

xs_check build 120
for c in machines options bad-input; do
    xs_check "$c"
done

# Bare metal: real mode at the reset vector of -bios; Multiboot (eax magic, info structure,
# cmdline, mmap) on both boards. Each prints on COM1 and exits through isa-debug-exit with
# (0x2a << 1) | 1 = 85.
xs_exit=(-nographic -nodefaults -serial stdio -device isa-debug-exit,iobase=0xf4,iosize=4)
xs_guest bios-microvm 30 --status 85 'expect:x86sys bios: hello from the reset vector' -- \
    -M microvm "${xs_exit[@]}" -bios "$xs_out/bios.bin"
for m in microvm pc; do
    xs_guest "multiboot-$m" 30 --status 85 'expect:eax = 0x2BADB002' \
        'expect:cmdline: [^\n]*multiboot.elf x86sys-arg' 'expect:mmap: usable RAM at 1 MiB' \
        'expect:x86sys multiboot: PASS' -- \
        -M "$m" "${xs_exit[@]}" -kernel "$xs_out/multiboot.elf" -append x86sys-arg
done

# Linux with a busybox initramfs: shell, a command, poweroff. QEMU's TCG microvm cannot
# calibrate the TSC with ACPI on (no PIT), so the microvm twins run with acpi=off, where
# nothing can power off (the kernel halts: the run is killed then); trix also boots microvm
# with ACPI, where poweroff goes through the GED and trix exits 0.
xs_bz=${TRIX_X86_BZIMAGE:-$TRIX_ROOT/../shared/guests/x86_64/bzImage}
xs_linux_steps=('expect:Trix x86_64 guest ready' 'expect:trix:[^\n]*# ' 'send:echo $((6*7))\r'
    'expect:\n42\r' 'expect:# ' 'send:poweroff\r' 'expect:reboot: Power down')
# Each boot takes 15-45 s: make check runs three (microvm with ACPI, pc and its QEMU twin,
# system_powerdown on microvm); TRIX_X86_LINUX=1 adds the rest (acpi=off, -smp 2, PVH, the
# other twins).
xs_all=${TRIX_X86_LINUX:-0}
if [ -f "$xs_bz" ]; then
    xs_linux=(-m 256M -nographic -kernel "$xs_bz" -initrd "$xs_out/initramfs.cpio.gz"
        -append console=ttyS0)
    t x86sys/linux-microvm-acpi 300 bash tests/x86sys/guest.sh trix 300 \
        'expect:Linux version 6\.' 'expect:ACPI: RSDP' "${xs_linux_steps[@]}" -- \
        -M microvm "${xs_linux[@]}"
    xs_guest linux-pc 300 'expect:Linux version 6\.' "${xs_linux_steps[@]}" -- \
        -M pc "${xs_linux[@]}"
    # system_powerdown from the monitor (C-a c on mon:stdio): the guest's ACPI power button
    # input device reports a key event (pc: the FADT's fixed button; microvm: the GED's _EVT
    # notifying PNP0C0C), then the guest powers off.
    xs_pwr_cmd=$(python3 -c 'import urllib.parse,sys; print(urllib.parse.quote_plus(sys.argv[1]))' \
        'd=$(grep -A5 "Power Button" /proc/bus/input/devices | grep -o "event[0-9]*" | head -n 1); echo PWRBTN-READY $d; hexdump -n 24 /dev/input/$d >/dev/null && echo PWRBTN-PRESSED')
    xs_pwr_steps=('expect:PWRBTN-READY event' 'send:\x01c' 'expect:\(qemu\)|\(trix\)|> '
        'send:system_powerdown\r' 'send:\x01c' 'expect:PWRBTN-PRESSED' 'expect:reboot: Power down')
    xs_pwr=(-m 256M -nographic -serial mon:stdio -kernel "$xs_bz"
        -initrd "$xs_out/initramfs.cpio.gz" -append "console=ttyS0 trix.cmd=$xs_pwr_cmd")
    t x86sys/linux-powerdown-microvm 300 bash tests/x86sys/guest.sh trix 300 "${xs_pwr_steps[@]}" \
        -- -M microvm "${xs_pwr[@]}"
fi
if [ "$xs_all" != 1 ]; then
    t x86sys/linux-more 5 sh -c 'echo "more Linux boots with TRIX_X86_LINUX=1"; exit 77'
elif [ -f "$xs_bz" ]; then
    xs_guest linux-microvm 300 --kill 'expect:Linux version 6\.' \
        'expect:virtio_mmio.device=512@0xfeb00e00:12' "${xs_linux_steps[@]::5}" \
        'send:poweroff\r' 'expect:reboot: System halted' -- \
        -M microvm,acpi=off "${xs_linux[@]}" -device virtio-rng-device
    xs_guest linux-pc-smp2 400 'expect:smp: Brought up 1 node, 2 CPUs' "${xs_linux_steps[@]}" \
        -- -M pc -smp 2 "${xs_linux[@]}"
    t x86sys/linux-microvm-smp2 400 bash tests/x86sys/guest.sh trix 400 \
        'expect:smp: Brought up 1 node, 2 CPUs' "${xs_linux_steps[@]}" -- \
        -M microvm -smp 2 "${xs_linux[@]}"
    # PVH: the ELF vmlinux through its XEN_ELFNOTE_PHYS32_ENTRY
    xs_vmlinux=${xs_bz%/*}/vmlinux
    [ -f "$xs_vmlinux" ] && xs_guest linux-pvh-microvm 300 --kill 'expect:Linux version 6\.' \
        "${xs_linux_steps[@]::5}" -- \
        -M microvm,acpi=off "${xs_linux[@]/$xs_bz/$xs_vmlinux}"
    xs_guest linux-powerdown-pc 300 "${xs_pwr_steps[@]}" -- -M pc "${xs_pwr[@]}"
    # reboot with -no-reboot: trix exits 0 (microvm: Linux's last method, the BIOS reset
    # vector, reaches trix's triple-fault stub; pc: the reset register 0xcf9)
    for m in microvm pc; do
        t "x86sys/linux-reboot-$m" 300 bash tests/x86sys/guest.sh trix 300 \
            'expect:Trix x86_64 guest ready' 'expect:reboot: machine restart' -- -M "$m" -no-reboot \
            "${xs_linux[@]/console=ttyS0/console=ttyS0 trix.cmd=reboot+-f}"
    done
    # virtio-blk on PCI (pc, -drive if=virtio) and on a virtio-mmio slot (microvm), read back
    xs_blk=(-m 256M -nographic -kernel "$xs_bz" -initrd "$xs_out/initramfs.cpio.gz"
        -append 'console=ttyS0 trix.cmd=head+-c+14+/dev/vda;echo')
    xs_guest linux-virtio-blk-pc 300 'expect:TRIX-DISK-pci' 'expect:trix.cmd exit status 0' \
        'expect:reboot: Power down' -- -M pc "${xs_blk[@]}" \
        -drive "file=$xs_out/disk-pci.img,format=raw,if=virtio"
    t x86sys/linux-virtio-blk-microvm 300 bash tests/x86sys/guest.sh trix 300 \
        'expect:TRIX-DISK-mmio' 'expect:trix.cmd exit status 0' 'expect:reboot: Power down' -- \
        -M microvm "${xs_blk[@]}" -drive "file=$xs_out/disk-mmio.img,format=raw,if=none,id=d" \
        -device virtio-blk-device,drive=d
else
    t x86sys/linux 5 sh -c 'echo "no x86_64 bzImage at $0"; exit 77' "$xs_bz"
fi
