/* qcow2 open: header and extension validation, feature checks, L1/refcount tables, backing file. */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include "trix/common.h"
#include "qcow2.h"

#define QCOW2_L2_CACHE_SLOTS 16
#define QCOW2_RB_CACHE_SLOTS 4

static const char *const incompat_names[] = {
    "dirty bit", "corrupt bit", "external data file", "compression type",
    "extended L2 entries",
};

bool qcow2_probe(const uint8_t *buf, size_t len)
{
    return len >= 4 && qbe32(buf) == QCOW2_MAGIC;
}

typedef struct Qcow2Open {
    const uint8_t *h;           /* the header cluster */
    size_t hlen;
    uint32_t header_length;
    uint64_t incompat, autoclear;
    char backing_fmt[32];
    const uint8_t *feature_table;
    uint32_t feature_table_len;
} Qcow2Open;

static char *q_err(Qcow2 *s, const char *fmt, const char *detail)
{
    char *d = blk_strdup_printf(fmt, detail);
    char *e = blk_strdup_printf("qcow2 image '%s': %s", s->file->path, d);
    free(d);
    return e;
}

/* The name of incompatible feature bit `bit` from the image's feature table, or ours. */
static const char *feature_name(Qcow2Open *o, int bit, char *buf, size_t len)
{
    for (uint32_t i = 0; o->feature_table && i + 48 <= o->feature_table_len; i += 48) {
        const uint8_t *f = o->feature_table + i;
        if (f[0] == 0 && f[1] == bit) {
            snprintf(buf, len, "%.46s", (const char *)f + 2);
            return buf;
        }
    }
    if (bit < (int)ARRAY_SIZE(incompat_names))
        return incompat_names[bit];
    snprintf(buf, len, "unknown incompatible feature bit %d", bit);
    return buf;
}

static char *q_extensions(Qcow2 *s, Qcow2Open *o)
{
    uint64_t p = o->header_length;
    while (p + 8 <= o->hlen) {
        uint32_t type = qbe32(o->h + p), len = qbe32(o->h + p + 4);
        p += 8;
        if (type == QEXT_END)
            return NULL;
        if (len > o->hlen - p)
            return q_err(s, "%sheader extension runs past the first cluster", "");
        if (type == QEXT_BACKING_FORMAT) {
            if (len >= sizeof(o->backing_fmt))
                return q_err(s, "%sbacking format name too long", "");
            memcpy(o->backing_fmt, o->h + p, len);
            o->backing_fmt[len] = 0;
        } else if (type == QEXT_FEATURE_TABLE) {
            o->feature_table = o->h + p;
            o->feature_table_len = len;
        }
        p += (len + 7ull) & ~7ull;
    }
    return NULL;
}

static char *q_features(Qcow2 *s, Qcow2Open *o, bool writable)
{
    char nb[64];
    for (int bit = 0; bit < 64; bit++) {
        if (!(o->incompat & (1ull << bit)))
            continue;
        if (bit == 0 && !writable)
            continue;           /* dirty (lazy refcounts): reads are still right */
        if (bit == 1 && !writable)
            continue;
        if (bit == 3 && o->h[QH_COMPRESSION_TYPE] == 0 && o->header_length > QH_COMPRESSION_TYPE)
            continue;           /* compression type zlib */
        if (bit == 0)
            return q_err(s, "%s is dirty (lazy refcounts were in use): repair it with "
                         "'qemu-img check -r all' or open it with readonly=on", "the image");
        if (bit == 1)
            return q_err(s, "%s is marked corrupt: repair it with 'qemu-img check -r all' or "
                         "open it with readonly=on", "the image");
        if (bit == 3)
            return q_err(s, "unsupported incompatible feature: %s (only zlib compression is "
                         "supported)", "compression type zstd");
        return q_err(s, "unsupported incompatible feature: %s", feature_name(o, bit, nb,
                                                                              sizeof(nb)));
    }
    return NULL;
}

static char *q_geometry(Qcow2 *s, const uint8_t *h)
{
    s->cluster_bits = (int)qbe32(h + QH_CLUSTER_BITS);
    if (s->cluster_bits < QCOW2_MIN_CLUSTER_BITS || s->cluster_bits > QCOW2_MAX_CLUSTER_BITS)
        return q_err(s, "%sunsupported cluster size (cluster_bits must be 9..21)", "");
    s->cluster_size = 1ull << s->cluster_bits;
    s->l2_bits = s->cluster_bits - 3;
    if (qbe32(h + QH_CRYPT))
        return q_err(s, "%sencrypted images are not supported", "");
    s->node->size = qbe64(h + QH_SIZE);
    if (s->node->size > (1ull << 60))
        return q_err(s, "%svirtual size too large", "");
    return NULL;
}

