/* Scatter-gather list copies for virtio devices (bytes in and out of popped chains). */
#include <string.h>
#include "hw/virtio/virtio.h"

/* Apply fn to the bytes [offset, offset+len) of the iovec, segment by segment. */
static size_t iov_walk(const struct iovec *iov, unsigned n, size_t offset, size_t len,
                       void (*fn)(void *seg, size_t off, size_t k, void *arg), void *arg)
{
    size_t done = 0;
    for (unsigned i = 0; i < n && done < len; i++) {
        if (offset >= iov[i].iov_len) {
            offset -= iov[i].iov_len;
            continue;
        }
        size_t k = iov[i].iov_len - offset;
        if (k > len - done)
            k = len - done;
        fn((uint8_t *)iov[i].iov_base + offset, done, k, arg);
        done += k;
        offset = 0;
    }
    return done;
}

static void copy_out(void *seg, size_t off, size_t k, void *arg)
{
    memcpy((uint8_t *)arg + off, seg, k);
}

static void copy_in(void *seg, size_t off, size_t k, void *arg)
{
    memcpy(seg, (const uint8_t *)arg + off, k);
}

static void fill(void *seg, size_t off, size_t k, void *arg)
{
    memset(seg, *(int *)arg, k);
}

size_t iov_to_buf(const struct iovec *iov, unsigned n, size_t offset, void *buf, size_t len)
{
    return iov_walk(iov, n, offset, len, copy_out, buf);
}

size_t iov_from_buf(const struct iovec *iov, unsigned n, size_t offset, const void *buf,
                    size_t len)
{
    return iov_walk(iov, n, offset, len, copy_in, (void *)buf);
}

size_t iov_memset(const struct iovec *iov, unsigned n, size_t offset, int c, size_t len)
{
    return iov_walk(iov, n, offset, len, fill, &c);
}
