/* The x86-64 instruction scanner: prefixes, REX, VEX, opcode map, ModRM/SIB/displacement, immediates. */
#include <string.h>
#include "target/x86_64/optab.h"

typedef struct DecState {
    X86Insn *insn;
    X86FetchFn *fetch;
    void *opaque;
    unsigned pos;
    X86DecodeResult err;
} DecState;

static bool dec_byte(DecState *s, uint8_t *b)
{
    if (s->pos >= X86_MAX_INSN_LEN) {
        s->err = X86_DEC_TOO_LONG;
        return false;
    }
    if (!s->fetch(s->opaque, s->insn->pc, s->pos, b)) {
        s->err = X86_DEC_FETCH;
        return false;
    }
    s->insn->bytes[s->pos++] = *b;
    return true;
}

/* Little-endian n-byte value, sign-extended when sign is set. */
static bool dec_value(DecState *s, unsigned n, bool sign, int64_t *out)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++) {
        uint8_t b;
        if (!dec_byte(s, &b))
            return false;
        v |= (uint64_t)b << (8 * i);
    }
    if (sign && n < 8)
        v = (uint64_t)((int64_t)(v << (64 - 8 * n)) >> (64 - 8 * n));
    *out = (int64_t)v;
    return true;
}

static bool dec_legacy_prefix(X86Insn *in, uint8_t b)
{
    switch (b) {
    case 0xf0: in->prefixes |= X86_PFX_LOCK; return true;
    case 0xf2: in->prefixes |= X86_PFX_REPNE; in->last_f2f3 = b; return true;
    case 0xf3: in->prefixes |= X86_PFX_REP; in->last_f2f3 = b; return true;
    case 0x66: in->prefixes |= X86_PFX_OPSIZE; return true;
    case 0x67: in->prefixes |= X86_PFX_ADSIZE; return true;
    case 0x64: in->seg = X86_SEG_FS; return true;
    case 0x65: in->seg = X86_SEG_GS; return true;
    case 0x26: case 0x2e: case 0x36: case 0x3e:
        if (in->mode != 8)  /* ES/CS/SS/DS overrides are null in 64-bit mode */
            in->seg = (uint8_t)((b >> 3) & 3);
        return true;
    default:
        return false;
    }
}

static void dec_set_rex(X86Insn *in, uint8_t rex)
{
    in->has_rex = rex != 0;
    in->rex_w = (rex >> 3) & 1;
    in->rex_r = (rex >> 2) & 1;
    in->rex_x = (rex >> 1) & 1;
    in->rex_b = rex & 1;
}

/* Prefixes and REX; returns the first opcode byte in *b. A REX counts only right before the
 * opcode (one followed by a legacy prefix is ignored). */
static bool dec_prefixes(DecState *s, uint8_t *b)
{
    X86Insn *in = s->insn;
    for (;;) {
        if (!dec_byte(s, b))
            return false;
        if (dec_legacy_prefix(in, *b))
            dec_set_rex(in, 0);
        else if ((*b & 0xf0) == 0x40 && in->mode == 8)
            dec_set_rex(in, *b);
        else
            return true;
    }
}

/* VEX (C5 two-byte, C4 three-byte); *b is C4/C5 on entry and the opcode byte on return. */
static bool dec_vex(DecState *s, uint8_t *b)
{
    X86Insn *in = s->insn;
    uint8_t v1, v2;
    if (in->has_rex || (in->prefixes & (X86_PFX_LOCK | X86_PFX_OPSIZE | X86_PFX_REP | X86_PFX_REPNE))) {
        s->err = X86_DEC_UD;
        return false;
    }
    bool three = *b == 0xc4;
    if (!dec_byte(s, &v1))
        return false;
    in->vex = true;
    in->has_rex = true;             /* VEX carries R/X/B/W (and so allows SPL..DIL) */
    in->rex_r = !(v1 & 0x80);
    if (three) {
        in->rex_x = !(v1 & 0x40);
        in->rex_b = !(v1 & 0x20);
        unsigned mmmmm = v1 & 0x1f;
        if (mmmmm < 1 || mmmmm > 3) {
            s->err = X86_DEC_UD;
            return false;
        }
        in->map = (uint8_t)mmmmm;   /* 1 = 0F, 2 = 0F38, 3 = 0F3A: X86Map order */
        if (!dec_byte(s, &v2))
            return false;
        in->rex_w = v2 >> 7;
    } else {
        in->map = X86_MAP_0F;
        v2 = v1;
    }
    in->vex_vvvv = (~v2 >> 3) & 15;
    in->vex_l = (v2 >> 2) & 1;
    static const uint8_t pp_pfx[4] = { 0, 0x66, 0xf3, 0xf2 };
    in->last_f2f3 = (v2 & 3) >= 2 ? pp_pfx[v2 & 3] : 0;
    if ((v2 & 3) == 1)
        in->prefixes |= X86_PFX_OPSIZE;
    return dec_byte(s, b);
}

