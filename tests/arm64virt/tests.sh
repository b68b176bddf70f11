# arm64 `virt` board tests (sourced by tests/run.sh): device trees against QEMU's, board
# options and bad input, bare-metal device checks, Linux and U-Boot boots. Each guest run is
# also made under qemu-system-aarch64 (names ending in -qemu) to check the test itself.
av_out=$TEST_TMP/arm64virt
av_check() { t "arm64virt/$1" "${2:-60}" bash tests/arm64virt/check.sh "$1" "$av_out"; }
# av_guest NAME TIMEOUT STEPS... -- ARGS...: arm64virt/NAME (trix) and arm64virt/NAME-qemu.
av_guest() {
    local name=$1 secs=$2
    shift 2
    t "arm64virt/$name" "$secs" bash tests/arm64virt/guest.sh trix "$secs" "$@"
    t "arm64virt/$name-qemu" "$secs" bash tests/arm64virt/guest.sh qemu "$secs" "$@"
}

av_check build 120
for c in dumpdtb-gicv2 dumpdtb-gicv3-smp2 dumpdtb-max-smp4-el2 dumpdtb-linux machines options \
    bad-input; do
    av_check "$c"
done

# Bare metal at EL1 from -kernel ELF: PL011/PL031 IDs, the counter, SGI and SPI through the GIC
# by polling, then a UART echo through the pty and PSCI SYSTEM_OFF.
av_dev_steps=('expect:all checks passed' 'expect:echo> ' 'send:trix-arm\r'
    'expect:got: \[trix-arm\]' 'expect:ok   UART RX interrupt' 'absent:FAIL')
for g in 2 3; do
    av_guest "devices-gicv$g" 30 'expect:arm virt device test' "expect:GICv$g" \
        "${av_dev_steps[@]}" -- \
        -M virt,gic-version=$g -m 128M -nographic -nodefaults -serial stdio \
        -kernel "$av_out/devices.elf"
done

# Linux with a busybox initramfs: shell, a command, poweroff.
av_image=${TRIX_ARM64_IMAGE:-$TRIX_ROOT/../shared/guests/arm64/Image}
av_linux_steps=('expect:Trix aarch64 guest ready' 'expect:trix:[^\n]*# ' 'send:echo $((6*7))\r'
    'expect:\n42\r' 'expect:# ' 'send:poweroff\r' 'expect:reboot: Power down')
if [ -f "$av_image" ]; then
    av_linux=(-m 256M -nographic -kernel "$av_image" -initrd "$av_out/initramfs.cpio.gz"
        -append console=ttyAMA0)
    av_guest linux-gicv2 200 'expect:Linux version 6\.' 'expect:Root IRQ handler: gic_handle_irq' "${av_linux_steps[@]}" -- \
        -M virt "${av_linux[@]}"
    av_guest linux-gicv3 200 'expect:Linux version 6\.' 'expect:GICv3: 224 SPIs implemented' \
        "${av_linux_steps[@]}" -- -M virt,gic-version=3 "${av_linux[@]}"
    # -smp 2: the second CPU through PSCI CPU_ON, IPIs through the GIC (stop_machine() and
    # the raid6 benchmark need the vCPUs to take turns promptly).
    for g in 2 3; do
        av_guest linux-gicv$g-smp2 200 'expect:Linux version 6\.' 'expect:smp: Brought up 1 node, 2 CPUs' \
            "${av_linux_steps[@]}" -- -M virt,gic-version=$g -smp 2 "${av_linux[@]}"
    done
    # virtio-blk on a virtio-mmio slot and on the PCIe bus (INTx), read from the guest
    # (the guest may number the two disks either way)
    av_guest linux-virtio-blk 200 'expect:Trix aarch64 guest ready' \
        'expect:TRIX-DISK-(mmio\r*\n+TRIX-DISK-pcie|pcie\r*\n+TRIX-DISK-mmio)' \
        'expect:trix.cmd exit status 0' 'expect:reboot: Power down' -- \
        -M virt "${av_linux[@]/console=ttyAMA0/console=ttyAMA0 trix.cmd=head+-c+14+/dev/vda;echo;head+-c+14+/dev/vdb;echo}" \
        -drive "file=$av_out/disk-pcie.img,format=raw,if=virtio" \
        -drive "file=$av_out/disk-mmio.img,format=raw,if=none,id=dm" -device virtio-blk-device,drive=dm
else
    t arm64virt/linux 5 sh -c 'echo "no arm64 Image at $0"; exit 77' "$av_image"
fi

# U-Boot from -bios into the flash: its prompt and `version`.
av_uboot=/usr/lib/u-boot/qemu_arm64/u-boot.bin
if [ -f "$av_uboot" ]; then
    av_guest uboot 60 --kill 'expect:Hit any key to stop autoboot' 'send:\r' 'expect:=> ' \
        'send:version\r' 'expect:version\r*\n+U-Boot 20\d\d' 'expect:=> ' -- \
        -M virt -m 256M -nographic -bios "$av_uboot"
else
    t arm64virt/uboot 5 sh -c 'echo "$0 missing (package u-boot-qemu)"; exit 77' "$av_uboot"
fi
