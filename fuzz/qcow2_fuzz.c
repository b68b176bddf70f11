/* Fuzz target: open a qcow2 image from the input bytes (header, L1, L2, refcounts), read and write. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "src/block/block_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_io(BlockNode *n)
{
    static uint8_t buf[65536 * 2];
    uint64_t sz = n->size, offs[] = { 0, 512, 65536, sz / 2, sz > 4096 ? sz - 4096 : 0 };
    for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
        uint64_t off = offs[i] & ~511ull;
        size_t len = sz - off < sizeof(buf) ? (size_t)(sz - off) : sizeof(buf);
        if (off >= sz)
            continue;
        n->drv->pread(n, off, buf, len);
        memset(buf, (int)i + 1, len);
        n->drv->pwrite(n, off, buf, len < 4096 ? len : 4096);
        n->drv->pread(n, off, buf, len);
        n->drv->discard(n, off, len);
        n->drv->write_zeroes(n, off, len, i & 1);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz.qcow2", 0);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    NodeOpenOpts o = { .writable = true, .no_backing = true };
    char *err = NULL;
    BlockFile *f = bfile_from_fd(fd, "fuzz.qcow2", true);
    BlockNode *n = node_open_file(f, "qcow2", &o, &err);
    free(err);
    if (n) {
        fuzz_io(n);
        node_close(n);
    }
    return 0;
}
