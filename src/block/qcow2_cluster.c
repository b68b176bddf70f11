/* qcow2 guest I/O: L1/L2 lookup, reads (data, zero, backing, compressed), writes with allocation. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "trix/common.h"
#include "qcow2.h"

static int qcow2_bad(Qcow2 *s, const char *what)
{
    if (!s->corrupt)
        fprintf(stderr, "%s: qcow2 image '%s' is corrupt (%s); the request fails\n",
                trix_progname, s->file->path, what);
    s->corrupt = true;
    return -EIO;
}

/* The L2 table holding guest offset off: its host offset (0: none) and the entry index. */
static int l2_locate(Qcow2 *s, uint64_t off, uint64_t *l2_off, uint64_t *idx)
{
    uint64_t l1_idx = off >> (s->cluster_bits + s->l2_bits);
    *idx = (off >> s->cluster_bits) & ((1ull << s->l2_bits) - 1);
    if (l1_idx >= s->l1_size)
        return qcow2_bad(s, "request beyond the L1 table");
    uint64_t e = s->l1[l1_idx];
    *l2_off = e & QCOW2_OFFSET_MASK;
    if (*l2_off & (s->cluster_size - 1))
        return qcow2_bad(s, "misaligned L2 table");
    return 0;
}

static int l2_entry_get(Qcow2 *s, uint64_t off, uint64_t *entry)
{
    uint64_t l2_off, idx;
    int r = l2_locate(s, off, &l2_off, &idx);
    *entry = 0;
    if (r < 0 || !l2_off)
        return r;
    uint8_t *t = qcache_get(&s->l2_cache, s->file, l2_off, &r);
    if (!t)
        return r;
    *entry = qbe64(t + idx * 8);
    return 0;
}

static bool entry_is_zero(Qcow2 *s, uint64_t e)
{
    return s->version >= 3 && !(e & QCOW2_OFLAG_COMPRESSED) && (e & QCOW2_OFLAG_ZERO);
}

static int data_host(Qcow2 *s, uint64_t e, uint64_t *host)
{
    *host = e & QCOW2_OFFSET_MASK;
    if (*host & (s->cluster_size - 1))
        return qcow2_bad(s, "misaligned data cluster");
    return 0;
}

/* The current contents of the whole guest cluster at off (cluster aligned) under entry e. */
static int cluster_contents(Qcow2 *s, uint64_t off, uint64_t e, uint8_t *out)
{
    uint64_t host;
    if (e & QCOW2_OFLAG_COMPRESSED)
        return qcow2_read_compressed(s, e, out);
    if (entry_is_zero(s, e) || (!(e & QCOW2_OFFSET_MASK) && !s->node->backing)) {
        memset(out, 0, s->cluster_size);
        return 0;
    }
    if (!(e & QCOW2_OFFSET_MASK))
        return node_read_backing(s->node->backing, off, out, s->cluster_size);
    int r = data_host(s, e, &host);
    return r < 0 ? r : bfile_pread(s->file, host, out, s->cluster_size);
}

static int read_chunk(Qcow2 *s, uint64_t off, uint8_t *buf, size_t n)
{
    uint64_t e, host, in = off & (s->cluster_size - 1);
    int r = l2_entry_get(s, off, &e);
    if (r < 0)
        return r;
    if (e & QCOW2_OFLAG_COMPRESSED) {
        r = qcow2_read_compressed(s, e, s->cbuf);
        if (r == 0)
            memcpy(buf, s->cbuf + in, n);
        return r;
    }
    if (entry_is_zero(s, e) || (!(e & QCOW2_OFFSET_MASK) && !s->node->backing)) {
        memset(buf, 0, n);
        return 0;
    }
    if (!(e & QCOW2_OFFSET_MASK))
        return node_read_backing(s->node->backing, off, buf, n);
    r = data_host(s, e, &host);
    return r < 0 ? r : bfile_pread(s->file, host + in, buf, n);
}

