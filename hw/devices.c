/* The -device registry: the list of device types, lookup, help output and creation from the command line. */
#include <stdlib.h>
#include <string.h>
#include "trix/devtype.h"
#include "hw/virtio/virtio_devices.h"
#include "hw/virtio/virtio_net.h"
#include "hw/misc/isa_debug_exit.h"

/* Device types, NULL-terminated (add new ones here). */
const DeviceType *const device_type_list[] = {
    &devtype_virtio_blk_device, &devtype_virtio_blk_pci,
    &devtype_virtio_rng_device, &devtype_virtio_rng_pci,
    &devtype_virtio_keyboard_device, &devtype_virtio_keyboard_pci,
    &devtype_virtio_serial_device, &devtype_virtio_serial_pci, &devtype_virtconsole,
    &devtype_virtio_net_device, &devtype_virtio_net_pci,
    &devtype_isa_debug_exit,
    NULL,
};

static bool device_for_target(const DeviceType *d, const TargetOps *t)
{
    if (!d->arches || !t)
        return true;
    size_t n = strlen(t->name);
    for (const char *p = strstr(d->arches, t->name); p; p = strstr(p + 1, t->name))
        if ((p == d->arches || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return true;
    return false;
}

const DeviceType *device_type_find(const TargetOps *t, const char *name)
{
    for (int i = 0; device_type_list[i]; i++)
        if (!strcmp(device_type_list[i]->name, name) && device_for_target(device_type_list[i], t))
            return device_type_list[i];
    return NULL;
}

void device_help_list(const TargetOps *t)
{
    const char *buses[16];
    int nbus = 0;
    for (int i = 0; device_type_list[i]; i++) {
        const char *b = device_type_list[i]->bus;
        bool seen = false;
        for (int j = 0; j < nbus; j++)
            seen |= !strcmp(buses[j], b);
        if (!seen && nbus < (int)ARRAY_SIZE(buses))
            buses[nbus++] = b;
    }
    for (int j = 0; j < nbus; j++) {
        printf("%s%s devices:\n", j ? "\n" : "", buses[j]);
        for (int i = 0; device_type_list[i]; i++) {
            const DeviceType *d = device_type_list[i];
            if (!strcmp(d->bus, buses[j]) && device_for_target(d, t))
                printf("name \"%s\", bus %s, desc \"%s\"\n", d->name, d->bus, d->desc);
        }
    }
}

void device_help_props(const DeviceType *d)
{
    printf("%s options:\n", d->name);
    for (const DevProp *p = d->props; p && p->name; p++)
        printf("  %s=<%s>%s%s\n", p->name, p->type, p->help ? " - " : "", p->help ? p->help : "");
}

/* -device help and -device NAME,help: list, then exit before anything is built. */
void device_help_check(MachineState *ms)
{
    for (int i = 0; i < ms->ndevice; i++) {
        const char *spec = ms->device[i];
        size_t n = strcspn(spec, ",");
        if ((n == 4 && !strncmp(spec, "help", 4)) || (n == 1 && spec[0] == '?')) {
            device_help_list(ms->target);
            exit(0);
        }
        if (strcmp(spec + n, ",help") && strcmp(spec + n, ",?"))
            continue;
        char *name = trix_strdup(spec);
        name[n] = 0;
        const DeviceType *d = device_type_find(ms->target, name);
        if (!d)
            trix_fatal("-device %s: '%s' is not a valid device model name ('-device help' "
                       "lists them)", spec, name);
        device_help_props(d);
        exit(0);
    }
}

void machine_create_devices(MachineState *ms)
{
    for (int i = 0; i < ms->ndevice; i++) {
        Opts *o = opts_parse("-device", ms->device[i], "driver");
        const char *name = opts_get(o, "driver");
        if (!name)
            trix_fatal("-device %s: no device name", ms->device[i]);
        const DeviceType *d = device_type_find(ms->target, name);
        if (!d)
            trix_fatal("-device %s: '%s' is not a valid device model name ('-device help' "
                       "lists them)", ms->device[i], name);
        opts_get(o, "id");      /* ids are accepted everywhere */
        d->create(ms, o);
        opts_finish(o);
        opts_free(o);
    }
}
