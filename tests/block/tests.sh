# Block layer (src/block/): raw and qcow2 through the host-side tool, locking, data safety.
for c in raw qcow2_rw qcow2_qemu_images qcow2_write_backing qcow2_discard create snapshot \
         lock_trix lock_qemu sigkill hostile drive_opts fuzz_replay; do
    t "block/${c//_/-}" 120 bash tests/block/cases.sh "$c"
done