/* The opcode map and byte, after prefixes (and VEX, which names its map itself). */
static bool dec_opcode(DecState *s, uint8_t b)
{
    X86Insn *in = s->insn;
    uint8_t next;
    if ((b == 0xc4 || b == 0xc5) && in->mode != 8 &&
        (!s->fetch(s->opaque, in->pc, s->pos, &next) || (next & 0xc0) != 0xc0)) {
        /* LES/LDS outside 64-bit mode (VEX needs what would be ModRM.mod = 3) */
    } else if (b == 0xc4 || b == 0xc5) {
        if (!dec_vex(s, &b))
            return false;
    } else if (b == 0x62) {         /* EVEX (AVX-512): not implemented */
        s->err = X86_DEC_UD;
        return false;
    } else if (b == 0x0f) {
        if (!dec_byte(s, &b))
            return false;
        in->map = X86_MAP_0F;
        if (b == 0x38 || b == 0x3a) {
            in->map = b == 0x38 ? X86_MAP_0F38 : X86_MAP_0F3A;
            if (!dec_byte(s, &b))
                return false;
        }
    }
    in->opcode = b;
    return true;
}

/* The mandatory-prefix column the prefixes select. */
static int dec_pfx_column(const X86Insn *in)
{
    if (in->last_f2f3)
        return in->last_f2f3 == 0xf3 ? X86_P_F3 : X86_P_F2;
    return (in->prefixes & X86_PFX_OPSIZE) ? X86_P_66 : X86_P_NP;
}

static bool dec_pfx_fits(const X86OpDef *d, int col)
{
    return d->pfx == X86_P_ANY || d->pfx == col;
}

/* Whether any entry of this opcode that the prefixes could select has a ModRM byte. */
static bool dec_opcode_has_modrm(const X86Insn *in)
{
    for (int i = x86_optab_first(in->map, in->opcode); i >= 0; i = x86_optab_next(i))
        if (x86_optab_entry(i)->flags & X86_F_MODRM)
            return true;
    return false;
}

static bool dec_uses_vvvv(const X86OpDef *d)
{
    for (int i = 0; i < d->noperands; i++)
        if (d->op[i].kind == X86_OPK_H || d->op[i].kind == X86_OPK_B)
            return true;
    return false;
}

/* MOV to/from control and debug registers ignore mod: always the register form. */
static bool dec_forced_register(const X86OpDef *d)
{
    for (int i = 0; i < d->noperands; i++)
        if (d->op[i].kind == X86_OPK_C || d->op[i].kind == X86_OPK_D)
            return true;
    return false;
}

static bool dec_entry_fits(const X86Insn *in, const X86OpDef *d)
{
    if (in->has_modrm) {
        if (d->modrm_reg >= 0 && d->modrm_reg != ((in->modrm >> 3) & 7))
            return false;
        if (d->modrm_mod == 3 && in->mod != 3)
            return false;
        if (d->modrm_mod == 0 && in->mod == 3)
            return false;
        if (d->modrm_rm >= 0 && d->modrm_rm != (in->modrm & 7))
            return false;
    }
    if (in->vex) {
        if (!(d->flags & (X86_F_VEX | X86_F_V)))
            return false;
        if (((d->flags & X86_F_L0) && in->vex_l) || ((d->flags & X86_F_L1) && !in->vex_l))
            return false;
        if (in->vex_vvvv && !dec_uses_vvvv(d))
            return false;
    } else if (d->flags & X86_F_VEX) {
        return false;
    }
    if (((d->flags & X86_F_W0) && in->rex_w) || ((d->flags & X86_F_W1) && !in->rex_w))
        return false;
    if ((in->mode == 8 && (d->flags & X86_F_I64)) || (in->mode != 8 && (d->flags & X86_F_O64)))
        return false;
    for (int i = 0; in->has_modrm && i < d->noperands; i++) {
        int k = d->op[i].kind;
        if (k == X86_OPK_M && in->mod == 3)
            return false;
        if ((k == X86_OPK_R || k == X86_OPK_U || k == X86_OPK_N) && in->mod != 3 &&
            !dec_forced_register(d))
            return false;
    }
    /* 90 with REX.B is XCHG r8, rAX, not NOP/PAUSE. */
    if (in->map == X86_MAP_1B && in->opcode == 0x90 && in->rex_b && d->noperands == 0)
        return false;
    return true;
}

