/* qcow2 compressed clusters: locate the deflate stream from the L2 descriptor and inflate it (zlib). */
#include <errno.h>
#include <stdlib.h>
#include <zlib.h>
#include "trix/common.h"
#include "qcow2.h"

/* Descriptor: bits 0..x-1 host byte offset, bits x..61 additional 512-byte sectors, with
 * x = 62 - (cluster_bits - 8). The stream ends within the last of those sectors. */
void qcow2_compressed_range(Qcow2 *s, uint64_t l2_entry, uint64_t *off, uint64_t *len)
{
    int x = 62 - (s->cluster_bits - 8);
    uint64_t host = l2_entry & ((1ull << x) - 1);
    uint64_t nsect = ((l2_entry & ((1ull << 62) - 1)) >> x) + 1;
    *off = host;
    *len = (host & ~511ull) + nsect * 512 - host;
}

int qcow2_read_compressed(Qcow2 *s, uint64_t l2_entry, uint8_t *out)
{
    uint64_t off, len;
    qcow2_compressed_range(s, l2_entry, &off, &len);
    if (len > 2 * s->cluster_size + 512)
        return -EIO;
    uint8_t *in = malloc(len);
    if (!in)
        return -ENOMEM;
    int r = bfile_pread(s->file, off, in, len);
    if (r < 0) {
        free(in);
        return r;
    }
    z_stream z = { 0 };
    if (inflateInit2(&z, -12) != Z_OK) {
        free(in);
        return -ENOMEM;
    }
    z.next_in = in;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)s->cluster_size;
    int zr = inflate(&z, Z_FINISH);
    /* The stream may end before the sector does; a full cluster is what counts. */
    r = (zr == Z_STREAM_END || zr == Z_OK || zr == Z_BUF_ERROR) && z.avail_out == 0 ? 0 : -EIO;
    inflateEnd(&z);
    free(in);
    return r;
}