/* Call fn on each piece of [off, off + len) that stays inside one cluster. */
static int for_each_chunk(Qcow2 *s, uint64_t off, uint8_t *buf, size_t len,
                          int (*fn)(Qcow2 *, uint64_t, uint8_t *, size_t))
{
    while (len) {
        uint64_t in = off & (s->cluster_size - 1);
        size_t n = s->cluster_size - in < len ? (size_t)(s->cluster_size - in) : len;
        int r = fn(s, off, buf, n);
        if (r < 0)
            return r;
        off += n;
        buf += n;
        len -= n;
    }
    return 0;
}

int qcow2_read(BlockNode *n, uint64_t off, void *buf, size_t len)
{
    return for_each_chunk(n->opaque, off, buf, len, read_chunk);
}

/* The L2 table for off, allocated when missing; its offset and the entry index. */
static int l2_prepare(Qcow2 *s, uint64_t off, uint64_t *l2_off, uint64_t *idx)
{
    int r = l2_locate(s, off, l2_off, idx);
    if (r < 0 || *l2_off)
        return r;
    int64_t t = qcow2_alloc_cluster(s);
    if (t < 0)
        return (int)t;
    qcache_get_zeroed(&s->l2_cache, (uint64_t)t);
    r = qcache_write(&s->l2_cache, s->file, (uint64_t)t, 0, s->cluster_size);
    if (r < 0)
        return r;
    uint64_t l1_idx = off >> (s->cluster_bits + s->l2_bits);
    uint8_t be[8];
    s->l1[l1_idx] = (uint64_t)t | QCOW2_OFLAG_COPIED;
    qput64(be, s->l1[l1_idx]);
    *l2_off = (uint64_t)t;
    return bfile_pwrite(s->file, s->l1_offset + l1_idx * 8, be, 8);
}

static int l2_entry_set(Qcow2 *s, uint64_t l2_off, uint64_t idx, uint64_t e)
{
    int r;
    uint8_t *t = qcache_get(&s->l2_cache, s->file, l2_off, &r);
    if (!t)
        return r;
    qput64(t + idx * 8, e);
    return qcache_write(&s->l2_cache, s->file, l2_off, idx * 8, 8);
}

/* Drop the host storage an old entry referenced (after the L2 entry stopped pointing at it). */
static int entry_release(Qcow2 *s, uint64_t e)
{
    uint64_t off, len;
    if (e & QCOW2_OFLAG_COMPRESSED) {
        qcow2_compressed_range(s, e, &off, &len);
        return qcow2_free_range(s, off, len);
    }
    if (!(e & QCOW2_OFFSET_MASK))
        return 0;
    int r = data_host(s, e, &off);
    return r < 0 ? r : qcow2_free_range(s, off, s->cluster_size);
}

static int write_chunk(Qcow2 *s, uint64_t off, uint8_t *buf, size_t n)
{
    uint64_t l2_off, idx, e, host, in = off & (s->cluster_size - 1), cs = s->cluster_size;
    int r = l2_prepare(s, off, &l2_off, &idx);
    if (r == 0)
        r = l2_entry_get(s, off, &e);
    if (r < 0)
        return r;
    bool plain = !(e & QCOW2_OFLAG_COMPRESSED) && (e & QCOW2_OFFSET_MASK);
    if (plain && (r = data_host(s, e, &host)) < 0)
        return r;
    if (plain && qcow2_overlaps_fixed(s, host, cs))
        return qcow2_bad(s, "data cluster overlaps the image metadata");
    if (plain && !entry_is_zero(s, e))
        return bfile_pwrite(s->file, host + in, buf, n);
    /* Copy on write into a new cluster (or the preallocated one of a zero cluster). */
    if (n < cs) {
        if ((r = cluster_contents(s, off - in, e, s->cbuf)) < 0)
            return r;
        memcpy(s->cbuf + in, buf, n);
    }
    if (!plain) {
        int64_t c = qcow2_alloc_cluster(s);
        if (c < 0)
            return (int)c;
        host = (uint64_t)c;
    }
    r = bfile_pwrite(s->file, host, n < cs ? s->cbuf : buf, cs);
    if (r == 0)
        r = l2_entry_set(s, l2_off, idx, host | QCOW2_OFLAG_COPIED);
    if (r == 0 && !plain)
        r = entry_release(s, e);
    return r;
}