static char *q_tables(Qcow2 *s, const uint8_t *h)
{
    uint64_t cs = s->cluster_size, fsize = (uint64_t)s->file->size;
    uint64_t fend = (fsize + cs - 1) & ~(cs - 1);
    s->l1_size = qbe32(h + QH_L1_SIZE);
    s->l1_offset = qbe64(h + QH_L1_OFFSET);
    uint64_t per_l1 = 1ull << (s->cluster_bits + s->l2_bits);
    uint64_t need = (s->node->size + per_l1 - 1) / per_l1;
    if (s->l1_size < need)
        return q_err(s, "%sL1 table too small for the virtual size", "");
    if ((uint64_t)s->l1_size * 8 > QCOW2_MAX_L1_BYTES)
        return q_err(s, "%sL1 table too large", "");
    if (s->l1_size && ((s->l1_offset & (cs - 1)) || !s->l1_offset ||
                       s->l1_offset + (uint64_t)s->l1_size * 8 > fsize))
        return q_err(s, "%sL1 table offset invalid or beyond the end of the file "
                     "(truncated image?)", "");
    s->rt_offset = qbe64(h + QH_RT_OFFSET);
    s->rt_clusters = qbe32(h + QH_RT_CLUSTERS);
    if (!s->rt_clusters || (uint64_t)s->rt_clusters * cs > QCOW2_MAX_RT_BYTES)
        return q_err(s, "%srefcount table size invalid", "");
    if ((s->rt_offset & (cs - 1)) || !s->rt_offset ||
        s->rt_offset + (uint64_t)s->rt_clusters * cs > fend)
        return q_err(s, "%srefcount table offset invalid or beyond the end of the file "
                     "(truncated image?)", "");
    s->rt_size = (uint64_t)s->rt_clusters * cs / 8;
    return NULL;
}

static char *q_load_table(Qcow2 *s, uint64_t off, uint64_t n, uint64_t **out, const char *what)
{
    uint8_t *be = malloc(n * 8 + 1);
    *out = trix_malloc0(n * 8 + 1);
    if (!be || bfile_pread(s->file, off, be, n * 8) < 0) {
        free(be);
        return q_err(s, "could not read the %s", what);
    }
    for (uint64_t i = 0; i < n; i++)
        (*out)[i] = qbe64(be + i * 8);
    free(be);
    return NULL;
}

static char *q_check_tables(Qcow2 *s)
{
    for (uint32_t i = 0; i < s->l1_size; i++)
        if ((s->l1[i] & QCOW2_OFFSET_MASK) & (s->cluster_size - 1))
            return q_err(s, "%sL1 table entry points to a misaligned L2 table", "");
    for (uint64_t i = 0; i < s->rt_size; i++)
        if (s->rt[i] & (s->cluster_size - 1))
            return q_err(s, "%srefcount table entry misaligned", "");
    if (!s->rt[0])
        return q_err(s, "%sno refcount block for the header cluster", "");
    return NULL;
}

static char *q_backing(Qcow2 *s, Qcow2Open *o, const NodeOpenOpts *no)
{
    uint64_t boff = qbe64(o->h + QH_BACKING_OFFSET);
    uint32_t blen = qbe32(o->h + QH_BACKING_SIZE);
    if (!boff || no->skip_backing)
        return NULL;
    if (blen == 0 || blen > 1023 || boff >= o->hlen || blen > o->hlen - boff)
        return q_err(s, "%sbacking file name invalid (outside the first cluster)", "");
    if (no->no_backing)
        return q_err(s, "%sbacking files are not allowed here", "");
    char name[1024];
    memcpy(name, o->h + boff, blen);
    name[blen] = 0;
    if (memchr(name, 0, blen))
        return q_err(s, "%sbacking file name contains a NUL byte", "");
    char *path;
    if (name[0] == '/') {
        path = trix_strdup(name);
    } else {
        char *dup = trix_strdup(s->file->path);
        path = blk_strdup_printf("%s/%s", dirname(dup), name);
        free(dup);
    }
    NodeOpenOpts bo = { .writable = false, .direct = no->direct, .locking = no->locking,
                        .depth = no->depth + 1 };
    char *err = NULL;
    const char *fmt = o->backing_fmt[0] ? o->backing_fmt : NULL;
    s->node->backing = node_open(path, fmt, &bo, &err);
    free(path);
    if (!s->node->backing) {
        char *e = q_err(s, "backing file: %s", err);
        free(err);
        return e;
    }
    return NULL;
}

