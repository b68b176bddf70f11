/* virtio-blk, virtio-rng and virtio-console device constructors (plug the result into a transport). */
#ifndef TRIX_HW_VIRTIO_BLK_H
#define TRIX_HW_VIRTIO_BLK_H

#include "hw/virtio/virtio.h"

struct BlockBackend;

/* A virtio-blk device on blk (read-only when the backend is); serial overrides blk_serial()
 * for GET_ID when not NULL. */
VirtIODevice *virtio_blk_new(struct BlockBackend *blk, const char *serial);
/* virtio-rng: entropy from the host's getrandom(). */
VirtIODevice *virtio_rng_new(void);
/* virtio-console with one console port (hvc0), not bound to a backend yet. */
VirtIODevice *virtio_console_new(void);
/* Bind the console port of a virtio_console_new() device to chr (output and input). */
void virtio_console_bind(VirtIODevice *vdev, CharBackend *chr);

#endif
