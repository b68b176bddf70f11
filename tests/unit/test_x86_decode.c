/* The x86-64 decoder: hand-checked encodings, and instruction lengths against capstone on real code. */
#include <capstone/capstone.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "target/x86_64/decode.h"

static int failures;

#define CHECK(cond, ...) do { if (!(cond)) { failures++; printf("FAIL %s:%d: ", __FILE__, __LINE__); \
    printf(__VA_ARGS__); printf("\n"); } } while (0)

typedef struct Case {
    const char *hex;
    X86DecodeResult res;
    int len;
    const char *mnem;
} Case;

static const Case cases[] = {
    { "90", X86_DEC_OK, 1, "NOP" },
    { "4190", X86_DEC_OK, 2, "XCHG" },                  /* xchg r8d, eax */
    { "f390", X86_DEC_OK, 2, "PAUSE" },
    { "4889c3", X86_DEC_OK, 3, "MOV" },                 /* mov rbx, rax */
    { "488b0500000000", X86_DEC_OK, 7, "MOV" },         /* mov rax, [rip+0] */
    { "8b0425efbeadde", X86_DEC_OK, 7, "MOV" },         /* mov eax, [0xdeadbeef] (SIB, no base) */
    { "8b4c2408", X86_DEC_OK, 4, "MOV" },               /* mov ecx, [rsp+8] */
    { "8b8c2400010000", X86_DEC_OK, 7, "MOV" },         /* mov ecx, [rsp+0x100] */
    { "48b88877665544332211", X86_DEC_OK, 10, "MOV" },  /* movabs rax, imm64 */
    { "66b83412", X86_DEC_OK, 4, "MOV" },               /* mov ax, 0x1234 */
    { "66c70001 00", X86_DEC_OK, 0, NULL },             /* spaces not allowed: skipped */
    { "6681c33412", X86_DEC_OK, 5, "ADD" },             /* add bx, 0x1234 (Iz = 2 with 66) */
    { "4881c378563412", X86_DEC_OK, 7, "ADD" },         /* add rbx, imm32 */
    { "e800000000", X86_DEC_OK, 5, "CALL" },
    { "0f8400000000", X86_DEC_OK, 6, "JCC" },
    { "c8100001", X86_DEC_OK, 4, "ENTER" },
    { "a1efcdab8967452301", X86_DEC_OK, 9, "MOV" },     /* mov eax, [moffs64] */
    { "67a1efcdab89", X86_DEC_OK, 6, "MOV" },           /* moffs32 with 67 */
    { "f00fb10a", X86_DEC_OK, 4, "CMPXCHG" },
    { "f00fb1ca", X86_DEC_UD, 0, NULL },                /* lock with a register destination */
    { "f001c0", X86_DEC_UD, 0, NULL },
    { "8dc0", X86_DEC_UD, 0, NULL },                    /* lea with a register source */
    { "0f0b", X86_DEC_OK, 2, "UD2" },
    { "06", X86_DEC_UD, 0, NULL },                      /* push es: invalid in 64-bit mode */
    { "62f17c4858c1", X86_DEC_UD, 0, NULL },            /* EVEX */
    { "c5f877", X86_DEC_OK, 3, "VZEROUPPER" },
    { "c5fc77", X86_DEC_OK, 3, "VZEROALL" },
    { "c5f958c1", X86_DEC_OK, 4, "ADDPD" },             /* vaddpd xmm0, xmm0, xmm1 */
    { "c4e27df6c1", X86_DEC_UD, 0, NULL },              /* 66 0F38 F6 with VEX: no such insn */
    { "c4e2fbf6c1", X86_DEC_OK, 5, "MULX" },
    { "c4e3fbf0c105", X86_DEC_OK, 6, "RORX" },
    { "f30f1efa", X86_DEC_OK, 4, "ENDBR64" },
    { "0f1f440000", X86_DEC_OK, 5, "NOP" },
    { "660f1f840000000000", X86_DEC_OK, 9, "NOP" },
    { "660f3a0fc108", X86_DEC_OK, 6, "PALIGNR" },
    { "660f3a63c10c", X86_DEC_OK, 6, "PCMPISTRI" },
    { "f20f38f1c1", X86_DEC_OK, 5, "CRC32" },
    { "f30fb8c1", X86_DEC_OK, 4, "POPCNT" },
    { "0fb8c1", X86_DEC_UD, 0, NULL },
    { "f30fbcc1", X86_DEC_OK, 4, "TZCNT" },
    { "0fbcc1", X86_DEC_OK, 3, "BSF" },
    { "d9e8", X86_DEC_OK, 2, "FLD1" },
    { "dd442408", X86_DEC_OK, 4, "FLD" },
    { "dfe0", X86_DEC_OK, 2, "FNSTSW" },
    { "0f20c0", X86_DEC_OK, 3, "MOV" },                 /* mov rax, cr0 */
    { "0f2000", X86_DEC_OK, 3, "MOV" },                 /* mod ignored: still rax, cr0 */
    { "48c7c0ffffffff", X86_DEC_OK, 7, "MOV" },
    { "4040404040404040404040404040ff", X86_DEC_TOO_LONG, 0, NULL },
    { "666666666666666666666666666690", X86_DEC_OK, 15, "NOP" },
    { "48", X86_DEC_FETCH, 0, NULL },
    { "0f01f9", X86_DEC_OK, 3, "RDTSCP" },
    { "0f01d0", X86_DEC_OK, 3, "XGETBV" },
    { "0fae3c24", X86_DEC_OK, 4, "CLFLUSH" },
    { "0faee8", X86_DEC_OK, 3, "LFENCE" },
    { "f3480faec0", X86_DEC_OK, 5, "RDFSBASE" },
    { "480fc70e", X86_DEC_OK, 4, "CMPXCHG16B" },
    { "0fc70e", X86_DEC_OK, 3, "CMPXCHG8B" },
};

