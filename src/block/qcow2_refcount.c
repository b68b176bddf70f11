/* qcow2 refcounts: the refcount table and blocks, cluster allocation and freeing, table growth. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "trix/common.h"
#include "qcow2.h"

#define QCOW2_ALLOC_SLACK 64    /* clusters past EOF a free-cluster search may look at */

static uint64_t rb_get(Qcow2 *s, const uint8_t *blk, uint64_t i)
{
    int bytes = 1 << (s->refcount_order - 3);
    const uint8_t *p = blk + i * (uint64_t)bytes;
    uint64_t v = 0;
    for (int k = 0; k < bytes; k++)
        v = v << 8 | p[k];
    return v;
}

static void rb_set(Qcow2 *s, uint8_t *blk, uint64_t i, uint64_t v)
{
    int bytes = 1 << (s->refcount_order - 3);
    uint8_t *p = blk + i * (uint64_t)bytes;
    for (int k = bytes - 1; k >= 0; k--, v >>= 8)
        p[k] = (uint8_t)v;
}

static int qcow2_mark_corrupt(Qcow2 *s, const char *what)
{
    if (!s->corrupt)
        fprintf(stderr, "%s: qcow2 image '%s' is corrupt (%s); further writes fail\n",
                trix_progname, s->file->path, what);
    s->corrupt = true;
    return -EIO;
}

/* The refcount block covering rt index idx, with its offset, or NULL (none, or error in *r). */
static uint8_t *rb_block(Qcow2 *s, uint64_t idx, uint64_t *boff, int *r)
{
    *r = 0;
    if (idx >= s->rt_size || !(s->rt[idx] & QCOW2_OFFSET_MASK))
        return NULL;
    *boff = s->rt[idx] & QCOW2_OFFSET_MASK;
    if ((*boff & (s->cluster_size - 1)) || (s->rt[idx] & ~QCOW2_OFFSET_MASK)) {
        *r = qcow2_mark_corrupt(s, "misaligned refcount block");
        return NULL;
    }
    return qcache_get(&s->rb_cache, s->file, *boff, r);
}

int qcow2_refcount_get(Qcow2 *s, uint64_t cluster, uint64_t *out)
{
    uint64_t boff;
    int r;
    uint8_t *blk = rb_block(s, cluster >> s->rb_bits, &boff, &r);
    *out = blk ? rb_get(s, blk, cluster & ((1ull << s->rb_bits) - 1)) : 0;
    return r;
}

bool qcow2_overlaps_fixed(Qcow2 *s, uint64_t off, uint64_t len)
{
    uint64_t end = off + len;
    return off < s->cluster_size ||
           (off < s->l1_offset + (uint64_t)s->l1_size * 8 && end > s->l1_offset) ||
           (off < s->rt_offset + (uint64_t)s->rt_clusters * s->cluster_size &&
            end > s->rt_offset);
}

static int rt_write_entry(Qcow2 *s, uint64_t idx)
{
    uint8_t be[8];
    qput64(be, s->rt[idx]);
    return bfile_pwrite(s->file, s->rt_offset + idx * 8, be, 8);
}

/* A new refcount block for rt index idx, placed inside the range it covers (not on `busy`),
 * so that it describes itself. */
static int rb_create(Qcow2 *s, uint64_t idx, uint64_t busy)
{
    uint64_t base = idx << s->rb_bits, n = 1ull << s->rb_bits, pick = UINT64_MAX;
    for (uint64_t c = base; c < base + n && pick == UINT64_MAX; c++)
        if (c != busy && !qcow2_overlaps_fixed(s, c << s->cluster_bits, s->cluster_size))
            pick = c;
    if (pick == UINT64_MAX)
        return qcow2_mark_corrupt(s, "no room for a refcount block");
    uint64_t off = pick << s->cluster_bits;
    uint8_t *blk = qcache_get_zeroed(&s->rb_cache, off);
    rb_set(s, blk, pick - base, 1);
    int r = qcache_write(&s->rb_cache, s->file, off, 0, s->cluster_size);
    if (r < 0)
        return r;
    s->rt[idx] = off;
    return rt_write_entry(s, idx);
}

/* Rt indices lacking a block among {need} and the clusters [e, e + t + nb). */
static int rt_missing(Qcow2 *s, uint64_t need, uint64_t e, uint64_t t, uint64_t nb,
                      uint64_t *list, int max)
{
    int k = 0;
    uint64_t first = e >> s->rb_bits, last = (e + t + nb - 1) >> s->rb_bits;
    uint64_t ni = need >> s->rb_bits;
    for (uint64_t i = first; i <= last; i++)
        if ((i >= s->rt_size || !s->rt[i]) && k < max)
            list[k++] = i;
    if ((ni >= s->rt_size || !s->rt[ni]) && (ni < first || ni > last) && k < max)
        list[k++] = ni;
    return k;
}

/* Switch to a new, larger refcount table covering cluster `need`: the table and any new
 * refcount blocks go at the end of the file, blocks describing the area itself. */