/* The first entry the prefix column and ModRM select; then the fallback columns (an F2/F3
 * the opcode does not define is ignored, as on hardware, leaving 66 or none). */
static const X86OpDef *dec_find(const X86Insn *in)
{
    int col = dec_pfx_column(in);
    int cols[3] = { col, -1, -1 };
    if (!in->vex && (col == X86_P_F2 || col == X86_P_F3))
        cols[1] = (in->prefixes & X86_PFX_OPSIZE) ? X86_P_66 : X86_P_NP;
    for (int c = 0; c < 3 && cols[c] >= 0; c++)
        for (int i = x86_optab_first(in->map, in->opcode); i >= 0; i = x86_optab_next(i)) {
            const X86OpDef *d = x86_optab_entry(i);
            if (dec_pfx_fits(d, cols[c]) && dec_entry_fits(in, d))
                return d;
        }
    return NULL;
}

/* 16-bit addressing (Intel SDM Vol. 2 Table 2-1): no SIB; BP forms default to SS. */
static bool dec_modrm_memory16(DecState *s)
{
    static const int8_t base16[8] = { 3, 3, 5, 5, 6, 7, 5, 3 };     /* BX BX BP BP SI DI BP BX */
    static const int8_t index16[8] = { 6, 7, 6, 7, -1, -1, -1, -1 }; /* SI DI SI DI */
    X86Insn *in = s->insn;
    unsigned rm = in->modrm & 7;
    in->base = base16[rm];
    in->index = index16[rm];
    if (in->mod == 0 && rm == 6) {
        in->base = -1;
        return dec_value(s, 2, false, &in->disp);
    }
    return in->mod == 0 || dec_value(s, in->mod == 1 ? 1 : 2, true, &in->disp);
}

static bool dec_modrm_memory(DecState *s)
{
    X86Insn *in = s->insn;
    unsigned rm = in->modrm & 7;
    if (in->asize == 2)
        return dec_modrm_memory16(s);
    unsigned disp_size = in->mod == 1 ? 1 : in->mod == 2 ? 4 : 0;
    in->base = (int8_t)(rm | (in->rex_b << 3));
    in->index = -1;
    if (rm == 4) {
        uint8_t sib;
        if (!dec_byte(s, &sib))
            return false;
        in->has_sib = true;
        in->scale = sib >> 6;
        unsigned idx = ((sib >> 3) & 7) | (in->rex_x << 3);
        in->index = idx == 4 ? -1 : (int8_t)idx;
        in->base = (int8_t)((sib & 7) | (in->rex_b << 3));
        if ((sib & 7) == 5 && in->mod == 0) {
            in->base = -1;
            disp_size = 4;
        }
    } else if (rm == 5 && in->mod == 0) {
        in->base = -1;
        in->rip_rel = in->mode == 8;
        disp_size = 4;
    }
    return !disp_size || dec_value(s, disp_size, true, &in->disp);
}

static bool dec_modrm(DecState *s)
{
    X86Insn *in = s->insn;
    if (!dec_byte(s, &in->modrm))
        return false;
    in->has_modrm = true;
    in->mod = in->modrm >> 6;
    in->reg = ((in->modrm >> 3) & 7) | (in->rex_r << 3);
    in->rm = (in->modrm & 7) | (in->rex_b << 3);
    return true;
}

/* The address size, known before ModRM's memory part is read. */
static void dec_asize(X86Insn *in)
{
    bool ad = in->prefixes & X86_PFX_ADSIZE;
    if (in->mode == 8)
        in->asize = ad ? 4 : 8;
    else
        in->asize = (in->mode == 4) != ad ? 4 : 2;
}

static void dec_sizes(X86Insn *in)
{
    const X86OpDef *d = in->def;
    bool opsize_prefix = (in->prefixes & X86_PFX_OPSIZE) && d->pfx != X86_P_66 && !in->vex;
    if (in->mode != 8)
        in->osize = (in->mode == 4) != opsize_prefix ? 4 : 2;
    else if (d->flags & X86_F_F64)
        in->osize = 8;
    else if (d->flags & X86_F_D64)
        in->osize = opsize_prefix ? 2 : 8;
    else
        in->osize = in->rex_w ? 8 : opsize_prefix ? 2 : 4;
}