int qcow2_write(BlockNode *n, uint64_t off, const void *buf, size_t len)
{
    Qcow2 *s = n->opaque;
    if (s->corrupt)
        return -EIO;
    return for_each_chunk(s, off, (uint8_t *)buf, len, write_chunk);
}

/* Make the whole guest cluster at off unallocated (or zero-flagged when zero is set), keeping
 * the host cluster of an allocated one when keep is set (v3 preallocated zero cluster). */
static int cluster_unmap(Qcow2 *s, uint64_t off, bool zero, bool keep)
{
    uint64_t e, l2_off, idx;
    int r = l2_entry_get(s, off, &e);
    if (r < 0)
        return r;
    bool plain = !(e & QCOW2_OFLAG_COMPRESSED) && (e & QCOW2_OFFSET_MASK);
    uint64_t e_new = zero ? QCOW2_OFLAG_ZERO : 0;
    if (keep && plain)
        e_new = (e & QCOW2_OFFSET_MASK) | QCOW2_OFLAG_COPIED | QCOW2_OFLAG_ZERO;
    if (e == e_new || (!e && !zero))
        return 0;
    if (!e && !s->node->backing)
        return 0;                       /* unallocated already reads as zeros */
    if ((r = l2_prepare(s, off, &l2_off, &idx)) < 0)
        return r;
    r = l2_entry_set(s, l2_off, idx, e_new);
    return r < 0 || (keep && plain) ? r : entry_release(s, e);
}

static int write_zero_bytes(Qcow2 *s, uint64_t off, uint64_t end)
{
    if (end <= off)
        return 0;
    uint8_t *z = trix_malloc0((size_t)(end - off));
    int r = qcow2_write(s->node, off, z, (size_t)(end - off));
    free(z);
    return r;
}

/* cluster_unmap on each whole cluster inside [off, off + len); with partial_zeroes the
 * partial clusters at the ends get written zeros (write-zeroes), else they stay (discard). */
static int for_each_cluster(Qcow2 *s, uint64_t off, uint64_t len, bool zero, bool keep,
                            bool partial_zeroes)
{
    uint64_t cs = s->cluster_size, end = off + len;
    uint64_t first = (off + cs - 1) & ~(cs - 1), last = end & ~(cs - 1);
    if (first >= last)
        return partial_zeroes ? write_zero_bytes(s, off, end) : 0;
    int r = partial_zeroes ? write_zero_bytes(s, off, first) : 0;
    if (r == 0 && partial_zeroes)
        r = write_zero_bytes(s, last, end);
    for (uint64_t c = first; c < last && r == 0; c += cs)
        r = cluster_unmap(s, c, zero, keep);
    return r;
}

int qcow2_discard(BlockNode *n, uint64_t off, uint64_t len)
{
    Qcow2 *s = n->opaque;
    if (s->corrupt)
        return -EIO;
    /* v3 keeps discarded clusters reading as zeros; v2 can only deallocate. */
    return for_each_cluster(s, off, len, s->version >= 3, false, false);
}

int qcow2_write_zeroes(BlockNode *n, uint64_t off, uint64_t len, bool may_unmap)
{
    Qcow2 *s = n->opaque;
    if (s->corrupt)
        return -EIO;
    if (s->version < 3 && n->backing) {
        /* No zero flag: write real zeros so the backing file does not show through. */
        uint8_t *z = trix_malloc0(s->cluster_size);
        int r = 0;
        for (uint64_t done = 0; r == 0 && done < len;) {
            size_t k = len - done < s->cluster_size ? (size_t)(len - done) : s->cluster_size;
            r = qcow2_write(n, off + done, z, k);
            done += k;
        }
        free(z);
        return r;
    }
    return for_each_cluster(s, off, len, s->version >= 3, !may_unmap && s->version >= 3, true);
}