static int rt_grow(Qcow2 *s, uint64_t need)
{
    uint64_t cs = s->cluster_size, e = ((uint64_t)s->file->size + cs - 1) / cs;
    if (e <= need)
        e = need + 1;
    uint64_t t = s->rt_clusters, list[64];
    int nb = 0;
    for (;;) {
        t *= 2;
        if (t * cs > QCOW2_MAX_RT_BYTES)
            return qcow2_mark_corrupt(s, "refcount table too large");
        int k;
        for (int round = 0; round < 8; round++) {
            k = rt_missing(s, need, e, t, (uint64_t)nb, list, 64);
            if (k == nb)
                break;
            nb = k;
        }
        uint64_t hi = (e + t + (uint64_t)nb) >> s->rb_bits;
        if (k == nb && t * cs / 8 > hi && t * cs / 8 > (need >> s->rb_bits))
            break;
    }
    uint64_t new_size = t * cs / 8;
    uint64_t *rt = trix_malloc0(new_size * 8);
    memcpy(rt, s->rt, s->rt_size * 8);
    uint64_t area_lo = e, area_hi = e + t + (uint64_t)nb;
    int r = 0;
    for (int k = 0; k < nb && r == 0; k++) {
        uint64_t off = (e + t + (uint64_t)k) << s->cluster_bits, base = list[k] << s->rb_bits;
        uint8_t *blk = qcache_get_zeroed(&s->rb_cache, off);
        for (uint64_t c = area_lo; c < area_hi; c++)
            if ((c >> s->rb_bits) == list[k])
                rb_set(s, blk, c - base, 1);
        r = qcache_write(&s->rb_cache, s->file, off, 0, cs);
        rt[list[k]] = off;
    }
    uint8_t *be = trix_malloc0(new_size * 8);
    for (uint64_t i = 0; i < new_size; i++)
        qput64(be + i * 8, rt[i]);
    if (r == 0)
        r = bfile_pwrite(s->file, e << s->cluster_bits, be, new_size * 8);
    free(be);
    uint8_t hdr[12];
    qput64(hdr, e << s->cluster_bits);
    qput32(hdr + 8, (uint32_t)t);
    if (r == 0)
        r = bfile_pwrite(s->file, QH_RT_OFFSET, hdr, sizeof(hdr));
    if (r < 0) {
        free(rt);
        return r;
    }
    uint64_t old_off = s->rt_offset, old_clusters = s->rt_clusters;
    bool old_blocks[64] = { false };
    for (int k = 0; k < nb; k++)
        old_blocks[k] = list[k] < s->rt_size && s->rt[list[k]];
    free(s->rt);
    s->rt = rt;
    s->rt_size = new_size;
    s->rt_offset = e << s->cluster_bits;
    s->rt_clusters = (uint32_t)t;
    /* Area clusters covered by blocks that existed before: count them now. */
    for (uint64_t c = area_lo; c < area_hi && r == 0; c++) {
        bool fresh = false;
        for (int k = 0; k < nb; k++)
            fresh |= (c >> s->rb_bits) == list[k] && !old_blocks[k];
        if (!fresh)
            r = qcow2_refcount_update(s, c, 1);
    }
    for (uint64_t c = 0; c < old_clusters && r == 0; c++)
        r = qcow2_refcount_update(s, (old_off >> s->cluster_bits) + c, -1);
    return r;
}

int qcow2_refcount_update(Qcow2 *s, uint64_t cluster, int delta)
{
    uint64_t idx = cluster >> s->rb_bits, boff;
    int r;
    if (idx >= s->rt_size || !s->rt[idx]) {
        if (delta < 0)
            return qcow2_mark_corrupt(s, "freeing a cluster without refcount");
        r = idx >= s->rt_size ? rt_grow(s, cluster) : rb_create(s, idx, cluster);
        if (r < 0)
            return r;
    }
    uint8_t *blk = rb_block(s, idx, &boff, &r);
    if (!blk)
        return r ? r : -EIO;
    uint64_t i = cluster & ((1ull << s->rb_bits) - 1), v = rb_get(s, blk, i);
    if ((delta < 0 && v == 0) || (delta > 0 && v >= s->refcount_max))
        return qcow2_mark_corrupt(s, "refcount out of range");
    v = delta < 0 ? v - 1 : v + 1;
    rb_set(s, blk, i, v);
    size_t bytes = (size_t)1 << (s->refcount_order - 3);
    r = qcache_write(&s->rb_cache, s->file, boff, (size_t)i * bytes, bytes);
    if (r == 0 && v == 0) {
        if (cluster < s->free_hint)
            s->free_hint = cluster;
        qcache_drop(&s->l2_cache, cluster << s->cluster_bits);
    }
    return r;
}

int64_t qcow2_alloc_cluster(Qcow2 *s)
{
    if (s->corrupt)
        return -EIO;
    uint64_t cs = s->cluster_size;
    uint64_t limit = ((uint64_t)s->file->size + cs - 1) / cs + QCOW2_ALLOC_SLACK;
    for (uint64_t c = s->free_hint; c < limit; c++) {
        uint64_t ref;
        if (qcow2_overlaps_fixed(s, c << s->cluster_bits, cs))
            continue;
        int r = qcow2_refcount_get(s, c, &ref);
        if (r < 0)
            return r;
        if (ref)
            continue;
        r = qcow2_refcount_update(s, c, 1);
        if (r < 0)
            return r;
        s->free_hint = c + 1;
        return (int64_t)(c << s->cluster_bits);
    }
    return qcow2_mark_corrupt(s, "refcounts claim clusters past the end of the file");
}

int qcow2_free_range(Qcow2 *s, uint64_t off, uint64_t len)
{
    if (!len)
        return 0;
    uint64_t first = off >> s->cluster_bits, last = (off + len - 1) >> s->cluster_bits;
    for (uint64_t c = first; c <= last; c++) {
        int r = qcow2_refcount_update(s, c, -1);
        if (r < 0)
            return r;
    }
    return 0;
}
