/* The AML writer: PkgLength encoding, NameStrings, integer prefixes, named objects and resource descriptors. */
#include <string.h>
#include "hw/acpi/aml.h"

enum {
    AML_ZERO = 0x00, AML_ONE = 0x01, AML_NAME_OP = 0x08, AML_BYTE = 0x0a, AML_WORD = 0x0b,
    AML_DWORD = 0x0c, AML_STRING = 0x0d, AML_QWORD = 0x0e, AML_SCOPE = 0x10,
    AML_BUFFER = 0x11, AML_PACKAGE = 0x12, AML_METHOD = 0x14, AML_DUAL = 0x2e,
    AML_MULTI = 0x2f, AML_EXT = 0x5b, AML_ROOT = 0x5c, AML_PARENT = 0x5e, AML_STORE = 0x70,
    AML_AND = 0x7b, AML_NOTIFY = 0x86, AML_LEQUAL = 0x93, AML_IF = 0xa0, AML_RETURN = 0xa4,
    AML_ONES = 0xff,
};
enum { AML_EXT_OPREGION = 0x80, AML_EXT_FIELD = 0x81, AML_EXT_DEVICE = 0x82 };

Aml *aml_new(void) { return g_byte_array_new(); }
void aml_free(Aml *a) { g_byte_array_free(a, TRUE); }
void aml_bytes(Aml *a, const void *p, size_t n) { g_byte_array_append(a, p, (guint)n); }
void aml_byte(Aml *a, uint8_t b) { aml_bytes(a, &b, 1); }

void aml_append(Aml *a, Aml *child)
{
    aml_bytes(a, child->data, child->len);
    aml_free(child);
}

/* PkgLength covering itself and len bytes after it. */
static void aml_pkglen(Aml *a, size_t len)
{
    if (len + 1 < 0x40) {
        aml_byte(a, (uint8_t)(len + 1));
        return;
    }
    int extra = len + 2 < 0x1000 ? 1 : len + 3 < 0x100000 ? 2 : 3;
    size_t total = len + 1 + extra;
    ASSERT(total < 0x10000000);
    aml_byte(a, (uint8_t)((extra << 6) | (total & 0xf)));
    for (int i = 0; i < extra; i++)
        aml_byte(a, (uint8_t)(total >> (4 + 8 * i)));
}

/* op (1 or 2 bytes), PkgLength, then body. */
static void aml_pkg(Aml *a, const uint8_t *op, int oplen, Aml *body)
{
    aml_bytes(a, op, oplen);
    aml_pkglen(a, body->len);
    aml_append(a, body);
}

static void aml_seg(Aml *a, const char *s, size_t n)
{
    char seg[4] = { '_', '_', '_', '_' };
    ASSERT(n >= 1 && n <= 4);
    memcpy(seg, s, n);
    aml_bytes(a, seg, 4);
}

void aml_name(Aml *a, const char *name)
{
    while (*name == '\\' || *name == '^')
        aml_byte(a, (uint8_t)*name++);
    const char *segs[16];
    size_t lens[16];
    int n = 0;
    for (const char *p = name; *p;) {
        size_t l = strcspn(p, ".");
        ASSERT(n < 16);
        segs[n] = p;
        lens[n++] = l;
        p += l;
        if (*p == '.')
            p++;
    }
    if (n == 0) {
        aml_byte(a, 0);                             /* NullName */
        return;
    }
    if (n == 2)
        aml_byte(a, AML_DUAL);
    else if (n > 2) {
        aml_byte(a, AML_MULTI);
        aml_byte(a, (uint8_t)n);
    }
    for (int i = 0; i < n; i++)
        aml_seg(a, segs[i], lens[i]);
}

void aml_int(Aml *a, uint64_t v)
{
    if (v == 0 || v == 1) {
        aml_byte(a, v ? AML_ONE : AML_ZERO);
        return;
    }
    if (v == UINT64_MAX) {
        aml_byte(a, AML_ONES);
        return;
    }
    int n = v <= 0xff ? 1 : v <= 0xffff ? 2 : v <= 0xffffffffull ? 4 : 8;
    aml_byte(a, n == 1 ? AML_BYTE : n == 2 ? AML_WORD : n == 4 ? AML_DWORD : AML_QWORD);
    aml_bytes(a, &v, n);                            /* little-endian host */
}