static size_t unhex(const char *s, uint8_t *out, size_t max)
{
    size_t n = 0;
    while (s[0] && s[1] && n < max) {
        unsigned v;
        if (sscanf(s, "%2x", &v) != 1)
            return 0;
        out[n++] = (uint8_t)v;
        s += 2;
    }
    return s[0] ? 0 : n;
}

static void test_cases(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const Case *c = &cases[i];
        uint8_t buf[32];
        size_t n = unhex(c->hex, buf, sizeof buf);
        if (!n)
            continue;
        X86Insn in;
        X86DecodeResult r = x86_decode_buf(&in, 0x1000, buf, n);
        CHECK(r == c->res, "%s: result %d, expected %d", c->hex, r, c->res);
        if (r == X86_DEC_OK && c->res == X86_DEC_OK) {
            CHECK(in.len == c->len, "%s: length %d, expected %d", c->hex, in.len, c->len);
            CHECK(!strcmp(in.def->name, c->mnem), "%s: %s, expected %s", c->hex, in.def->name, c->mnem);
        }
    }
}

/* The .text section of an ELF file, read whole (NULL when it cannot be read). */
static uint8_t *read_text(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    uint8_t *img = malloc((size_t)size);
    if (fread(img, 1, (size_t)size, f) != (size_t)size) {
        fclose(f);
        free(img);
        return NULL;
    }
    fclose(f);
    Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
    Elf64_Shdr *sh = (Elf64_Shdr *)(img + eh->e_shoff);
    const char *names = (const char *)img + sh[eh->e_shstrndx].sh_offset;
    for (int i = 0; i < eh->e_shnum; i++) {
        if (!strcmp(names + sh[i].sh_name, ".text")) {
            uint8_t *text = malloc(sh[i].sh_size);
            memcpy(text, img + sh[i].sh_offset, sh[i].sh_size);
            *len = sh[i].sh_size;
            free(img);
            return text;
        }
    }
    free(img);
    return NULL;
}

/* Extensions we do not implement on purpose (no CPUID bit advertises them): AVX-512 (EVEX
 * and the VEX-encoded mask-register ops), AMD's XOP and FMA4. */
static bool is_unadvertised(const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n && (p[i] == 0x66 || p[i] == 0x67 || p[i] == 0xf2 || p[i] == 0xf3 ||
                     p[i] == 0x2e || p[i] == 0x3e || p[i] == 0x64 || p[i] == 0x65))
        i++;
    if (i + 3 >= n)
        return i < n && p[i] == 0x62;
    unsigned map = 1, opc;
    if (p[i] == 0x62 || (p[i] == 0x8f && (p[i + 1] & 0x1f) >= 8))
        return true;
    if (p[i] == 0xc5)
        opc = p[i + 2];
    else if (p[i] == 0xc4)
        map = p[i + 1] & 0x1f, opc = p[i + 3];
    else
        return false;
    if (map == 1)
        return (opc >= 0x41 && opc <= 0x4b) || (opc >= 0x90 && opc <= 0x93) || opc == 0x98 || opc == 0x99;
    return map == 3 && ((opc >= 0x30 && opc <= 0x33) || (opc >= 0x48 && opc <= 0x7f && opc != 0x60 &&
                                                         opc != 0x61 && opc != 0x62 && opc != 0x63));
}

/* Walk the code with capstone; at every instruction it decodes, ours must agree on length. */
static void test_real_code(const char *path)
{
    size_t len;
    uint8_t *text = read_text(path, &len);
    if (!text) {
        printf("skip %s: cannot read .text\n", path);
        return;
    }
    csh h;
    cs_open(CS_ARCH_X86, CS_MODE_64, &h);
    cs_insn *ci = cs_malloc(h);
    size_t off = 0, agree = 0, evex = 0, ud = 0, lenbad = 0;
    while (off < len) {
        const uint8_t *p = text + off;
        size_t avail = len - off;
        uint64_t addr = off;
        if (!cs_disasm_iter(h, &p, &avail, &addr, ci)) {
            off++;
            continue;
        }
        X86Insn in;
        X86DecodeResult r = x86_decode_buf(&in, off, text + off, ci->size);
        if (is_unadvertised(text + off, ci->size))
            evex++;
        else if (r != X86_DEC_OK) {
            if (ud++ < 15)
                printf("  ours %d: %s %s (%d bytes)\n", r, ci->mnemonic, ci->op_str, ci->size);
        } else if (in.len != ci->size) {
            if (lenbad++ < 15)
                printf("  length %d vs %d: %s %s\n", in.len, ci->size, ci->mnemonic, ci->op_str);
        } else {
            agree++;
        }
        off += ci->size;
    }
    printf("%s: %zu agree, %zu length mismatches, %zu not decoded by us, %zu AVX-512/XOP/FMA4 skipped\n",
           path, agree, lenbad, ud, evex);
    CHECK(lenbad == 0, "%s: %zu length mismatches", path, lenbad);
    CHECK(ud * 1000 <= agree, "%s: %zu instructions capstone knows and we do not", path, ud);
    cs_free(ci, 1);
    cs_close(&h);
    free(text);
}

int main(int argc, char **argv)
{
    test_cases();
    const char *paths[] = { "/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libm.so.6",
                            "/usr/bin/bash", "/lib/x86_64-linux-gnu/libcrypto.so.3" };
    for (int i = 1; i < argc; i++)
        test_real_code(argv[i]);
    if (argc == 1)
        for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
            test_real_code(paths[i]);
    printf("%s\n", failures ? "FAILED" : "ok");
    return failures != 0;
}
