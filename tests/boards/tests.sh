# Board tests: -M virt and -M spike device trees, boot paths, exit devices, error messages.
boards_out=$TEST_TMP/boards
if command -v riscv64-linux-gnu-gcc >/dev/null && command -v dtc >/dev/null; then
    t boards/build 60 bash tests/boards/check.sh build "$boards_out"
    for c in dumpdtb initrd-dtb user-dtb bad-dtb too-big virt-exit opensbi spike; do
        t "boards/$c" 60 bash tests/boards/check.sh "$c" "$boards_out"
    done
fi
