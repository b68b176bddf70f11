/* Image loaders for boards: ELF (by physical address), raw binaries, gzip, ELF symbols. */
#ifndef TRIX_HW_LOADER_H
#define TRIX_HW_LOADER_H

#include "trix/common.h"

/* What an image occupies once loaded: [low, high) and where it starts. */
typedef struct LoadedImage {
    uint64_t entry, low, high;
} LoadedImage;

bool loader_is_elf(const uint8_t *buf, size_t size);
bool loader_is_gzip(const uint8_t *buf, size_t size);
/* Check an ELF64 little-endian executable for `machine` and compute its span without loading;
 * fatal with a message naming `what` and `path` when it is malformed. */
void loader_elf_span(const char *what, const char *path, const uint8_t *buf, size_t size,
                     uint16_t machine, LoadedImage *out);
/* Load the PT_LOAD segments at their physical addresses (after loader_elf_span). */
void loader_load_elf(const char *what, const char *path, const uint8_t *buf, size_t size);
/* Look up a symbol in the ELF's .symtab: false when absent (or no symbol table). */
bool loader_elf_symbol(const uint8_t *buf, size_t size, const char *name, uint64_t *value);
/* Inflate a gzip image of at most `max` bytes (fatal when corrupt or too large); free(). */
uint8_t *loader_gunzip(const char *what, const char *path, const uint8_t *buf, size_t size,
                       size_t max, size_t *out_size);
/* Write bytes to guest physical memory; fatal when any byte lands outside memory. */
void loader_write(const char *what, const char *path, uint64_t addr, const void *buf,
                  uint64_t len);

#endif
