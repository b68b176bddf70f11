#!/usr/bin/env bash
# Block-layer test cases (raw, qcow2, backing, compression, -snapshot, locking, data safety,
# hostile images) run through build/tests/block/blktool; `cases.sh NAME` runs one.
set -eu
root=${TRIX_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
tool=$root/build/tests/block/blktool
w=$(mktemp -d "${TEST_TMP:-/tmp}/block.XXXXXX")
trap 'rm -rf "$w"' EXIT
cd "$w"

need() {
    for c in "$@"; do
        command -v "$c" >/dev/null || { echo "SKIP: $c not installed (qemu-utils)"; exit 77; }
    done
}

# check_image IMG REF: qemu-img finds no errors or leaks, and the contents equal REF.
check_image() {
    qemu-img check "$1"
    qemu-img compare -F raw "$1" "$2"
}

case_raw() {
    truncate -s 8M d.raw
    cp d.raw random.ref
    "$tool" file=d.raw,format=raw "random 1 200" flush
    cmp d.raw random.ref
    "$tool" file=d.raw,format=raw,cache=none "random 2 100" "fill 1 1000 7" "verify 0 random.ref" &&
        { echo "verify should fail after fill"; exit 1; } || true
    cp d.raw random.ref
    "$tool" file=d.raw,format=raw,cache=none "random 3 100" flush "verify 0 random.ref"
    cmp d.raw random.ref
    "$tool" file=d.raw,format=raw,cache=writethrough "zero 4096 65536" "zero 100000 5000 unmap"
    dd if=/dev/zero of=random.ref bs=4096 seek=1 count=16 conv=notrunc status=none
    dd if=/dev/zero of=random.ref bs=1 seek=100000 count=5000 conv=notrunc status=none
    cmp d.raw random.ref
    # discard=unmap punches a hole (reads back as zeros on Linux file systems).
    "$tool" file=d.raw,format=raw,discard=unmap "discard 1048576 1048576"
    dd if=/dev/zero of=random.ref bs=1M seek=1 count=1 conv=notrunc status=none
    cmp d.raw random.ref
    # Out of range and read-only requests fail; they do not touch anything.
    "$tool" file=d.raw,format=raw,readonly=on expect-fail "fill 0 512 1" \
        expect-fail "read 8388000 1024" expect-fail "read 18446744073709551000 1024"
    cmp d.raw random.ref
}

case_qcow2_rw() {
    need qemu-img
    for o in cluster_size=65536 cluster_size=512 compat=0.10 cluster_size=4096,refcount_bits=64 \
             cluster_size=2097152 cluster_size=512,refcount_bits=8 compat=0.10,cluster_size=1024; do
        echo "== $o"
        rm -f t.qcow2
        qemu-img create -q -f qcow2 -o "$o" t.qcow2 24M
        truncate -s 0 random.ref
        truncate -s 24M random.ref
        "$tool" file=t.qcow2,format=qcow2 "random 7 150" flush
        "$tool" file=t.qcow2,format=qcow2,cache=none "random 8 50" "verify 0 random.ref"
        check_image t.qcow2 random.ref
    done
}

# Images written by qemu-img/qemu-io read the same as qemu-img convert -O raw.
case_qcow2_qemu_images() {
    need qemu-img qemu-io
    qemu-img create -q -f qcow2 empty.qcow2 5M
    qemu-img create -q -f raw base.raw 8M
    qemu-io -f raw -c "write -P 0xab 0 3M" -c "write -P 0x11 5M 100k" base.raw >/dev/null
    qemu-img create -q -f qcow2 -o compat=0.10 v2.qcow2 8M
    qemu-io -f qcow2 -c "write -P 0x42 100k 2M" -c "write -P 0x43 7M 1k" v2.qcow2 >/dev/null
    qemu-img create -q -f qcow2 -b base.raw -F raw top.qcow2 8M
    qemu-io -f qcow2 -c "write -P 0xcd 1M 64k" -c "write -z 2M 512k" -c "discard 2800k 64k" \
        top.qcow2 >/dev/null
    qemu-img create -q -f qcow2 -b top.qcow2 -F qcow2 top2.qcow2 8M
    qemu-io -f qcow2 -c "write -P 0xee 4M 300k" top2.qcow2 >/dev/null
    qemu-img convert -c -O qcow2 top2.qcow2 comp.qcow2
    qemu-img convert -c -O qcow2 -o compat=0.10,cluster_size=4096 top2.qcow2 comp2.qcow2
    for i in empty v2 top top2 comp comp2; do
        echo "== $i"
        qemu-img convert -O raw $i.qcow2 $i.want
        "$tool" file=$i.qcow2,format=qcow2,readonly=on "dump $i.got"
        cmp $i.want $i.got
    done
    qemu-img info comp.qcow2 | grep -q 'compressed' || true
}

# Writes over backing files and compressed clusters: qemu-img check and compare pass.
case_qcow2_write_backing() {
    need qemu-img qemu-io
    qemu-img create -q -f raw base.raw 8M
    qemu-io -f raw -c "write -P 0xab 0 5M" base.raw >/dev/null
    qemu-img create -q -f qcow2 -b base.raw -F raw top.qcow2 8M
    qemu-io -f qcow2 -c "write -P 0xcd 1M 64k" top.qcow2 >/dev/null
    qemu-img create -q -f qcow2 -b top.qcow2 -F qcow2 top2.qcow2 8M
    qemu-img convert -c -O qcow2 top.qcow2 comp.qcow2
    qemu-img create -q -f qcow2 -o compat=0.10 -b base.raw -F raw v2top.qcow2 8M
    for i in top top2 comp v2top; do
        echo "== $i"
        qemu-img convert -O raw $i.qcow2 random.ref
        "$tool" file=$i.qcow2,format=qcow2,discard=unmap "random 11 120" \
            "zero 0 131072 unmap" "zero 200000 300000"
        dd if=/dev/zero of=random.ref bs=1 count=131072 conv=notrunc status=none
        dd if=/dev/zero of=random.ref bs=1 seek=200000 count=300000 conv=notrunc status=none
        check_image $i.qcow2 random.ref
    done
}

# Discard frees clusters (v3: they read as zeros), and nothing leaks.
case_qcow2_discard() {
    need qemu-img
    for o in compat=1.1 compat=0.10; do
        rm -f t.qcow2
        qemu-img create -q -f qcow2 -o $o t.qcow2 4M
        "$tool" file=t.qcow2,format=qcow2,discard=unmap "fill 0 4194304 0x77" \
            "discard 65536 1048576" "discard 3000000 1000"
        head -c 4194304 /dev/zero | tr '\0' '\167' > random.ref
        dd if=/dev/zero of=random.ref bs=64k seek=1 count=16 conv=notrunc status=none
        check_image t.qcow2 random.ref
        qemu-img check t.qcow2 | grep -q 'No errors'
        # discard=ignore (the default) keeps the data.
        "$tool" file=t.qcow2,format=qcow2 "discard 0 4194304" "verify 0 random.ref"
    done
}

case_create() {
    need qemu-img
    truncate -s 3M base.raw
    "$tool" - "create-qcow2 new.qcow2 3145728" "create-qcow2 ov.qcow2 3145728 base.raw raw"
    qemu-img check new.qcow2
    qemu-img info ov.qcow2 | grep -q 'backing file: base.raw'
    truncate -s 3M random.ref
    "$tool" file=new.qcow2,format=qcow2 "random 4 80"
    check_image new.qcow2 random.ref
}

# -snapshot and snapshot=on: writes are visible while running; the image stays bit-identical.
case_snapshot() {
    need qemu-img
    truncate -s 4M d.raw
    qemu-img create -q -f qcow2 q.qcow2 4M
    "$tool" file=q.qcow2,format=qcow2 "fill 0 100000 0x33"
    sha1sum d.raw q.qcow2 > sums
    cp d.raw random.ref
    "$tool" -snapshot file=d.raw,format=raw "random 5 60" flush "verify 0 random.ref"
    qemu-img convert -O raw q.qcow2 random.ref
    "$tool" file=q.qcow2,format=qcow2,snapshot=on "random 6 60" "discard 0 65536" flush \
        "verify 0 random.ref"
    sha1sum -c sums
    # The image is opened read-only under -snapshot: a writer elsewhere is refused.
    "$tool" -snapshot file=d.raw,format=raw "sleep 1.5" &
    sleep 0.5
    if "$tool" file=d.raw,format=raw len 2>err; then echo "second writer admitted"; exit 1; fi
    grep -q 'lock' err
    wait
    ! ls "${TMPDIR:-/var/tmp}"/trix-snapshot.* 2>/dev/null
}

# hold IMG OPTS SECONDS: keep a drive open in the background.
hold() {
    "$tool" "file=$1,$2" "sleep $3" &
    sleep 0.5
}

case_lock_trix() {
    truncate -s 1M d.raw
    hold d.raw format=raw 2
    if "$tool" file=d.raw,format=raw len 2>err; then echo "two writers"; exit 1; fi
    grep 'Failed to get' err
    if "$tool" file=d.raw,format=raw,readonly=on len 2>err; then echo "reader beside writer"; exit 1; fi
    "$tool" file=d.raw,format=raw,file.locking=off len
    # trix itself (-drive opened before the board) is refused the same way.
    if timeout 5 "$root/build/trix-system-riscv64" -M virt -display none -bios none \
        -drive file=d.raw,format=raw,if=none,id=d0 2>err; then echo "trix admitted"; exit 1; fi
    grep 'Failed to get' err
    wait
    hold d.raw format=raw,readonly=on 2
    "$tool" file=d.raw,format=raw,readonly=on len          # readers share
    if "$tool" file=d.raw,format=raw len 2>err; then echo "writer beside reader"; exit 1; fi
    wait
    "$tool" file=d.raw,format=raw len                      # free again once closed
}

case_lock_qemu() {
    need qemu-img qemu-io
    qemu-img create -q -f qcow2 q.qcow2 1M
    hold q.qcow2 format=qcow2 2
    if qemu-img info q.qcow2 2>err; then echo "qemu-img info beside trix writer"; exit 1; fi
    cat err
    if qemu-io -f qcow2 -c "write 0 512" q.qcow2 2>err; then echo "qemu-io beside trix"; exit 1; fi
    wait
    # A QEMU writer excludes trix.
    (sleep 2 | qemu-io -f qcow2 q.qcow2 >/dev/null 2>&1) &
    sleep 0.7
    if "$tool" file=q.qcow2,format=qcow2 len 2>err; then echo "trix beside qemu-io"; exit 1; fi
    grep 'Failed to get' err
    wait
    # Readers share with QEMU readers.
    (sleep 2 | qemu-io -r -f qcow2 q.qcow2 >/dev/null 2>&1) &
    sleep 0.7
    "$tool" file=q.qcow2,format=qcow2,readonly=on len
    wait
}

# Data reaches the file before blk_flush returns: SIGKILL right after, then reopen.
case_sigkill() {
    need qemu-img
    truncate -s 4M d.raw
    qemu-img create -q -f qcow2 q.qcow2 4M
    head -c 1500000 /dev/urandom > data
    for d in "d.raw,format=raw" "d.raw,format=raw,cache=none" "q.qcow2,format=qcow2" \
             "q.qcow2,format=qcow2,cache=none"; do
        "$tool" file=$d "write 77777 data" flush kill && { echo "not killed"; exit 1; } || true
        "$tool" file=$d "verify 77777 data"
    done
    qemu-img check q.qcow2
}

# Corrupt, truncated and hostile images: refused with a clear message, or the request fails.
case_hostile() {
    need qemu-img qemu-io python3
    qemu-img create -q -f qcow2 -o cluster_size=4096 src.qcow2 4M
    qemu-io -f qcow2 -c "write -P 0x5a 0 300k" src.qcow2 >/dev/null
    mkdir bad
    python3 "$root/tests/block/mkhostile.py" src.qcow2 bad
    for f in bad/*.qcow2; do
        n=$(basename "$f" .qcow2)
        rc=0
        "$tool" "file=$f,format=qcow2" "dump /dev/null" "fill 0 70000 1" "zero 0 8192" \
            "discard 0 65536" flush >out 2>&1 || rc=$?
        echo "$n: exit $rc: $(head -c 200 out)"
        [ $rc -le 1 ] || { echo "$n: crashed"; exit 1; }
        case $n in
        refuse-*) [ $rc -eq 1 ] && grep -q "qcow2 image '.*': " out ||
            { echo "$n: not refused at open"; exit 1; } ;;
        esac
        ! grep -q 'internal error\|assert' out
    done
}

case_drive_opts() {
    truncate -s 1M d.raw
    for bad in "file=d.raw,cache=bogus" "file=d.raw,format=vmdk" "format=raw" \
               "file=d.raw,bogus=1" "file=d.raw,if=ide" "file=d.raw,aio=native" \
               "file=d.raw,id=1x" "file=nonexistent.img,format=raw" "file=.,format=raw" \
               "file=d.raw,media=cdrom" "file=d.raw,format=qcow2"; do
        if "$tool" "$bad" len 2>err; then echo "accepted: $bad"; exit 1; fi
        echo "$bad -> $(cat err)"
        grep -q -- "-drive $bad" err
    done
    "$tool" file=d.raw len 2>err                # probing warns like QEMU
    grep -q 'probing guessed raw' err
    "$tool" file=d.raw expect-fail "write 0 $root/fuzz/corpus/qcow2/empty-v3.qcow2"
    "$tool" file=d.raw,format=raw,if=none,id=disk0,serial=abc,media=disk,aio=threads,index=0,detect-zeroes=off,readonly=off,cache=directsync,discard=unmap,snapshot=off len
}

case_fuzz_replay() {
    "$root/build/fuzz/qcow2-replay" "$root"/fuzz/corpus/qcow2/*
}

"case_$1"
