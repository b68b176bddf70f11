# Virtio core tests (sourced by tests/run.sh): the virtqueue fuzz corpus and any crash-*
# reproducers replayed through the parser (fuzz/virtqueue_fuzz.c, built by `make tests`).
t virtio/fuzz-replay 60 sh -c '"$0/build/fuzz/virtqueue-replay" "$0"/fuzz/corpus/virtqueue/*' \
    "$TRIX_ROOT"
