# Network tests (sourced by tests/run.sh): user networking (libslirp) with virtio-net over
# virtio-mmio and virtio-pci. A riscv64 Linux guest gets its address by DHCP, fetches a page
# from an HTTP server on 127.0.0.1 through 10.0.2.2, and serves one with busybox httpd that the
# host fetches through hostfwd=tcp:127.0.0.1:PORT-:80 (tests/net/net_test.py). restrict=on
# must keep the guest away from the host service but leave hostfwd working. Scenarios that
# QEMU also runs have a -qemu twin (QEMU 7.2's riscv virt ignores -nic: no twin for those).
# Only 127.0.0.1 on the host side and slirp's 10.0.2.x inside are ever used.
net_dir=$TRIX_ROOT/tests/net
net_trix=$TRIX_ROOT/build/trix-system-riscv64
net_initrd=$TRIX_ROOT/build/tests/net/initramfs.cpio.gz

net_guest_tests="user-mmio user-pci restrict-mmio restrict-pci nic-default nic-mmio"
net_selected() {
    local n
    [ -z "${TESTS:-}" ] && return 0
    for n in $net_guest_tests; do
        [[ "net/$n" == *$TESTS* ]] || [[ "net/$n-qemu" == *$TESTS* ]] && return 0
    done
    return 1
}

# net_err NAME REGEX ARGS...: trix-system-riscv64 ARGS must exit 1 with REGEX on stderr.
net_err() {
    local name=$1 re=$2
    shift 2
    t "net/$name" 20 sh -c 'out=$("$@" </dev/null 2>&1 >/dev/null); rc=$?; echo "exit $rc: $out";
        [ $rc -eq 1 ] && printf "%s" "$out" | grep -q -E "$0"' "$re" \
        "$net_trix" -M virt -bios none -nographic "$@"
}
net_err bad-backend "netdev tap,id=x: network backend 'tap' is not supported" -netdev tap,id=x
net_err bad-hostfwd "invalid host forwarding rule 'tcp:127.0.0.1:99999-:80'" \
    -netdev user,id=x,hostfwd=tcp:127.0.0.1:99999-:80
net_err bad-option "unknown or unsupported option 'bogus'" -netdev user,id=x,bogus=1
net_err no-id "parameter 'id' is missing" -netdev user
net_err dup-id "duplicate ID 'x' for netdev" -netdev user,id=x -netdev user,id=x
net_err bad-host "host=10.0.9.2: not in the guest network" -netdev user,id=x,host=10.0.9.2
net_err no-such-netdev "netdev 'nope' not found" -device virtio-net-device,netdev=nope
net_err bad-mac "mac=01:02:03:04:05:06: expected a unicast address" -netdev user,id=x \
    -device virtio-net-device,netdev=x,mac=01:02:03:04:05:06
net_err netdev-twice "netdev 'x' is already in use by virtio-net-device" -netdev user,id=x \
    -device virtio-net-device,netdev=x -device virtio-net-pci,netdev=x
net_err bad-model "unsupported NIC model 'e1000'" -nic user,model=e1000

net_guest=
if net_selected; then
    net_guest=$(bash "$TRIX_ROOT/tests/guests/get-riscv64.sh" 2>"$log/net-guest.log" | tail -n 1) ||
        net_guest=
    if [ -n "$net_guest" ] && [ -f "$net_guest/busybox" ] &&
        { [ ! -f "$net_initrd" ] || [ "$net_dir/udhcpc.script" -nt "$net_initrd" ] ||
            [ "$TRIX_ROOT/tests/guests/mkinitramfs.sh" -nt "$net_initrd" ]; }; then
        bash "$TRIX_ROOT/tests/guests/mkinitramfs.sh" \
            --add "$net_dir/udhcpc.script:usr/share/udhcpc/default.script" \
            "$net_guest/busybox" "$net_initrd" 2>>"$log/net-guest.log" || rm -f "$net_initrd"
    fi
fi

# net_rv NAME QEMU-TOO? TEST-ARGS... -- EMULATOR-ARGS...
net_rv() {
    local name=$1 qemu=$2
    shift 2
    local targs=() emu=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do targs+=("$1"); shift; done
    shift
    emu=(-M virt -m 256M -nographic -bios default -kernel "$net_guest/Image"
        -initrd "$net_initrd" -append console=ttyS0 "$@")
    t "net/$name" 120 python3 "$net_dir/net_test.py" --timeout 110 "${targs[@]}" -- \
        "$net_trix" "${emu[@]}"
    [ "$qemu" = yes ] || return 0
    if command -v qemu-system-riscv64 >/dev/null; then
        t "net/$name-qemu" 120 python3 "$net_dir/net_test.py" --timeout 110 "${targs[@]}" -- \
            qemu-system-riscv64 "${emu[@]}"
    else
        t "net/$name-qemu" 5 sh -c 'echo "qemu-system-riscv64 not installed"; exit 77'
    fi
}

if [ -n "$net_guest" ] && [ -f "$net_guest/Image" ] && [ -f "$net_initrd" ]; then
    net_rv user-mmio yes -- -device virtio-net-device,netdev=n0
    net_rv user-pci yes -- -device virtio-net-pci,netdev=n0,mac=52:54:00:65:43:21,romfile=
    net_rv restrict-mmio yes --restrict -- -device virtio-net-device,netdev=n0
    net_rv restrict-pci no --restrict -- -device virtio-net-pci,netdev=n0
    net_rv nic-default no -- -nic user,NETDEV
    net_rv nic-mmio no -- -nic user,NETDEV,model=virtio-net-device,mac=52:54:00:00:00:02
else
    for n in $net_guest_tests; do
        t "net/$n" 10 sh -c 'echo "missing: riscv64 guest or net initramfs (see $0)"; exit 1' \
            "$log/net-guest.log"
    done
fi
