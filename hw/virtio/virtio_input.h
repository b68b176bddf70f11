/* virtio-keyboard (hw/virtio/virtio_input.c): the power button behind system_powerdown. */
#ifndef TRIX_HW_VIRTIO_INPUT_H
#define TRIX_HW_VIRTIO_INPUT_H
#include <stdbool.h>
struct VirtIODevice *virtio_input_new(void);
bool virtio_input_has_power_button(void);
bool virtio_input_power_button(void);   /* press C-A-Del; false when there is no such device */
#endif
