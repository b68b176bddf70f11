/* Parses the Intel manual's operand notation ("Ev,Gv,Ib", "Vx,Hx,Wx", "AL", "STi") for optab.c. */
#include <string.h>
#include "target/x86_64/optab.h"

static const struct { const char *name; uint8_t type; } opt_types[] = {
    { "b", X86_OPT_B }, { "w", X86_OPT_W }, { "d", X86_OPT_D }, { "q", X86_OPT_Q },
    { "dq", X86_OPT_DQ }, { "qq", X86_OPT_QQ }, { "v", X86_OPT_V }, { "z", X86_OPT_Z },
    { "y", X86_OPT_Y }, { "x", X86_OPT_X }, { "ps", X86_OPT_PS }, { "pd", X86_OPT_PD },
    { "ss", X86_OPT_SS }, { "sd", X86_OPT_SD }, { "pi", X86_OPT_PI }, { "si", X86_OPT_SI },
    { "p", X86_OPT_P }, { "a", X86_OPT_A }, { "s", X86_OPT_S }, { "t", X86_OPT_T },
    { "", X86_OPT_ANY },
};

static const char opk_letters[] = "EGMRVWUHLPQNBCDSIJOXYZ";
static const uint8_t opk_kinds[] = {
    X86_OPK_E, X86_OPK_G, X86_OPK_M, X86_OPK_R, X86_OPK_V, X86_OPK_W, X86_OPK_U, X86_OPK_H,
    X86_OPK_L, X86_OPK_P, X86_OPK_Q, X86_OPK_N, X86_OPK_B, X86_OPK_C, X86_OPK_D, X86_OPK_S,
    X86_OPK_I, X86_OPK_J, X86_OPK_O, X86_OPK_X, X86_OPK_Y, X86_OPK_Z,
};

/* Fixed registers: name, type, number (GPRs in encoding order, then segment registers). */
static const struct { const char *name; uint8_t kind, type, reg; } opt_fixed[] = {
    { "AL", X86_OPK_REG, X86_OPT_B, 0 }, { "CL", X86_OPK_REG, X86_OPT_B, 1 },
    { "AX", X86_OPK_REG, X86_OPT_W, 0 }, { "DX", X86_OPK_REG, X86_OPT_W, 2 },
    { "eAX", X86_OPK_REG, X86_OPT_Z, 0 }, { "rAX", X86_OPK_REG, X86_OPT_V, 0 },
    { "ES", X86_OPK_SEGREG, X86_OPT_W, 0 }, { "CS", X86_OPK_SEGREG, X86_OPT_W, 1 },
    { "SS", X86_OPK_SEGREG, X86_OPT_W, 2 }, { "DS", X86_OPK_SEGREG, X86_OPT_W, 3 },
    { "FS", X86_OPK_SEGREG, X86_OPT_W, 4 }, { "GS", X86_OPK_SEGREG, X86_OPT_W, 5 },
    { "ST", X86_OPK_ST, X86_OPT_T, 0 }, { "STi", X86_OPK_STI, X86_OPT_T, 0 },
    { "1", X86_OPK_ONE, X86_OPT_B, 0 },
};

bool x86_opk_has_modrm(int kind)
{
    switch (kind) {
    case X86_OPK_E: case X86_OPK_G: case X86_OPK_M: case X86_OPK_R: case X86_OPK_V:
    case X86_OPK_W: case X86_OPK_U: case X86_OPK_P: case X86_OPK_Q: case X86_OPK_N:
    case X86_OPK_C: case X86_OPK_D: case X86_OPK_S: case X86_OPK_STI:
        return true;
    default:
        return false;
    }
}

static bool parse_fixed(const char *tok, X86Operand *op)
{
    for (size_t i = 0; i < sizeof opt_fixed / sizeof opt_fixed[0]; i++) {
        if (!strcmp(opt_fixed[i].name, tok)) {
            *op = (X86Operand){ opt_fixed[i].kind, opt_fixed[i].type, opt_fixed[i].reg };
            return true;
        }
    }
    return false;
}

static bool parse_one(const char *tok, X86Operand *op)
{
    if (parse_fixed(tok, op))
        return true;
    const char *l = strchr(opk_letters, tok[0]);
    if (!tok[0] || !l)
        return false;
    op->kind = opk_kinds[l - opk_letters];
    op->reg = 0;
    for (size_t i = 0; i < sizeof opt_types / sizeof opt_types[0]; i++) {
        if (!strcmp(opt_types[i].name, tok + 1)) {
            op->type = opt_types[i].type;
            /* Only memory operands may leave the size to the instruction. */
            return op->type != X86_OPT_ANY || op->kind == X86_OPK_M;
        }
    }
    return false;
}

bool x86_parse_operands(const char *s, X86OpDef *d)
{
    char tok[8];
    d->noperands = 0;
    while (*s) {
        size_t n = strcspn(s, ",");
        if (n == 0 || n >= sizeof tok || d->noperands == X86_MAX_OPERANDS)
            return false;
        memcpy(tok, s, n);
        tok[n] = 0;
        if (!parse_one(tok, &d->op[d->noperands++]))
            return false;
        s += n;
        if (*s == ',' && !*++s)
            return false;
    }
    return true;
}
