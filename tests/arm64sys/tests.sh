# arm64 system mode on -M none (sourced by tests/run.sh): bare-metal EL1 programs for exceptions
# and syndromes, the MMU with each granule, the generic timer and WFI, PSCI CPU_ON with -smp 2,
# exit status; each under both tiers and, as the reference, under qemu-system-aarch64 -M virt.
a64s_bin=$TEST_TMP/arm64sys
a64s_sys=${TRIX_ROOT:-.}/build/trix-system-aarch64
a64s_chk=(bash tests/arm64sys/check.sh)
a64s_qemu=(bash tests/arm64sys/qemu.sh "$a64s_bin")

if command -v aarch64-linux-gnu-gcc >/dev/null; then
    t arm64sys/build 60 bash tests/arm64sys/build.sh "$a64s_bin"
    for a64s_t in exc mmu timer; do
        t arm64sys/$a64s_t 20 "${a64s_chk[@]}" 0 "$a64s_sys" -M none -nographic \
            -bios "$a64s_bin/$a64s_t.bin"
        t arm64sys/$a64s_t-interp 20 env TRIX_JIT=0 "${a64s_chk[@]}" 0 "$a64s_sys" -M none \
            -nographic -bios "$a64s_bin/$a64s_t.bin"
    done
    t arm64sys/timer-icount 20 "${a64s_chk[@]}" 0 "$a64s_sys" -M none -nographic \
        -icount shift=0 -bios "$a64s_bin/timer.bin"
    t arm64sys/mmu-cortex-a53 20 "${a64s_chk[@]}" 0 "$a64s_sys" -M none -cpu cortex-a53 \
        -nographic -bios "$a64s_bin/mmu.bin"
    t arm64sys/psci-smp2 20 "${a64s_chk[@]}" 0 "$a64s_sys" -M none -smp 2 -nographic \
        -bios "$a64s_bin/psci.bin"
    t arm64sys/psci-smp2-interp 20 env TRIX_JIT=0 "${a64s_chk[@]}" 0 "$a64s_sys" -M none \
        -smp 2 -nographic -bios "$a64s_bin/psci.bin"
    t arm64sys/psci-smp4 20 "${a64s_chk[@]}" 0 "$a64s_sys" -M none -smp 4 -nographic \
        -bios "$a64s_bin/psci.bin"
    t arm64sys/exit-status 20 "${a64s_chk[@]}" 3 "$a64s_sys" -M none -nographic \
        -bios "$a64s_bin/exitcode.bin"
    # stage 2: the QEMU build (RAM at 0x40000000, PL011) on -M virt,virtualization=on (EL2)
    a64s_s2=(-M virt,virtualization=on -m 128M -nographic -kernel "$a64s_bin/s2-qemu.elf")
    t arm64sys/s2 20 "${a64s_chk[@]}" 0 "$a64s_sys" "${a64s_s2[@]}"
    t arm64sys/s2-interp 20 env TRIX_JIT=0 "${a64s_chk[@]}" 0 "$a64s_sys" "${a64s_s2[@]}"
    t arm64sys/bad-cpu 10 env TRIX_SYSTEM="$a64s_sys" bash tests/system/cli.sh fail "nosuch" -M none -cpu nosuch
    t arm64sys/exc-qemu 20 "${a64s_qemu[@]}" exc -cpu cortex-a57
    t arm64sys/mmu-qemu 20 "${a64s_qemu[@]}" mmu -cpu max
    t arm64sys/timer-qemu 20 "${a64s_qemu[@]}" timer -cpu cortex-a57
    t arm64sys/psci-qemu 20 "${a64s_qemu[@]}" psci -cpu cortex-a57 -smp 2
    t arm64sys/s2-qemu 20 bash tests/arm64sys/qemu.sh "$a64s_bin" s2 -M virt,virtualization=on \
        -cpu cortex-a57
else
    t arm64sys/build 5 sh -c 'echo "aarch64-linux-gnu-gcc not installed"; exit 77'
fi
