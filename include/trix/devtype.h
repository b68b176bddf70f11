/* The -device registry: every device type a user can name, its properties, and how it is created. */
#ifndef TRIX_DEVTYPE_H
#define TRIX_DEVTYPE_H

#include "trix/machine.h"
#include "trix/opts.h"

/*
 * A DeviceType is a plain table entry (no object system). Add one to device_type_list[] in
 * hw/devices.c. `-device help` lists the types the running binary's guest can use, grouped by
 * bus; `-device NAME,help` lists NAME's properties. The board calls machine_create_devices()
 * once its own buses exist (virtio-mmio slots, the PCI host): each -device, in command-line
 * order, is parsed with implied key "driver", looked up, and created; the create function
 * reads the keys it knows and machine_create_devices() then refuses any key left unread.
 */
typedef struct DevProp {
    const char *name;       /* "drive" */
    const char *type;       /* "str", "bool", "uint32", "size", "mac", ... */
    const char *help;
} DevProp;

typedef struct DeviceType {
    const char *name;       /* -device NAME */
    const char *bus;        /* grouping for -device help: "virtio-mmio", "PCI", "System" */
    const char *desc;
    const DevProp *props;   /* terminated by an entry with name NULL; may be NULL */
    /* Guests the type exists for ("riscv64 aarch64 x86_64"); NULL: all. */
    const char *arches;
    /* Create it on ms from its options; fatal (naming the option) when it cannot be. */
    void (*create)(MachineState *ms, Opts *opts);
} DeviceType;

extern const DeviceType *const device_type_list[];     /* NULL-terminated (hw/devices.c) */

/* The type named `name` available to target t, or NULL. */
const DeviceType *device_type_find(const TargetOps *t, const char *name);
/* -device help / -device NAME,help output (stdout). */
void device_help_list(const TargetOps *t);
void device_help_props(const DeviceType *d);
void device_help_check(MachineState *ms);   /* -device help / NAME,help: print, exit */
/* Create every -device of ms in order (fatal on an unknown type or option). */
void machine_create_devices(MachineState *ms);

#endif