static unsigned dec_imm_bytes(const X86Insn *in, const X86Operand *op)
{
    switch (op->kind) {
    case X86_OPK_I:
        switch (op->type) {
        case X86_OPT_B: return 1;
        case X86_OPT_W: return 2;
        case X86_OPT_D: return 4;
        case X86_OPT_Q: return 8;
        case X86_OPT_Z: return in->osize == 2 ? 2 : 4;
        case X86_OPT_V: return in->osize;
        default: return 0;
        }
    case X86_OPK_J:
        return op->type == X86_OPT_B ? 1 : in->osize == 2 ? 2 : 4;
    case X86_OPK_O:
        return in->asize;
    case X86_OPK_L:
        return 1;
    default:
        return 0;
    }
}

static bool dec_immediates(DecState *s)
{
    X86Insn *in = s->insn;
    for (int i = 0; i < in->def->noperands; i++) {
        const X86Operand *op = &in->def->op[i];
        unsigned n = dec_imm_bytes(in, op);
        if (!n)
            continue;
        bool sign = op->kind != X86_OPK_O && op->kind != X86_OPK_L;
        if (!in->imm_size) {
            in->imm_size = (uint8_t)n;
            if (!dec_value(s, n, sign, &in->imm))
                return false;
        } else {
            in->imm2_size = (uint8_t)n;
            if (!dec_value(s, n, sign, &in->imm2))
                return false;
        }
    }
    return true;
}

static bool dec_checks(DecState *s)
{
    X86Insn *in = s->insn;
    const X86OpDef *d = in->def;
    bool bad_lock = (in->prefixes & X86_PFX_LOCK) && (!(d->flags & X86_F_LOCK) || in->mod == 3);
    if (bad_lock) {
        s->err = X86_DEC_UD;
        return false;
    }
    return true;
}

static bool dec_insn(DecState *s)
{
    X86Insn *in = s->insn;
    uint8_t b;
    if (!dec_prefixes(s, &b) || !dec_opcode(s, b))
        return false;
    if (dec_opcode_has_modrm(in) && !dec_modrm(s))
        return false;
    in->def = dec_find(in);
    if (!in->def) {
        s->err = X86_DEC_UD;
        return false;
    }
    dec_asize(in);
    if (in->has_modrm && in->mod != 3 && !dec_forced_register(in->def) && !dec_modrm_memory(s))
        return false;
    dec_sizes(in);
    return dec_immediates(s) && dec_checks(s);
}

X86DecodeResult x86_decode(X86Insn *insn, uint64_t pc, X86FetchFn *fetch, void *opaque)
{
    return x86_decode_mode(insn, pc, 8, fetch, opaque);
}

X86DecodeResult x86_decode_mode(X86Insn *insn, uint64_t pc, int mode, X86FetchFn *fetch,
                                void *opaque)
{
    memset(insn, 0, sizeof *insn);
    insn->pc = pc;
    insn->mode = (uint8_t)mode;
    insn->seg = X86_SEG_NONE;
    insn->index = insn->base = -1;
    DecState s = { insn, fetch, opaque, 0, X86_DEC_OK };
    bool ok = dec_insn(&s);
    insn->len = (uint8_t)s.pos;
    return ok ? X86_DEC_OK : s.err;
}

typedef struct DecBuf { const uint8_t *buf; size_t len; } DecBuf;

static bool dec_buf_fetch(void *opaque, uint64_t pc, unsigned i, uint8_t *out)
{
    const DecBuf *db = opaque;
    if (i >= db->len)
        return false;
    *out = db->buf[i];
    return true;
}

X86DecodeResult x86_decode_buf(X86Insn *insn, uint64_t pc, const uint8_t *buf, size_t len)
{
    DecBuf db = { buf, len };
    return x86_decode(insn, pc, dec_buf_fetch, &db);
}

unsigned x86_operand_size(const X86Insn *insn, int i)
{
    static const uint8_t fixed[] = {
        [X86_OPT_B] = 1, [X86_OPT_W] = 2, [X86_OPT_D] = 4, [X86_OPT_Q] = 8, [X86_OPT_DQ] = 16,
        [X86_OPT_QQ] = 32, [X86_OPT_SS] = 4, [X86_OPT_SD] = 8, [X86_OPT_PI] = 8,
        [X86_OPT_SI] = 4, [X86_OPT_T] = 10,
    };
    if (!insn->def || i >= insn->def->noperands)
        return 0;
    unsigned t = insn->def->op[i].type;
    switch (t) {
    case X86_OPT_V: return insn->osize;
    case X86_OPT_Z: return insn->osize == 2 ? 2 : 4;
    case X86_OPT_Y: return insn->rex_w ? 8 : 4;
    case X86_OPT_X: case X86_OPT_PS: case X86_OPT_PD: return insn->vex_l ? 32 : 16;
    default: return t < sizeof fixed ? fixed[t] : 0;
    }
}
