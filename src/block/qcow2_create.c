/* Creating qcow2 v3 images (64 KiB clusters): used for the temporary overlays of snapshot=on. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "trix/common.h"
#include "qcow2.h"

#define QC_BITS 16
#define QC_HEADER_LENGTH 112

/* Header extensions and the backing file name; returns the end offset. */
static size_t qc_extensions(uint8_t *h, const char *backing, const char *backing_fmt)
{
    size_t p = QC_HEADER_LENGTH;
    if (backing && backing_fmt) {
        size_t l = strlen(backing_fmt);
        qput32(h + p, QEXT_BACKING_FORMAT);
        qput32(h + p + 4, (uint32_t)l);
        memcpy(h + p + 8, backing_fmt, l);
        p += 8 + ((l + 7) & ~(size_t)7);
    }
    p += 8;                                 /* end of extensions (type 0, length 0) */
    if (backing) {
        size_t l = strlen(backing);
        qput64(h + QH_BACKING_OFFSET, p);
        qput32(h + QH_BACKING_SIZE, (uint32_t)l);
        memcpy(h + p, backing, l);
        p += l;
    }
    return p;
}

int qcow2_create(BlockFile *f, uint64_t size, const char *backing, const char *backing_fmt)
{
    uint64_t cs = 1ull << QC_BITS, per_l1 = 1ull << (QC_BITS + QC_BITS - 3);
    uint64_t l1_size = (size + per_l1 - 1) / per_l1;
    uint64_t l1_clusters = l1_size ? (l1_size * 8 + cs - 1) / cs : 0;
    if ((backing && strlen(backing) > 1023) || 3 + l1_clusters > cs / 2)
        return -EINVAL;
    uint8_t *img = trix_malloc0((size_t)(cs * 3));
    uint8_t *h = img;
    qput32(h + QH_MAGIC, QCOW2_MAGIC);
    qput32(h + QH_VERSION, 3);
    qput32(h + QH_CLUSTER_BITS, QC_BITS);
    qput64(h + QH_SIZE, size);
    qput32(h + QH_L1_SIZE, (uint32_t)l1_size);
    qput64(h + QH_L1_OFFSET, 3 * cs);
    qput64(h + QH_RT_OFFSET, cs);
    qput32(h + QH_RT_CLUSTERS, 1);
    qput32(h + QH_REFCOUNT_ORDER, 4);
    qput32(h + QH_HEADER_LENGTH, QC_HEADER_LENGTH);
    qc_extensions(h, backing, backing_fmt);
    qput64(img + cs, 2 * cs);               /* refcount table[0] = the refcount block */
    for (uint64_t c = 0; c < 3 + l1_clusters; c++)
        img[2 * cs + c * 2 + 1] = 1;        /* 16-bit refcounts of the metadata clusters */
    int r = bfile_pwrite(f, 0, img, (size_t)(3 * cs));
    free(img);
    if (r == 0 && l1_clusters)
        r = bfile_write_zeros(f, 3 * cs, l1_clusters * cs);
    return r;
}
