# System-mode command line and run-loop tests (sourced by tests/run.sh): bad options and
# missing files fail with clear messages; tiny bare-metal guests run on -M none.
sc=(bash tests/system/cli.sh)
sys_bin=$TEST_TMP/system

t system/cli-invalid-option 10 "${sc[@]}" fail "trix-system-riscv64: -foo: invalid option" -foo
t system/cli-missing-arg 10 "${sc[@]}" fail "-m: requires an argument" -M none -m
t system/cli-no-machine 10 "${sc[@]}" fail "no machine specified" -nographic
t system/cli-bad-machine 10 "${sc[@]}" fail "-M nosuch: unsupported machine type" -M nosuch
t system/cli-machine-help 10 "${sc[@]}" ok "Supported machines are:" -M help
t system/cli-help 10 "${sc[@]}" ok "-serial" -h
t system/cli-version 10 "${sc[@]}" ok "version" -version
t system/cli-bad-mem 10 "${sc[@]}" fail "-m 12X: invalid RAM size" -M none -m 12X
t system/cli-zero-mem 10 "${sc[@]}" fail "invalid RAM size" -M none -m 0
t system/cli-huge-mem 10 "${sc[@]}" fail "RAM size must be" -M none -m 100000G
t system/cli-bad-smp 10 "${sc[@]}" fail "-smp x: expected a number" -M none -smp x
t system/cli-smp-range 10 "${sc[@]}" fail "between 1 and" -M none -smp 0
t system/cli-missing-kernel 10 "${sc[@]}" fail "could not load kernel '/nonexistent/k'" \
    -M none -kernel /nonexistent/k
t system/cli-missing-bios 10 "${sc[@]}" fail "-bios /nonexistent/b: cannot read" -M none -bios /nonexistent/b
t system/cli-missing-initrd 10 "${sc[@]}" fail "-initrd /nonexistent/i" -M none -kernel /dev/null -initrd /nonexistent/i
t system/cli-initrd-needs-kernel 10 "${sc[@]}" fail "-initrd: requires -kernel" -M none -initrd /dev/null
t system/cli-bad-serial 10 "${sc[@]}" fail "character device 'bogus': unknown backend" -M none -serial bogus
t system/cli-serial-file-dir 10 "${sc[@]}" fail "cannot open" -M none -serial file:/nonexistent/dir/x
t system/cli-serial-tcp-refused 10 "${sc[@]}" fail "cannot connect" -M none -serial tcp:127.0.0.1:1
t system/cli-bad-display 10 "${sc[@]}" fail "only '-display none'" -M none -display gtk
t system/cli-bad-accel 10 "${sc[@]}" fail "KVM is not supported by trix" -M none -accel kvm
t system/cli-bad-log 10 "${sc[@]}" fail "" -M none -d nosuchitem
t system/cli-plain-arg 10 "${sc[@]}" fail "plain arguments are not supported" disk.img

if command -v riscv64-linux-gnu-gcc >/dev/null; then
    t system/build 60 bash tests/system/build.sh "$sys_bin"
    t system/none-hello 20 "${sc[@]}" exit=7 "hello from system mode" \
        -M none -nographic -bios "$sys_bin/hello.bin"
    t system/none-hello-smp 20 "${sc[@]}" exit=7 "hello from system mode" \
        -M none -smp 2 -display none -serial stdio -kernel "$sys_bin/hello.bin"
    t system/none-serial-file 20 sh -c 'bash tests/system/cli.sh exit=7 "" -M none -m 16M \
        -serial "file:$1/serial.txt" -display none -bios "$2" && grep -q "hello from system" "$1/serial.txt"' \
        sh "$sys_bin" "$sys_bin/hello.bin"
    t system/none-ctrl-a-x 20 sh -c 'printf "\001h\001x" >"$1/esc.in" && CLI_STDIN="$1/esc.in" \
        bash tests/system/cli.sh ok "terminated" -M none -nographic -bios "$2"' \
        sh "$sys_bin" "$sys_bin/spin.bin"
    t system/gdb-bad-dev 20 bash tests/system/cli.sh fail "only tcp:[HOST]:PORT" \
        -M none -gdb unix:/nonexistent/gdb.sock -nographic
fi