void aml_string(Aml *a, const char *s)
{
    aml_byte(a, AML_STRING);
    aml_bytes(a, s, strlen(s) + 1);
}

uint32_t aml_eisaid(const char *id)
{
    ASSERT(strlen(id) == 7);
    uint32_t v = ((uint32_t)(id[0] - 0x40) << 26) | ((uint32_t)(id[1] - 0x40) << 21) |
                 ((uint32_t)(id[2] - 0x40) << 16) |
                 (uint32_t)strtoul(id + 3, NULL, 16);
    /* stored as a big-endian dword */
    return ((v >> 24) & 0xff) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
}

void aml_package(Aml *a, Aml *elements, int count)
{
    Aml *body = aml_new();
    aml_byte(body, (uint8_t)count);
    aml_append(body, elements);
    aml_pkg(a, (const uint8_t[]){ AML_PACKAGE }, 1, body);
}

void aml_buffer(Aml *a, Aml *bytes)
{
    Aml *body = aml_new();
    aml_int(body, bytes->len);
    aml_append(body, bytes);
    aml_pkg(a, (const uint8_t[]){ AML_BUFFER }, 1, body);
}

void aml_name_decl(Aml *a, const char *name, Aml *value)
{
    aml_byte(a, AML_NAME_OP);
    aml_name(a, name);
    aml_append(a, value);
}

void aml_name_int(Aml *a, const char *name, uint64_t v)
{
    Aml *x = aml_new();
    aml_int(x, v);
    aml_name_decl(a, name, x);
}

void aml_name_str(Aml *a, const char *name, const char *s)
{
    Aml *x = aml_new();
    aml_string(x, s);
    aml_name_decl(a, name, x);
}

void aml_name_eisaid(Aml *a, const char *name, const char *id)
{
    Aml *x = aml_new();
    uint32_t v = aml_eisaid(id);
    aml_byte(x, AML_DWORD);
    aml_bytes(x, &v, 4);
    aml_name_decl(a, name, x);
}

static void aml_named_pkg(Aml *a, const uint8_t *op, int oplen, const char *name,
                          const uint8_t *extra, int nextra, Aml *body)
{
    Aml *b = aml_new();
    aml_name(b, name);
    aml_bytes(b, extra, nextra);
    aml_append(b, body);
    aml_pkg(a, op, oplen, b);
}

void aml_scope(Aml *a, const char *name, Aml *body)
{
    aml_named_pkg(a, (const uint8_t[]){ AML_SCOPE }, 1, name, NULL, 0, body);
}

void aml_device(Aml *a, const char *name, Aml *body)
{
    aml_named_pkg(a, (const uint8_t[]){ AML_EXT, AML_EXT_DEVICE }, 2, name, NULL, 0, body);
}

void aml_method(Aml *a, const char *name, int nargs, bool serialized, Aml *body)
{
    uint8_t flags = (uint8_t)((nargs & 7) | (serialized ? 8 : 0));
    aml_named_pkg(a, (const uint8_t[]){ AML_METHOD }, 1, name, &flags, 1, body);
}

void aml_opregion(Aml *a, const char *name, int space, uint64_t offset, uint64_t len)
{
    aml_byte(a, AML_EXT);
    aml_byte(a, AML_EXT_OPREGION);
    aml_name(a, name);
    aml_byte(a, (uint8_t)space);
    aml_int(a, offset);
    aml_int(a, len);
}

void aml_field_dwords(Aml *a, const char *region, const char *const *fields, int n)
{
    Aml *b = aml_new();
    aml_name(b, region);
    aml_byte(b, 0x03 | (2 << 5));                  /* DWordAcc, NoLock, WriteAsZeros */
    for (int i = 0; i < n; i++) {
        aml_seg(b, fields[i], strlen(fields[i]));
        aml_pkglen(b, 32 - 1);                      /* the bit count, PkgLength-encoded */
    }
    aml_pkg(a, (const uint8_t[]){ AML_EXT, AML_EXT_FIELD }, 2, b);
}

