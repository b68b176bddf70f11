/* Two small interpreters: a brainf*ck machine running a program that prints squares, and a
 * stack-based bytecode VM running loops, calls and arithmetic. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void bf(const char *prog, const char *input)
{
    unsigned char tape[30000];
    memset(tape, 0, sizeof tape);
    size_t ip = 0, dp = 0, n = strlen(prog);
    long steps = 0;
    while (ip < n) {
        steps++;
        switch (prog[ip]) {
        case '>': dp++; break;
        case '<': dp--; break;
        case '+': tape[dp]++; break;
        case '-': tape[dp]--; break;
        case '.': putchar(tape[dp]); break;
        case ',': tape[dp] = *input ? (unsigned char)*input++ : 0; break;
        case '[':
            if (!tape[dp])
                for (int d = 1; d; ) {
                    ip++;
                    d += prog[ip] == '[' ? 1 : prog[ip] == ']' ? -1 : 0;
                }
            break;
        case ']':
            if (tape[dp])
                for (int d = 1; d; ) {
                    ip--;
                    d += prog[ip] == ']' ? 1 : prog[ip] == '[' ? -1 : 0;
                }
            break;
        }
        ip++;
    }
    printf("[bf: %ld steps]\n", steps);
}

enum { PUSH, ADD, SUB, MUL, DIVM, DUP, SWAP, OVER, DROP, JMP, JZ, JNZ, LT, CALL, RET, LOAD, STORE, PRINT, HALT };

static int64_t vm(const int64_t *code)
{
    int64_t stack[256], mem[16] = {0};
    int rstack[64], sp = 0, rsp = 0, pc = 0;
    long steps = 0;
    for (;;) {
        steps++;
        int64_t op = code[pc++], a, b;
        switch (op) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case ADD: b = stack[--sp]; stack[sp - 1] += b; break;
        case SUB: b = stack[--sp]; stack[sp - 1] -= b; break;
        case MUL: b = stack[--sp]; stack[sp - 1] *= b; break;
        case DIVM: b = stack[--sp]; a = stack[sp - 1]; stack[sp - 1] = a / b; stack[sp++] = a % b; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case SWAP: a = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = a; break;
        case OVER: stack[sp] = stack[sp - 2]; sp++; break;
        case DROP: sp--; break;
        case JMP: pc = (int)code[pc]; break;
        case JZ: a = stack[--sp]; pc = a ? pc + 1 : (int)code[pc]; break;
        case JNZ: a = stack[--sp]; pc = a ? (int)code[pc] : pc + 1; break;
        case LT: b = stack[--sp]; stack[sp - 1] = stack[sp - 1] < b; break;
        case CALL: rstack[rsp++] = pc + 1; pc = (int)code[pc]; break;
        case RET: pc = rstack[--rsp]; break;
        case LOAD: stack[sp++] = mem[code[pc++]]; break;
        case STORE: mem[code[pc++]] = stack[--sp]; break;
        case PRINT: printf("vm: %lld\n", (long long)stack[--sp]); break;
        case HALT: printf("[vm: %ld steps]\n", steps); return sp ? stack[sp - 1] : 0;
        }
    }
}

int main(void)
{
    /* Prints "Hello World!\n" (a classic program shape, written out here). */
    bf("++++++++[>++++[>++>+++>+++>+<<<<-]>+>+>->>+[<]<-]>>.>---.+++++++..+++.>>.<-.<.+++.------.--------.>>+.>++.", "");
    /* Reads input and echoes it shifted by one (rot-1). */
    bf(",[+.,]++++++++++.", "HAL");

    /* A program assembled with labels: sum of i*i for i < 100000, then the total length of
     * the Collatz sequences of 1..3000 through a CALLed subroutine. */
    int64_t code[256];
    int n = 0, loop, done, collatz, cl_loop, cl_even, cl_next, cl_end, outer, outer_end;
#define E(x) (code[n++] = (x))
    E(PUSH), E(0), E(STORE), E(0);
    E(PUSH), E(0), E(STORE), E(1);
    loop = n;
    E(LOAD), E(1), E(PUSH), E(100000), E(LT), E(JZ); done = n; E(0);
    E(LOAD), E(1), E(DUP), E(MUL), E(LOAD), E(0), E(ADD), E(STORE), E(0);
    E(LOAD), E(1), E(PUSH), E(1), E(ADD), E(STORE), E(1), E(JMP), E(loop);
    code[done] = n;
    E(LOAD), E(0), E(PRINT);
    /* for k in 1..3000: total += collatz_steps(k) */
    E(PUSH), E(0), E(STORE), E(2);
    E(PUSH), E(1), E(STORE), E(3);
    outer = n;
    E(LOAD), E(3), E(PUSH), E(3001), E(LT), E(JZ); outer_end = n; E(0);
    E(LOAD), E(3), E(CALL); collatz = n; E(0);
    E(LOAD), E(2), E(ADD), E(STORE), E(2);
    E(LOAD), E(3), E(PUSH), E(1), E(ADD), E(STORE), E(3), E(JMP), E(outer);
    code[outer_end] = n;
    E(LOAD), E(2), E(PRINT), E(PUSH), E(12345), E(HALT);
    /* collatz(x) -> steps: uses mem[4] as the counter */
    code[collatz] = n;
    E(PUSH), E(0), E(STORE), E(4);
    cl_loop = n;
    E(DUP), E(PUSH), E(1), E(SWAP), E(LT), E(JZ); cl_end = n; E(0); /* while 1 < x */
    E(DUP), E(PUSH), E(2), E(DIVM), E(JZ); cl_even = n; E(0);
    E(DROP), E(PUSH), E(3), E(MUL), E(PUSH), E(1), E(ADD), E(JMP); cl_next = n; E(0);
    code[cl_even] = n;
    E(SWAP), E(DROP);
    code[cl_next] = n;
    E(LOAD), E(4), E(PUSH), E(1), E(ADD), E(STORE), E(4), E(JMP), E(cl_loop);
    code[cl_end] = n;
    E(DROP), E(LOAD), E(4), E(RET);
#undef E
    printf("vm returned %lld\n", (long long)vm(code));
    return 0;
}
