/* Image loaders: ELF64 program headers by physical address, symbols, gzip, raw writes. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "hw/core/loader.h"
#include "trix/memory.h"

bool loader_is_elf(const uint8_t *buf, size_t size)
{
    return size >= 4 && !memcmp(buf, ELFMAG, SELFMAG);
}

bool loader_is_gzip(const uint8_t *buf, size_t size)
{
    return size >= 3 && buf[0] == 0x1f && buf[1] == 0x8b && buf[2] == 8;
}

void loader_write(const char *what, const char *path, uint64_t addr, const void *buf,
                  uint64_t len)
{
    if (len && !phys_write(addr, buf, len))
        trix_fatal("%s '%s': [%#llx, %#llx) is outside the machine's memory", what, path,
                   (unsigned long long)addr, (unsigned long long)(addr + len));
}

/* The ELF header after validation, or fatal. */
static const Elf64_Ehdr *loader_elf_header(const char *what, const char *path,
                                           const uint8_t *buf, size_t size, uint16_t machine)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)buf;
    if (size < sizeof(*eh) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
        eh->e_ident[EI_DATA] != ELFDATA2LSB)
        trix_fatal("%s '%s': not a 64-bit little-endian ELF file", what, path);
    if (eh->e_machine != machine)
        trix_fatal("%s '%s': ELF machine %u is not this target's (%u)", what, path,
                   eh->e_machine, machine);
    if (eh->e_type != ET_EXEC)
        trix_fatal("%s '%s': not an executable ELF file (type %u)", what, path, eh->e_type);
    if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phoff > size ||
        (size - eh->e_phoff) / sizeof(Elf64_Phdr) < eh->e_phnum)
        trix_fatal("%s '%s': truncated or corrupt ELF program headers", what, path);
    return eh;
}

static const Elf64_Phdr *loader_phdr(const uint8_t *buf, int i)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)buf;
    return (const Elf64_Phdr *)(buf + eh->e_phoff) + i;
}

void loader_elf_span(const char *what, const char *path, const uint8_t *buf, size_t size,
                     uint16_t machine, LoadedImage *out)
{
    const Elf64_Ehdr *eh = loader_elf_header(what, path, buf, size, machine);
    out->entry = eh->e_entry;
    out->low = UINT64_MAX;
    out->high = 0;
    for (int i = 0; i < eh->e_phnum; i++) {
        const Elf64_Phdr *ph = loader_phdr(buf, i);
        if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
            continue;
        if (ph->p_filesz > ph->p_memsz || ph->p_offset > size ||
            ph->p_filesz > size - ph->p_offset || ph->p_paddr + ph->p_memsz < ph->p_paddr)
            trix_fatal("%s '%s': corrupt ELF segment %d", what, path, i);
        if (ph->p_paddr < out->low)
            out->low = ph->p_paddr;
        if (ph->p_paddr + ph->p_memsz > out->high)
            out->high = ph->p_paddr + ph->p_memsz;
    }
    if (out->high == 0)
        trix_fatal("%s '%s': the ELF file has nothing to load", what, path);
}

void loader_load_elf(const char *what, const char *path, const uint8_t *buf, size_t size)
{
    static const uint8_t zeros[4096];
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)buf;
    for (int i = 0; i < eh->e_phnum; i++) {
        const Elf64_Phdr *ph = loader_phdr(buf, i);
        if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
            continue;
        loader_write(what, path, ph->p_paddr, buf + ph->p_offset, ph->p_filesz);
        for (uint64_t off = ph->p_filesz; off < ph->p_memsz;) {
            uint64_t n = ph->p_memsz - off < sizeof(zeros) ? ph->p_memsz - off : sizeof(zeros);
            loader_write(what, path, ph->p_paddr + off, zeros, n);
            off += n;
        }
    }
}

/* Section header i, or NULL when out of the file. */
static const Elf64_Shdr *loader_shdr(const uint8_t *buf, size_t size, unsigned i)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)buf;
    if (eh->e_shentsize != sizeof(Elf64_Shdr) || i >= eh->e_shnum || eh->e_shoff > size ||
        (size - eh->e_shoff) / sizeof(Elf64_Shdr) <= i)
        return NULL;
    return (const Elf64_Shdr *)(buf + eh->e_shoff) + i;
}

static bool loader_in_file(size_t size, uint64_t off, uint64_t len)
{
    return off <= size && len <= size - off;
}

bool loader_elf_symbol(const uint8_t *buf, size_t size, const char *name, uint64_t *value)
{
    if (!loader_is_elf(buf, size) || size < sizeof(Elf64_Ehdr) ||
        buf[EI_CLASS] != ELFCLASS64)
        return false;
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)buf;
    for (unsigned i = 0; i < eh->e_shnum; i++) {
        const Elf64_Shdr *sh = loader_shdr(buf, size, i);
        if (!sh || sh->sh_type != SHT_SYMTAB || !loader_in_file(size, sh->sh_offset, sh->sh_size))
            continue;
        const Elf64_Shdr *str = loader_shdr(buf, size, sh->sh_link);
        if (!str || !loader_in_file(size, str->sh_offset, str->sh_size))
            continue;
        const Elf64_Sym *syms = (const Elf64_Sym *)(buf + sh->sh_offset);
        const char *strtab = (const char *)buf + str->sh_offset;
        size_t nsyms = sh->sh_size / sizeof(Elf64_Sym), nlen = strlen(name);
        for (size_t k = 0; k < nsyms; k++) {
            uint32_t n = syms[k].st_name;
            if (n < str->sh_size && str->sh_size - n > nlen && !memcmp(strtab + n, name, nlen + 1)) {
                *value = syms[k].st_value;
                return true;
            }
        }
    }
    return false;
}

uint8_t *loader_gunzip(const char *what, const char *path, const uint8_t *buf, size_t size,
                       size_t max, size_t *out_size)
{
    z_stream zs = { 0 };
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
        trix_fatal("%s '%s': cannot initialise zlib", what, path);
    size_t cap = size * 4 < (1u << 20) ? (1u << 20) : size * 4, len = 0;
    uint8_t *out = malloc(cap);
    if (!out)
        trix_fatal("%s '%s': out of memory", what, path);
    zs.next_in = (Bytef *)buf;
    zs.avail_in = (uInt)size;
    int rc;
    do {
        if (len == cap) {
            if (cap >= max)
                trix_fatal("%s '%s': decompressed image is larger than RAM", what, path);
            cap = cap * 2 > max ? max : cap * 2;
            out = trix_realloc(out, cap);
        }
        zs.next_out = out + len;
        zs.avail_out = (uInt)(cap - len);
        rc = inflate(&zs, Z_NO_FLUSH);
        len = cap - zs.avail_out;
    } while (rc == Z_OK);
    inflateEnd(&zs);
    if (rc != Z_STREAM_END)
        trix_fatal("%s '%s': corrupt gzip data (%s)", what, path, zs.msg ? zs.msg : "truncated");
    *out_size = len;
    return out;
}
