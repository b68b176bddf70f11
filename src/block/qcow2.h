/* qcow2 internals shared by qcow2*.c: on-disk constants, the open image's state, the caches. */
#ifndef TRIX_QCOW2_H
#define TRIX_QCOW2_H

#include "block_int.h"

#define QCOW2_MAGIC 0x514649fbu             /* "QFI\xfb" */
#define QCOW2_MIN_CLUSTER_BITS 9
#define QCOW2_MAX_CLUSTER_BITS 21
#define QCOW2_MAX_L1_BYTES (32u << 20)      /* bounds every table we load */
#define QCOW2_MAX_RT_BYTES (32u << 20)

/* Descriptor bits (L1 and L2 entries). */
#define QCOW2_OFLAG_COPIED (1ull << 63)
#define QCOW2_OFLAG_COMPRESSED (1ull << 62)
#define QCOW2_OFLAG_ZERO 1ull
#define QCOW2_OFFSET_MASK 0x00fffffffffffe00ull    /* bits 9-55 */
#define QCOW2_L1_RESERVED 0x7f000000000001ffull
#define QCOW2_L2_RESERVED 0x3f000000000001feull

/* Header fields (byte offsets). */
enum {
    QH_MAGIC = 0, QH_VERSION = 4, QH_BACKING_OFFSET = 8, QH_BACKING_SIZE = 16,
    QH_CLUSTER_BITS = 20, QH_SIZE = 24, QH_CRYPT = 32, QH_L1_SIZE = 36, QH_L1_OFFSET = 40,
    QH_RT_OFFSET = 48, QH_RT_CLUSTERS = 56, QH_NB_SNAPSHOTS = 60, QH_SNAPSHOTS_OFFSET = 64,
    QH_INCOMPAT = 72, QH_COMPAT = 80, QH_AUTOCLEAR = 88, QH_REFCOUNT_ORDER = 96,
    QH_HEADER_LENGTH = 100, QH_COMPRESSION_TYPE = 104,
    QH_V2_LENGTH = 72, QH_V3_MIN_LENGTH = 104,
};

/* Header extension types. */
#define QEXT_END 0
#define QEXT_BACKING_FORMAT 0xe2792acau
#define QEXT_FEATURE_TABLE 0x6803f857u

/* A small cache of metadata clusters (L2 tables, refcount blocks), written through. */
typedef struct Qcow2Cache {
    int nslots;
    size_t csize;
    uint64_t *offset;       /* 0: empty slot */
    uint64_t *used;         /* LRU stamps */
    uint64_t clock;
    uint8_t *data;
} Qcow2Cache;

typedef struct Qcow2 {
    BlockNode *node;
    BlockFile *file;
    int version;
    int cluster_bits;
    uint64_t cluster_size;
    int l2_bits;                /* entries per L2 table = 1 << l2_bits */
    uint64_t l1_offset;
    uint32_t l1_size;
    uint64_t *l1;               /* host byte order */
    uint64_t rt_offset;
    uint32_t rt_clusters;
    uint64_t rt_size;           /* entries */
    uint64_t *rt;               /* host byte order */
    int refcount_order;
    uint64_t refcount_max;
    int rb_bits;                /* refcount entries per block = 1 << rb_bits */
    uint32_t nb_snapshots;
    uint64_t free_hint;         /* cluster index where the free-cluster search starts */
    bool corrupt;               /* metadata found inconsistent: further writes fail */
    Qcow2Cache l2_cache, rb_cache;
    uint8_t *cbuf;              /* one cluster of scratch (COW, decompression) */
} Qcow2;

/* qcow2_cache.c */
void qcache_init(Qcow2Cache *c, int nslots, size_t csize);
void qcache_free(Qcow2Cache *c);
/* The cluster at off (read if not cached), or NULL with *r = -errno. */
uint8_t *qcache_get(Qcow2Cache *c, BlockFile *f, uint64_t off, int *r);
/* A fresh all-zero cluster at off (not read). */
uint8_t *qcache_get_zeroed(Qcow2Cache *c, uint64_t off);
/* Write bytes [pos, pos+len) of the cached cluster at off back to the file. */
int qcache_write(Qcow2Cache *c, BlockFile *f, uint64_t off, size_t pos, size_t len);
void qcache_drop(Qcow2Cache *c, uint64_t off);

/* qcow2_refcount.c */
int qcow2_refcount_get(Qcow2 *s, uint64_t cluster, uint64_t *out);
/* Add delta (+1/-1) to a cluster's refcount. */
int qcow2_refcount_update(Qcow2 *s, uint64_t cluster, int delta);
/* Allocate one cluster (refcount 1); its byte offset, or -errno. */
int64_t qcow2_alloc_cluster(Qcow2 *s);
/* Drop one reference to each host cluster in [off, off + len). */
int qcow2_free_range(Qcow2 *s, uint64_t off, uint64_t len);
/* Is a host range the header, the L1 table or the refcount table? */
bool qcow2_overlaps_fixed(Qcow2 *s, uint64_t off, uint64_t len);

/* qcow2_cluster.c: guest I/O */
int qcow2_read(BlockNode *n, uint64_t off, void *buf, size_t len);
int qcow2_write(BlockNode *n, uint64_t off, const void *buf, size_t len);
int qcow2_discard(BlockNode *n, uint64_t off, uint64_t len);
int qcow2_write_zeroes(BlockNode *n, uint64_t off, uint64_t len, bool may_unmap);

/* qcow2_compress.c: inflate one compressed cluster into out (cluster_size bytes). */
int qcow2_read_compressed(Qcow2 *s, uint64_t l2_entry, uint8_t *out);
void qcow2_compressed_range(Qcow2 *s, uint64_t l2_entry, uint64_t *off, uint64_t *len);

/* Big-endian helpers. */
static inline uint64_t qbe64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return v;
}
static inline uint32_t qbe32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static inline void qput64(uint8_t *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        p[i] = (uint8_t)v;
}
static inline void qput32(uint8_t *p, uint32_t v)
{
    for (int i = 3; i >= 0; i--, v >>= 8)
        p[i] = (uint8_t)v;
}

#endif
