/* The raw format: the image file is the disk; holes for discard, fallocate for write-zeroes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "trix/common.h"
#include "block_int.h"

static int raw_pread(BlockNode *n, uint64_t off, void *buf, size_t len)
{
    return bfile_pread(n->file, off, buf, len);
}

static int raw_pwrite(BlockNode *n, uint64_t off, const void *buf, size_t len)
{
    /* A probed raw image must not turn into a qcow2 header (QEMU restricts block 0 too). */
    if (n->probed_raw && off == 0 && qcow2_probe(buf, len))
        return -EPERM;
    return bfile_pwrite(n->file, off, buf, len);
}

static int raw_flush(BlockNode *n)
{
    return bfile_flush(n->file);
}

static int raw_discard(BlockNode *n, uint64_t off, uint64_t len)
{
    int r = bfile_punch(n->file, off, len);
    return r == -ENOTSUP ? 0 : r;          /* discard is a hint */
}

static int raw_write_zeroes(BlockNode *n, uint64_t off, uint64_t len, bool may_unmap)
{
    int r = may_unmap ? bfile_punch(n->file, off, len) : -ENOTSUP;
    if (r == -ENOTSUP)
        r = bfile_zero_range(n->file, off, len);
    if (r == -ENOTSUP)
        r = bfile_write_zeros(n->file, off, len);
    return r;
}

static void raw_close(BlockNode *n)
{
}

const BlockDriver raw_driver = {
    .name = "raw",
    .pread = raw_pread,
    .pwrite = raw_pwrite,
    .flush = raw_flush,
    .discard = raw_discard,
    .write_zeroes = raw_write_zeroes,
    .close = raw_close,
};

BlockNode *raw_open(BlockFile *f, const NodeOpenOpts *o, char **err)
{
    BlockNode *n = trix_malloc0(sizeof(*n));
    n->drv = &raw_driver;
    n->file = f;
    n->size = (uint64_t)f->size;
    n->writable = o->writable;
    return n;
}