void aml_store_name_local(Aml *a, const char *name, int local)
{
    aml_byte(a, AML_STORE);
    aml_name(a, name);
    aml_byte(a, (uint8_t)local);
}

void aml_if_bits_notify(Aml *a, int local, uint64_t mask, const char *target, uint8_t value)
{
    Aml *b = aml_new();
    aml_byte(b, AML_LEQUAL);
    aml_byte(b, AML_AND);
    aml_byte(b, (uint8_t)local);
    aml_int(b, mask);
    aml_byte(b, 0);                                 /* no target */
    aml_int(b, mask);
    aml_byte(b, AML_NOTIFY);
    aml_name(b, target);
    aml_int(b, value);
    aml_pkg(a, (const uint8_t[]){ AML_IF }, 1, b);
}

void aml_return_int(Aml *a, uint64_t v)
{
    aml_byte(a, AML_RETURN);
    aml_int(a, v);
}

/* ---- resource descriptors (ACPI 6.x section 6.4) ---- */

void aml_res_io(Aml *r, uint16_t base, uint8_t len)
{
    uint8_t d[8] = { 0x47, 1, (uint8_t)base, (uint8_t)(base >> 8), (uint8_t)base,
                     (uint8_t)(base >> 8), 1, len };
    aml_bytes(r, d, sizeof(d));
}

void aml_res_irq_noflags(Aml *r, int irq)
{
    uint16_t mask = (uint16_t)(1u << irq);
    uint8_t d[3] = { 0x22, (uint8_t)mask, (uint8_t)(mask >> 8) };
    aml_bytes(r, d, sizeof(d));
}

void aml_res_mem32_fixed(Aml *r, uint32_t base, uint32_t len, bool rw)
{
    uint8_t d[12] = { 0x86, 9, 0, rw ? 1 : 0 };
    memcpy(d + 4, &base, 4);
    memcpy(d + 8, &len, 4);
    aml_bytes(r, d, sizeof(d));
}

void aml_res_interrupt(Aml *r, uint32_t gsi, bool level)
{
    uint8_t d[9] = { 0x89, 6, 0, (uint8_t)(1 | (level ? 0 : 2)), 1 };
    memcpy(d + 5, &gsi, 4);
    aml_bytes(r, d, sizeof(d));
}

/* Word/DWord/QWord address space descriptors: type 0 memory, 1 I/O, 2 bus number. */
static void aml_res_addr(Aml *r, uint8_t tag, int type, uint8_t tflags, int width,
                         uint64_t min, uint64_t max)
{
    uint8_t d[46] = { tag };
    uint16_t len = (uint16_t)(3 + 5 * width);
    memcpy(d + 1, &len, 2);
    d[3] = (uint8_t)type;
    d[4] = 0x0c;                                    /* MinFixed, MaxFixed, PosDecode, Producer */
    d[5] = tflags;
    uint64_t v[5] = { 0, min, max, 0, max - min + 1 };
    for (int i = 0; i < 5; i++)
        memcpy(d + 6 + i * width, &v[i], width);
    aml_bytes(r, d, 3 + len);
}

void aml_res_word_bus(Aml *r, uint16_t min, uint16_t max)
{
    aml_res_addr(r, 0x88, 2, 0, 2, min, max);
}

void aml_res_word_io(Aml *r, uint16_t min, uint16_t max)
{
    aml_res_addr(r, 0x88, 1, 3, 2, min, max);       /* EntireRange */
}

void aml_res_dword_mem(Aml *r, uint32_t min, uint32_t max)
{
    aml_res_addr(r, 0x87, 0, 1 << 1 | 1, 4, min, max);     /* Cacheable, ReadWrite */
}

void aml_res_qword_mem(Aml *r, uint64_t min, uint64_t max)
{
    aml_res_addr(r, 0x8a, 0, 1 << 1 | 1, 8, min, max);
}

void aml_crs(Aml *a, Aml *r)
{
    aml_byte(r, 0x79);                              /* end tag, checksum 0 */
    aml_byte(r, 0);
    Aml *buf = aml_new();
    aml_buffer(buf, r);
    aml_name_decl(a, "_CRS", buf);
}
