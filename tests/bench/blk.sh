# shellcheck shell=bash disable=SC2154
# virtio-blk part of `make bench` (sourced by tests/bench/run.sh after system.sh, using its
# bench_build, out, limit, status, sys_qemu, sys_trix): inside a riscv64 Linux guest,
# tests/bench/blk.c on /dev/vda (a 128 MiB raw image, if=virtio over virtio-mmio) does an
# O_DIRECT sequential write of 64 MiB (1 MiB requests, then fdatasync), a sequential read of it
# and 4096 random 4 KiB reads; tests/bench/blkbench.py times each phase between the guest's
# console marks. trix-system-riscv64 and qemu-system-riscv64 on the same kernel, initramfs and
# image, with cache=writeback (the default) and cache=none; best of 2 runs per phase. The table
# goes to $out/blk.txt (MB/s and the trix/qemu throughput ratio: above 1 means trix is faster).
blk_runs=${BENCH_BLK_RUNS:-2}

# blk_best EMU CACHE: best MB/s per phase over blk_runs runs, as `phase mbs` lines.
blk_best() {
    local emu=$1 cache=$2 i
    for ((i = 0; i < blk_runs; i++)); do
        truncate -s 0 "$out/blk.raw" && truncate -s 128M "$out/blk.raw"
        timeout -k 5 "$limit" python3 tests/bench/blkbench.py "$limit" "$emu" -M virt -m 256M \
            -nographic -bios default -kernel "$sys_guest/Image" -initrd "$blk_initrd" \
            -append "console=ttyS0 trix.cmd=bench-blk+/dev/vda+64+4096" \
            -drive "file=$out/blk.raw,format=raw,if=virtio,cache=$cache" || return 1
    done | awk '{ if (!($1 in b) || $2 > b[$1]) b[$1] = $2; if (!($1 in o)) o[$1] = n++ }
        END { for (p in o) r[o[p]] = p; for (i = 0; i < n; i++) print r[i], b[r[i]] }'
}

bench_blk() {
    [ -n "${BENCH:-}" ] && [[ blk != *$BENCH* ]] && return
    [ -n "${sys_guest:-}" ] && [ -f "$sys_guest/Image" ] || return 0
    bench_build blk blk.c || return
    blk_initrd=$out/initramfs-blk.cpio.gz
    bash tests/guests/mkinitramfs.sh --add "$out/blk:bin/bench-blk" "$sys_guest/busybox" \
        "$blk_initrd" 2>"$out/initramfs-blk.log" || { status=1; return; }
    local cache q t
    printf '%-24s %10s %10s %16s\n' "virtio-blk (MB/s)" trix qemu "ratio(trix/qemu)" >"$out/blk.txt"
    for cache in writeback none; do
        echo "== blk cache=$cache: $(basename "$sys_trix") / $(basename "$sys_qemu")" >&2
        q=$(blk_best "$sys_qemu" $cache) || { echo "bench: blk: qemu failed" >&2; continue; }
        t=$(blk_best "$sys_trix" $cache) || { echo "bench: blk: trix failed" >&2; status=1; continue; }
        join <(echo "$t") <(echo "$q") | while read -r phase tm qm; do
            printf '%-24s %10s %10s %16s\n' "$phase cache=$cache" "$tm" "$qm" \
                "$(python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$tm" "$qm")"
        done >>"$out/blk.txt"
    done
    rm -f "$out/blk.raw"
}
