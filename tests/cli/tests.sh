# Command-line strictness and introspection of trix-system-riscv64 (sourced by tests/run.sh):
# each option is honoured or refused by name with exit 1; the listings QEMU scripts use exist.
cli_q=$TRIX_ROOT/build/trix-system-riscv64
cli_x=(bash tests/cli/expect.sh)
cli_d=$TRIX_ROOT/build/tests/cli
mkdir -p "$cli_d"
: >"$cli_d/empty"

t cli/cpu-help 10 "${cli_x[@]}" 0 'rv64' "$cli_q" -M virt -cpu help
t cli/cpu-unknown 10 "${cli_x[@]}" 1 "CPU model 'pentium'" "$cli_q" -M virt -cpu pentium
t cli/cpu-prop-v 10 "${cli_x[@]}" 1 "property 'v': extension not supported" "$cli_q" -M virt -cpu rv64,v=true
t cli/cpu-prop-unknown 10 "${cli_x[@]}" 1 "property 'foo': property not found" "$cli_q" -M virt -cpu rv64,foo=on
t cli/cpu-prop-bad-value 10 "${cli_x[@]}" 1 "'maybe' is not a boolean" "$cli_q" -M virt -cpu rv64,zba=maybe
t cli/cpu-prop-depends 10 "${cli_x[@]}" 1 "D extension requires F" "$cli_q" -M virt -cpu rv64,f=off
t cli/cpu-prop-help 10 "${cli_x[@]}" 0 "zba +on" "$cli_q" -cpu rv64,help
t cli/chardev-serial 60 bash tests/cli/chardev.sh "$cli_q" "$cli_d"
t cli/cpu-ext 60 bash tests/cli/cpu-ext.sh "$cli_q" "$TRIX_RISCV64" "$cli_d"
t cli/machine-help 10 "${cli_x[@]}" 0 'virt +RISC-V VirtIO board' "$cli_q" -M help
t cli/machine-query 10 "${cli_x[@]}" 0 'spike +RISC-V Spike board' "$cli_q" -machine '?'
t cli/machine-props 10 "${cli_x[@]}" 0 'dumpdtb=' "$cli_q" -M virt,help
t cli/machine-unknown-prop 10 "${cli_x[@]}" 1 "Property 'virt.foo' not found" "$cli_q" -M virt,foo=bar
t cli/machine-aclint-on 10 "${cli_x[@]}" 1 "virt,aclint=on: not supported by trix" "$cli_q" -M virt,aclint=on
t cli/machine-aia 10 "${cli_x[@]}" 1 "virt,aia=aplic: not supported by trix" "$cli_q" -M virt,aia=aplic
t cli/machine-virt-defaults 10 "${cli_x[@]}" 0 '^dtb ok$' sh -c '"$0" -M virt,aclint=off,aia=none,acpi=off,dumpdtb="$1" -display none && test -s "$1" && echo dtb ok' "$cli_q" "$cli_d/d.dtb"
t cli/machine-virt-help 10 "${cli_x[@]}" 0 '^  aclint$' "$cli_q" -M virt,help
t cli/machine-accel-kvm 10 "${cli_x[@]}" 1 "accelerator 'kvm'" "$cli_q" -M virt,accel=kvm
t cli/accel-help 10 "${cli_x[@]}" 0 '^tcg$' "$cli_q" -accel help
t cli/accel-thread-multi 10 "${cli_x[@]}" 1 "thread=multi is not supported" "$cli_q" -M virt -accel tcg,thread=multi
t cli/accel-kvm 10 "${cli_x[@]}" 1 'KVM is not supported' "$cli_q" -M virt -accel kvm
t cli/enable-kvm 10 "${cli_x[@]}" 1 'KVM is not supported' "$cli_q" -M virt -enable-kvm
t cli/device-help 10 "${cli_x[@]}" 0 'name "virtio-blk-device"' "$cli_q" -M virt -device help
t cli/device-props 10 "${cli_x[@]}" 0 'netdev=' "$cli_q" -M virt -device virtio-net-device,help
t cli/device-unknown-help 10 "${cli_x[@]}" 1 "'nosuch' is not a valid" "$cli_q" -M virt -device nosuch,help
t cli/d-help 10 "${cli_x[@]}" 0 'in_asm' "$cli_q" -d help
t cli/smp-topology 10 "${cli_x[@]}" 1 'sockets \(9\) \* cores \(1\) \* threads \(1\) != maxcpus \(4\)' "$cli_q" -M virt -smp 4,sockets=9
t cli/smp-maxcpus 10 "${cli_x[@]}" 1 'hotplug' "$cli_q" -M virt -smp 2,maxcpus=4,cores=4
t cli/smp-bad-key 10 "${cli_x[@]}" 1 "Invalid parameter 'dies2'" "$cli_q" -M virt -smp 2,dies2=1
t cli/smp-bad-number 10 "${cli_x[@]}" 1 "'cores' expects a number" "$cli_q" -M virt -smp 2,cores=x
t cli/smp-topology-ok 10 "${cli_x[@]}" 0 '^dtb ok$' sh -c '"$0" -M virt,dumpdtb="$1" -smp 4,sockets=2,cores=2 -display none && test -s "$1" && echo dtb ok' "$cli_q" "$cli_d/t.dtb"
t cli/m-slots 10 "${cli_x[@]}" 1 "'slots' is not supported" "$cli_q" -M virt -m 1G,slots=2,maxmem=4G
t cli/kernel-dev-zero 10 "${cli_x[@]}" 1 "could not load kernel '/dev/zero'" "$cli_q" -M virt -kernel /dev/zero -display none
t cli/kernel-dev-null 10 "${cli_x[@]}" 1 "could not load kernel '/dev/null'" "$cli_q" -M virt -kernel /dev/null -display none
t cli/kernel-empty 10 "${cli_x[@]}" 1 "could not load kernel .*empty" "$cli_q" -M virt -kernel "$cli_d/empty" -display none
t cli/kernel-missing 10 "${cli_x[@]}" 1 "could not load kernel 'no-such-kernel'" "$cli_q" -M virt -kernel no-such-kernel -display none
cli_img=$TRIX_ROOT/../shared/guests/riscv64/Image
[ -f "$cli_img" ] || cli_img=$cli_d/t.dtb      # any non-empty file loads as a raw kernel
t cli/initrd-dev-zero 10 "${cli_x[@]}" 1 "could not load initrd '/dev/zero'" "$cli_q" -M virt -kernel "$cli_img" -initrd /dev/zero -display none
t cli/bios-empty 10 "${cli_x[@]}" 1 "could not load firmware .*empty" "$cli_q" -M virt -bios "$cli_d/empty" -display none
t cli/version 10 "${cli_x[@]}" 0 '^Trix emulator version [0-9]+\.[0-9]+\.[0-9]+ \(QEMU-compatible' "$cli_q" -version
t cli/vga-std 10 "${cli_x[@]}" 1 "-vga std" "$cli_q" -M virt -vga std
t cli/overcommit-on 10 "${cli_x[@]}" 1 "'mem-lock=on' is not supported" "$cli_q" -M virt -overcommit mem-lock=on
t cli/daemonize 20 bash tests/cli/daemonize.sh "$cli_q" "$cli_d"
t cli/name-bad 10 "${cli_x[@]}" 1 "unknown option 'x=1'" "$cli_q" -M virt -name g,x=1
t cli/pidfile 10 bash tests/cli/pidfile.sh "$cli_q" "$cli_d"
t cli/kvm-unit-tests-probes 10 bash tests/cli/kut-probes.sh "$cli_q"
# User mode: the same model names and properties (the same parser, src/cpu_model.c).
t cli/user-cpu-help 10 "${cli_x[@]}" 0 'rv64' "$TRIX_RISCV64" -cpu help
t cli/user-cpu-prop 10 "${cli_x[@]}" 1 "property 'h': extension not supported" "$TRIX_RISCV64" -cpu rv64,h=on /bin/true
t cli/user-cpu-unknown 10 "${cli_x[@]}" 1 "unable to find CPU model 'foo'" "$TRIX_RISCV64" -cpu foo /bin/true
t cli/user-a64-cpu 10 "${cli_x[@]}" 1 "property 'sve': property not found" "$TRIX_ROOT/build/trix-aarch64" -cpu max,sve=on /bin/true