static char *q_header(Qcow2 *s, Qcow2Open *o, bool writable)
{
    const uint8_t *h = o->h;
    if (o->hlen < QH_V2_LENGTH || qbe32(h) != QCOW2_MAGIC)
        return q_err(s, "%snot a qcow2 image (bad magic or truncated header)", "");
    s->version = (int)qbe32(h + QH_VERSION);
    if (s->version != 2 && s->version != 3)
        return q_err(s, "%sunsupported qcow2 version (2 and 3 are)", "");
    char *e = q_geometry(s, h);
    if (e)
        return e;
    if (o->hlen < s->cluster_size)
        return q_err(s, "%sfile shorter than one cluster (truncated image?)", "");
    o->hlen = (size_t)s->cluster_size;
    s->refcount_order = 4;
    o->header_length = QH_V2_LENGTH;
    if (s->version == 3) {
        o->incompat = qbe64(h + QH_INCOMPAT);
        o->autoclear = qbe64(h + QH_AUTOCLEAR);
        s->refcount_order = (int)qbe32(h + QH_REFCOUNT_ORDER);
        o->header_length = qbe32(h + QH_HEADER_LENGTH);
        if (o->header_length < QH_V3_MIN_LENGTH || o->header_length > o->hlen - 8)
            return q_err(s, "%sinvalid header length", "");
    }
    if (s->refcount_order < 3 || s->refcount_order > 6)
        return q_err(s, "%sunsupported refcount width (8 to 64 bits are supported)", "");
    s->refcount_max = s->refcount_order == 6 ? UINT64_MAX : (1ull << (1 << s->refcount_order)) - 1;
    s->rb_bits = s->cluster_bits + 3 - s->refcount_order;
    s->nb_snapshots = qbe32(h + QH_NB_SNAPSHOTS);
    if ((e = q_extensions(s, o)) || (e = q_features(s, o, writable)) || (e = q_tables(s, h)))
        return e;
    if (writable && s->nb_snapshots)
        return q_err(s, "%shas internal snapshots: writing is not supported (use readonly=on "
                     "or snapshot=on)", "the image");
    return NULL;
}

/* Writable opens clear the autoclear bits (we keep no bitmaps or raw external data). */
static char *q_clear_autoclear(Qcow2 *s, Qcow2Open *o)
{
    if (!o->autoclear)
        return NULL;
    uint8_t z[8] = { 0 };
    if (bfile_pwrite(s->file, QH_AUTOCLEAR, z, 8) < 0)
        return q_err(s, "%scould not update the header", "");
    return NULL;
}

static void qcow2_free(Qcow2 *s)
{
    free(s->l1);
    free(s->rt);
    free(s->cbuf);
    qcache_free(&s->l2_cache);
    qcache_free(&s->rb_cache);
    free(s);
}

static void qcow2_close(BlockNode *n)
{
    qcow2_free(n->opaque);
}

static int qcow2_flush(BlockNode *n)
{
    return bfile_flush(n->file);      /* metadata is written through */
}

const BlockDriver qcow2_driver = {
    .name = "qcow2",
    .pread = qcow2_read,
    .pwrite = qcow2_write,
    .flush = qcow2_flush,
    .discard = qcow2_discard,
    .write_zeroes = qcow2_write_zeroes,
    .close = qcow2_close,
};

static char *q_open(Qcow2 *s, const NodeOpenOpts *no)
{
    size_t hlen = (1u << QCOW2_MAX_CLUSTER_BITS);
    if ((uint64_t)s->file->size < hlen)
        hlen = (size_t)s->file->size;
    uint8_t *h = trix_malloc0(hlen + 1);
    Qcow2Open o = { .h = h, .hlen = hlen };
    char *e = NULL;
    if (bfile_pread(s->file, 0, h, hlen) < 0)
        e = q_err(s, "%scould not read the header", "");
    if (!e)
        e = q_header(s, &o, no->writable);
    if (!e)
        e = q_load_table(s, s->l1_offset, s->l1_size, &s->l1, "L1 table");
    if (!e)
        e = q_load_table(s, s->rt_offset, s->rt_size, &s->rt, "refcount table");
    if (!e)
        e = q_check_tables(s);
    if (!e)
        e = q_backing(s, &o, no);
    if (!e && no->writable)
        e = q_clear_autoclear(s, &o);
    free(h);
    return e;
}

BlockNode *qcow2_open(BlockFile *f, const NodeOpenOpts *o, char **err)
{
    BlockNode *n = trix_malloc0(sizeof(*n));
    Qcow2 *s = trix_malloc0(sizeof(*s));
    n->drv = &qcow2_driver;
    n->opaque = s;
    n->file = f;
    n->writable = o->writable;
    s->node = n;
    s->file = f;
    *err = q_open(s, o);
    if (*err) {
        node_close(n->backing);
        qcow2_free(s);
        free(n);
        return NULL;
    }
    s->cbuf = trix_malloc0(s->cluster_size);
    qcache_init(&s->l2_cache, QCOW2_L2_CACHE_SLOTS, s->cluster_size);
    qcache_init(&s->rb_cache, QCOW2_RB_CACHE_SLOTS, s->cluster_size);
    return n;
}
