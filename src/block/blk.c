/* BlockBackend I/O: bounds and permission checks, the per-backend lock, cache-mode flushes. */
#include <errno.h>
#include <string.h>
#include "trix/common.h"
#include "blk_int.h"

static int blk_check(BlockBackend *b, uint64_t off, uint64_t len)
{
    if (off > INT64_MAX || len > INT64_MAX || off + len < off)
        return -EINVAL;
    if (off + len > b->root->size)
        return -EIO;
    return 0;
}

int64_t blk_getlength(BlockBackend *b)
{
    return (int64_t)b->root->size;
}

bool blk_is_read_only(BlockBackend *b)
{
    return b->read_only;
}

const char *blk_serial(BlockBackend *b)
{
    return b->serial;
}

int blk_pread(BlockBackend *b, uint64_t off, void *buf, size_t len)
{
    int r = blk_check(b, off, len);
    if (r < 0 || !len)
        return r;
    pthread_mutex_lock(&b->lock);
    r = b->root->drv->pread(b->root, off, buf, len);
    pthread_mutex_unlock(&b->lock);
    return r;
}

/* After a modification: writethrough modes reach stable storage before completing. */
static int blk_after_write(BlockBackend *b, int r)
{
    if (r == 0 && b->writethrough)
        r = b->root->drv->flush(b->root);
    return r;
}

/* A write-type request: -errno to refuse it, 0 when there is nothing to do (no bytes), 1 to
 * go ahead. */
static int blk_check_write(BlockBackend *b, uint64_t off, uint64_t len)
{
    int r = blk_check(b, off, len);
    if (r < 0 || !len)
        return r;
    return b->read_only ? -EPERM : 1;
}

int blk_pwrite(BlockBackend *b, uint64_t off, const void *buf, size_t len)
{
    int r = blk_check_write(b, off, len);
    if (r <= 0)
        return r;
    pthread_mutex_lock(&b->lock);
    r = blk_after_write(b, b->root->drv->pwrite(b->root, off, buf, len));
    pthread_mutex_unlock(&b->lock);
    return r;
}

int blk_flush(BlockBackend *b)
{
    if (b->no_flush || b->read_only)
        return 0;
    pthread_mutex_lock(&b->lock);
    int r = b->root->drv->flush(b->root);
    pthread_mutex_unlock(&b->lock);
    return r;
}

int blk_discard(BlockBackend *b, uint64_t off, uint64_t len)
{
    int r = blk_check_write(b, off, len);
    if (r <= 0)
        return r;
    if (!b->discard_unmap)
        return 0;               /* discard=ignore (QEMU's default) */
    pthread_mutex_lock(&b->lock);
    r = blk_after_write(b, b->root->drv->discard(b->root, off, len));
    pthread_mutex_unlock(&b->lock);
    return r;
}

int blk_write_zeroes(BlockBackend *b, uint64_t off, uint64_t len, bool may_unmap)
{
    int r = blk_check_write(b, off, len);
    if (r <= 0)
        return r;
    pthread_mutex_lock(&b->lock);
    r = b->root->drv->write_zeroes(b->root, off, len, may_unmap && b->discard_unmap);
    r = blk_after_write(b, r);
    pthread_mutex_unlock(&b->lock);
    return r;
}
