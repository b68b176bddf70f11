/* The block-layer interface virtio-blk uses: src/block/block.h when present, else its declarations. */
#ifndef TRIX_HW_VIRTIO_BLOCK_API_H
#define TRIX_HW_VIRTIO_BLOCK_API_H

#if __has_include("src/block/block.h")
#include "src/block/block.h"
#else
/* Until the block layer (src/block/, another branch) is merged: the same API, served by the
 * raw-file fallback in hw/virtio/blk_fallback.c, which compiles to nothing once
 * src/block/block.h exists. */
#include "trix/common.h"
typedef struct BlockBackend BlockBackend;
BlockBackend *blk_by_id(const char *id);
int64_t blk_getlength(BlockBackend *b);
bool blk_is_read_only(BlockBackend *b);
int blk_pread(BlockBackend *b, uint64_t off, void *buf, size_t len);
int blk_pwrite(BlockBackend *b, uint64_t off, const void *buf, size_t len);
int blk_flush(BlockBackend *b);
int blk_discard(BlockBackend *b, uint64_t off, uint64_t len);
int blk_write_zeroes(BlockBackend *b, uint64_t off, uint64_t len, bool may_unmap);
const char *blk_serial(BlockBackend *b);
void blk_drives_for_if(const char *iface, void (*fn)(BlockBackend *, void *), void *opaque);
#define TRIX_BLOCK_FALLBACK 1
#endif

#endif
