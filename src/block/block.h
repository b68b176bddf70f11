/* Block layer API: -drive parsing, raw and qcow2 image backends, synchronous thread-safe I/O. */
#ifndef TRIX_BLOCK_H
#define TRIX_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct BlockBackend BlockBackend;
struct MachineState;

/* Parse one -drive option string (QEMU's keys: file, format=raw|qcow2, if=virtio|none, id,
 * readonly=on|off, cache=writeback|none|writethrough|directsync|unsafe, snapshot=on|off,
 * discard=ignore|unmap, serial, media=disk, aio=threads, index, detect-zeroes=off), open it;
 * fatal with a clear message on errors. */
BlockBackend *blk_open_drive(const char *optstr, bool global_snapshot /* -snapshot */);
/* Open every ms->drive[] string (once, before the board init). */
void blk_open_all_drives(struct MachineState *ms);
/* -drive id=X; if=virtio drives without id get "virtio0", "virtio1", ... in order. */
BlockBackend *blk_by_id(const char *id);
void blk_drives_for_if(const char *iface, void (*fn)(BlockBackend *, void *), void *opaque);

/* All calls are synchronous and thread-safe per backend. Results: 0 or -errno.
 * Requests beyond the end of the image fail with -EIO (-EINVAL for overflow). */
int64_t blk_getlength(BlockBackend *b);
bool blk_is_read_only(BlockBackend *b);
int blk_pread(BlockBackend *b, uint64_t off, void *buf, size_t len);
int blk_pwrite(BlockBackend *b, uint64_t off, const void *buf, size_t len);
int blk_flush(BlockBackend *b);                      /* really reaches stable storage */
int blk_discard(BlockBackend *b, uint64_t off, uint64_t len);
int blk_write_zeroes(BlockBackend *b, uint64_t off, uint64_t len, bool may_unmap);
const char *blk_serial(BlockBackend *b);             /* may be NULL */
void blk_close_all(void);                            /* at exit: flush, unlock, remove overlays */

#endif
