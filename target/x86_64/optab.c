/* The x86-64 opcode table: optab*.def entries in the manual's notation, parsed once at start. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "target/x86_64/decode.h"
#include "target/x86_64/optab.h"
#include "trix/common.h"

typedef struct X86OpSrc {
    const char *name, *map;
    int opcode;
    const char *pfx, *ext, *operands, *flags;
} X86OpSrc;

static const X86OpSrc optab_src[] = {
#define X(mn, map, opc, pfx, ext, ops, fl) { #mn, #map, opc, pfx, ext, ops, fl },
#include "target/x86_64/optab_1b.def"
#include "target/x86_64/optab_0f.def"
#include "target/x86_64/optab_0f38.def"
#include "target/x86_64/optab_x87.def"
#undef X
};
#define OPTAB_SRC_LEN ((int)(sizeof(optab_src) / sizeof(optab_src[0])))

static X86OpDef optab_defs[OPTAB_SRC_LEN * 8];    /* "+r" entries expand to 8 */
static int optab_ndefs;
/* Entries by map and opcode: indices into optab_defs, -1 terminated lists in one pool. */
static int16_t optab_first[X86_NMAPS][256];
static int16_t optab_next[OPTAB_SRC_LEN * 8];
static bool optab_ready;

/* Mnemonics interned in table order: X86OpDef.mnem indexes this. */
static const char *mnem_names[OPTAB_SRC_LEN];
static int mnem_count;

const char *x86_mnem_name(int mnem)
{
    return mnem >= 0 && mnem < mnem_count ? mnem_names[mnem] : "?";
}

int x86_mnem_count(void)
{
    x86_optab_init();
    return mnem_count;
}

int x86_mnem_lookup(const char *name)
{
    x86_optab_init();
    for (int i = 0; i < mnem_count; i++)
        if (!strcmp(mnem_names[i], name))
            return i;
    return -1;
}

static _Noreturn void optab_bad(const X86OpSrc *s, const char *what)
{
    trix_fatal("x86 opcode table: %s map %s opcode 0x%02x: %s", s->name, s->map, s->opcode, what);
}

static int optab_mnem(const X86OpSrc *s)
{
    for (int i = 0; i < mnem_count; i++)
        if (!strcmp(mnem_names[i], s->name))
            return i;
    mnem_names[mnem_count] = s->name;
    return mnem_count++;
}

static int optab_map(const X86OpSrc *s)
{
    static const char *const maps[X86_NMAPS] = { "1B", "0F", "0F38", "0F3A" };
    for (int i = 0; i < X86_NMAPS; i++)
        if (!strcmp(maps[i], s->map))
            return i;
    optab_bad(s, "unknown map");
}

static int optab_pfx(const X86OpSrc *s)
{
    static const char *const p[] = { "", "NP", "66", "F3", "F2" };
    for (int i = 0; i < 5; i++)
        if (!strcmp(p[i], s->pfx))
            return i;
    optab_bad(s, "unknown mandatory prefix");
}

/* ext: "" | "+r" | "/N" [m|r] | "=XX" (exact ModRM byte, register form). */
static bool optab_ext(const X86OpSrc *s, X86OpDef *d)
{
    const char *e = s->ext;
    d->modrm_reg = d->modrm_mod = d->modrm_rm = -1;
    if (!*e)
        return false;
    if (!strcmp(e, "+r"))
        return true;
    if (e[0] == '/' && e[1] >= '0' && e[1] <= '7') {
        d->modrm_reg = e[1] - '0';
        if (e[2] == 'm')
            d->modrm_mod = 0;
        else if (e[2] == 'r')
            d->modrm_mod = 3;
        else if (e[2])
            optab_bad(s, "bad ModRM constraint");
    } else if (e[0] == '=') {
        unsigned v = (unsigned)strtoul(e + 1, NULL, 16);
        d->modrm_reg = (v >> 3) & 7;
        d->modrm_mod = 3;
        d->modrm_rm = v & 7;
    } else if (!strcmp(e, "m") || !strcmp(e, "r")) {
        d->modrm_mod = e[0] == 'm' ? 0 : 3;
    } else {
        optab_bad(s, "bad ModRM constraint");
    }
    d->flags |= X86_F_MODRM;
    return false;
}

static const struct { const char *name; uint16_t flag; } optab_flag_names[] = {
    { "d64", X86_F_D64 }, { "f64", X86_F_F64 }, { "i64", X86_F_I64 }, { "lock", X86_F_LOCK },
    { "rep", X86_F_REP }, { "vex", X86_F_VEX }, { "novex", X86_F_NOVEX }, { "L0", X86_F_L0 },
    { "L1", X86_F_L1 }, { "W0", X86_F_W0 }, { "W1", X86_F_W1 }, { "modrm", X86_F_MODRM },
    { "priv", X86_F_PRIV }, { "v", X86_F_V }, { "o64", X86_F_O64 },
};

static void optab_flags(const X86OpSrc *s, X86OpDef *d)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", s->flags);
    for (char *save, *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
        size_t i = 0;
        while (i < ARRAY_SIZE(optab_flag_names) && strcmp(optab_flag_names[i].name, t))
            i++;
        if (i == ARRAY_SIZE(optab_flag_names))
            optab_bad(s, "unknown flag");
        d->flags |= optab_flag_names[i].flag;
    }
}

static void optab_add(const X86OpDef *d)
{
    X86OpDef *n = &optab_defs[optab_ndefs];
    *n = *d;
    /* Append, so that entries keep the table's order within an opcode. */
    optab_next[optab_ndefs] = -1;
    int16_t *p = &optab_first[n->map][n->opcode];
    while (*p >= 0)
        p = &optab_next[*p];
    *p = (int16_t)optab_ndefs++;
}

static void optab_build_one(const X86OpSrc *s)
{
    X86OpDef d = { .name = s->name, .mnem = (uint16_t)optab_mnem(s), .map = (uint8_t)optab_map(s),
                   .pfx = (uint8_t)optab_pfx(s) };
    if (s->opcode < 0 || s->opcode > 255)
        optab_bad(s, "opcode out of range");
    optab_flags(s, &d);
    bool plus_r = optab_ext(s, &d);
    if (!x86_parse_operands(s->operands, &d))
        optab_bad(s, "bad operand list");
    for (int i = 0; i < d.noperands; i++)
        if (x86_opk_has_modrm(d.op[i].kind))
            d.flags |= X86_F_MODRM;
    for (int r = 0; r < (plus_r ? 8 : 1); r++) {
        d.opcode = (uint8_t)(s->opcode + r);
        optab_add(&d);
    }
}

void x86_optab_init(void)
{
    if (optab_ready)
        return;
    memset(optab_first, 0xff, sizeof optab_first);
    for (int i = 0; i < OPTAB_SRC_LEN; i++)
        optab_build_one(&optab_src[i]);
    optab_ready = true;
}

int x86_optab_first(int map, int opcode)
{
    x86_optab_init();
    return optab_first[map][opcode];
}

int x86_optab_next(int i)
{
    return optab_next[i];
}

int x86_optab_count(void)
{
    x86_optab_init();
    return optab_ndefs;
}

const X86OpDef *x86_optab_entry(int i)
{
    return &optab_defs[i];
}
