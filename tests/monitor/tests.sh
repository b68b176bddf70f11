# Monitor tests (sourced by tests/run.sh): a Python QMP client (tests/monitor/qmp_test.py)
# against trix-system-riscv64 booting the prebuilt riscv64 Linux kernel, over -qmp unix: and
# over -chardev socket + -mon mode=control; CLI errors for -mon.
# The guest comes from tests/guests/get-riscv64.sh (the shared prebuilt copy, or built).
mon_guest=$(bash tests/guests/get-riscv64.sh --no-initramfs 2>"$log/monitor-guest.log" |
    tail -n 1) || mon_guest=
mon_kernel=${TRIX_RV64_KERNEL:-$mon_guest/Image}
mon_trix=$TRIX_ROOT/build/trix-system-riscv64
mon_sc=(bash tests/system/cli.sh)

t monitor/qmp-unix 90 python3 tests/monitor/qmp_test.py "$mon_trix" "$mon_kernel" qmp
t monitor/qmp-hmp-stdio-tcp 60 python3 tests/monitor/transports_test.py "$mon_trix"
t monitor/qmp-chardev-mon 90 python3 tests/monitor/qmp_test.py "$mon_trix" "$mon_kernel" chardev
t monitor/mon-no-chardev 10 "${mon_sc[@]}" fail "-mon chardev=nope,mode=control: no -chardev" \
    -M none -mon chardev=nope,mode=control
t monitor/mon-bad-mode 10 "${mon_sc[@]}" fail "unknown mode 'x'" \
    -M none -chardev null,id=m -mon chardev=m,mode=x
t monitor/hmp-unix 60 python3 tests/monitor/hmp_test.py "$mon_trix" "$mon_kernel" monitor
t monitor/hmp-chardev-mon 60 python3 tests/monitor/hmp_test.py "$mon_trix" "$mon_kernel" chardev
t monitor/hmp-mux-stdio 60 python3 tests/monitor/hmp_mux_test.py "$mon_trix" "$mon_kernel"
mon_busybox=$(dirname "$mon_kernel")/busybox
t monitor/qmp-system-powerdown 150 python3 tests/monitor/powerdown_test.py "$mon_trix" "$mon_kernel" "$mon_busybox"
t monitor/no-shutdown-action 90 python3 tests/monitor/no_shutdown_test.py "$mon_trix"
t monitor/action-bad-key 10 "${mon_sc[@]}" fail "option 'watchdog'" -M none -action watchdog=pause
t monitor/action-bad-value 10 "${mon_sc[@]}" fail "invalid value 'halt'" -M none -action shutdown=halt
t monitor/action-bad-reboot 10 "${mon_sc[@]}" fail "invalid value 'off'" -M none -action reboot=off
t monitor/inspect-regs-mtree-x-memsave 120 python3 tests/monitor/inspect_test.py "$mon_trix" "$mon_kernel"
t monitor/no-shutdown-linux-poweroff 150 python3 tests/monitor/powerdown_test.py "$mon_trix" "$mon_kernel" "$mon_busybox" no-shutdown
# -S starts paused (query-status "prelaunch"), cont runs; -gdb takes tcp: only (tests/gdb).
t monitor/start-paused 60 python3 tests/monitor/start_paused_test.py "$mon_trix"
t monitor/gdb-bad-dev 10 "${mon_sc[@]}" fail "-gdb udp::1: only tcp" -M none -gdb udp::1
