/* Branchy interpreter benchmark: a register bytecode VM with a switch dispatch loop running
 * nested loops, conditionals and a small call. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { LI, ADD, SUB, MUL, AND, XOR, SHR, ADDI, BLT, BNE, BEQZ, JMP, CALL, RET, HALT };
struct insn { uint8_t op, a, b, c; int32_t imm; };

static int64_t run(const struct insn *code, int64_t *r)
{
    int pc = 0, rs[16], rsp = 0;
    for (;;) {
        const struct insn *i = &code[pc++];
        switch (i->op) {
        case LI: r[i->a] = i->imm; break;
        case ADD: r[i->a] = r[i->b] + r[i->c]; break;
        case SUB: r[i->a] = r[i->b] - r[i->c]; break;
        case MUL: r[i->a] = r[i->b] * r[i->c]; break;
        case AND: r[i->a] = r[i->b] & r[i->c]; break;
        case XOR: r[i->a] = r[i->b] ^ r[i->c]; break;
        case SHR: r[i->a] = (int64_t)((uint64_t)r[i->b] >> (r[i->c] & 63)); break;
        case ADDI: r[i->a] = r[i->b] + i->imm; break;
        case BLT: if (r[i->a] < r[i->b]) pc = i->imm; break;
        case BNE: if (r[i->a] != r[i->b]) pc = i->imm; break;
        case BEQZ: if (!r[i->a]) pc = i->imm; break;
        case JMP: pc = i->imm; break;
        case CALL: rs[rsp++] = pc; pc = i->imm; break;
        case RET: pc = rs[--rsp]; break;
        case HALT: return r[0];
        }
    }
}

int main(int argc, char **argv)
{
    int scale = argc > 1 ? atoi(argv[1]) : 1;
    /* r1 = outer counter, r2 = limit, r3 = inner, r4 = acc, r5 = tmp, r6 = const 1, r7 = 3 */
    const struct insn code[] = {
        /* 0 */ {LI, 1, 0, 0, 0},
        /* 1 */ {LI, 4, 0, 0, 7},
        /* 2 */ {LI, 6, 0, 0, 1},
        /* 3 */ {LI, 7, 0, 0, 3},
        /* 4 outer: */ {LI, 3, 0, 0, 0},
        /* 5 inner: */ {AND, 5, 3, 7},
        /* 6 */ {BEQZ, 5, 0, 0, 10},
        /* 7 */ {MUL, 5, 4, 7},
        /* 8 */ {XOR, 4, 5, 3},
        /* 9 */ {JMP, 0, 0, 0, 12},
        /* 10 */ {CALL, 0, 0, 0, 18},
        /* 11 */ {ADD, 4, 4, 1},
        /* 12 */ {ADDI, 3, 3, 0, 1},
        /* 13 */ {LI, 5, 0, 0, 1000},
        /* 14 */ {BLT, 3, 5, 0, 5},
        /* 15 */ {ADDI, 1, 1, 0, 1},
        /* 16 */ {BLT, 1, 2, 0, 4},
        /* 17 */ {HALT, 0, 0, 0, 0},
        /* 18 f: */ {SHR, 5, 4, 7},
        /* 19 */ {XOR, 4, 4, 5},
        /* 20 */ {ADDI, 4, 4, 0, 0x1234},
        /* 21 */ {RET, 0, 0, 0, 0},
    };
    int64_t r[8] = {0};
    r[2] = 6000 * scale;
    run(code, r);
    printf("vm acc %lld after %lld outer iterations\n", (long long)r[4], (long long)r[1]);
    return 0;
}
