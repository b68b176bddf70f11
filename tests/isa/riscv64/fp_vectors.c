/* F/D table test: 1500 edge-biased vectors (fp_vectors.h, from gen/gen_fp_vectors.c) for
 * add/sub/mul/div, the four fused forms and all conversions, run with rm=dyn under each frm;
 * results and fflags must match bit for bit. */
#include "fp_check.h"

struct vec { int op, d, rm, kind; uint64_t a, b, c, r, fl; };
static const struct vec vecs[] = {
#include "fp_vectors.h"
};

enum { V_ADD, V_SUB, V_MUL, V_DIV, V_FMADD, V_FMSUB, V_FNMSUB, V_FNMADD, V_TOINT, V_FROMINT,
       V_CVT };

#define PAIR(sx, dx) (v->d ? (dx) : (sx))

static uint64_t run_arith(const struct vec *v)
{
    switch (v->op) {
    case V_ADD: return PAIR(F_FFF("fadd.s", ", dyn", v->a, v->b), F_FFF("fadd.d", ", dyn", v->a, v->b));
    case V_SUB: return PAIR(F_FFF("fsub.s", ", dyn", v->a, v->b), F_FFF("fsub.d", ", dyn", v->a, v->b));
    case V_MUL: return PAIR(F_FFF("fmul.s", ", dyn", v->a, v->b), F_FFF("fmul.d", ", dyn", v->a, v->b));
    case V_DIV: return PAIR(F_FFF("fdiv.s", ", dyn", v->a, v->b), F_FFF("fdiv.d", ", dyn", v->a, v->b));
    case V_FMADD:
        return PAIR(F_FFFF("fmadd.s", ", dyn", v->a, v->b, v->c),
                    F_FFFF("fmadd.d", ", dyn", v->a, v->b, v->c));
    case V_FMSUB:
        return PAIR(F_FFFF("fmsub.s", ", dyn", v->a, v->b, v->c),
                    F_FFFF("fmsub.d", ", dyn", v->a, v->b, v->c));
    case V_FNMSUB:
        return PAIR(F_FFFF("fnmsub.s", ", dyn", v->a, v->b, v->c),
                    F_FFFF("fnmsub.d", ", dyn", v->a, v->b, v->c));
    default:
        return PAIR(F_FFFF("fnmadd.s", ", dyn", v->a, v->b, v->c),
                    F_FFFF("fnmadd.d", ", dyn", v->a, v->b, v->c));
    }
}

static uint64_t run_to_int(const struct vec *v)
{
    switch (v->kind) {
    case 0: return PAIR(F_XF("fcvt.w.s", ", dyn", v->a), F_XF("fcvt.w.d", ", dyn", v->a));
    case 1: return PAIR(F_XF("fcvt.wu.s", ", dyn", v->a), F_XF("fcvt.wu.d", ", dyn", v->a));
    case 2: return PAIR(F_XF("fcvt.l.s", ", dyn", v->a), F_XF("fcvt.l.d", ", dyn", v->a));
    default: return PAIR(F_XF("fcvt.lu.s", ", dyn", v->a), F_XF("fcvt.lu.d", ", dyn", v->a));
    }
}

static uint64_t run_from_int(const struct vec *v)
{
    switch (v->kind) {
    case 0: return PAIR(F_FX("fcvt.s.w", ", dyn", v->a), F_FX("fcvt.d.w", "", v->a));
    case 1: return PAIR(F_FX("fcvt.s.wu", ", dyn", v->a), F_FX("fcvt.d.wu", "", v->a));
    case 2: return PAIR(F_FX("fcvt.s.l", ", dyn", v->a), F_FX("fcvt.d.l", ", dyn", v->a));
    default: return PAIR(F_FX("fcvt.s.lu", ", dyn", v->a), F_FX("fcvt.d.lu", ", dyn", v->a));
    }
}

int main(void)
{
    for (unsigned i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
        const struct vec *v = &vecs[i];
        uint64_t r;
        set_frm((unsigned)v->rm);
        if (v->op <= V_FNMADD)
            r = run_arith(v);
        else if (v->op == V_TOINT)
            r = run_to_int(v);
        else if (v->op == V_FROMINT)
            r = run_from_int(v);
        else
            r = v->d ? F_FF("fcvt.s.d", ", dyn", v->a) : F_FF("fcvt.d.s", "", v->a);
        if (r != v->r || fp_flags != v->fl)
            printf("vector %u: op %d d %d rm %d kind %d a %016llx b %016llx c %016llx\n", i,
                   v->op, v->d, v->rm, v->kind, (unsigned long long)v->a,
                   (unsigned long long)v->b, (unsigned long long)v->c);
        CHECK("result", r, v->r);
        CHECK("fflags", fp_flags, v->fl);
    }
    set_frm(0);
    return DONE();
}
