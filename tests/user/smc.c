/* Self-modifying code: generate a function in an RWX page, run it, patch it, run it again. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

/* addi a0, zero, imm ; ret */
static void emit(uint32_t *code, int imm)
{
    code[0] = ((uint32_t)(imm & 0xfff) << 20) | (10u << 7) | 0x13;
    code[1] = 0x00008067;
    __builtin___clear_cache((char *)code, (char *)(code + 2));
}

int main(void)
{
    uint32_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int (*fn)(void) = (int (*)(void))code;
    int sum = 0;
    for (int i = 1; i <= 50; i++) {
        emit(code, i);
        sum += fn();
    }
    printf("sum=%d\n", sum);
    /* code on a page that also holds data being written */
    static uint32_t mixed[1024] __attribute__((aligned(4096)));
    mprotect(mixed, sizeof(mixed), PROT_READ | PROT_WRITE | PROT_EXEC);
    emit(mixed, 7);
    int r1 = ((int (*)(void))mixed)();
    mixed[500] = 1234;          /* data write on the code page */
    int r2 = ((int (*)(void))mixed)();
    emit(mixed, 9);
    int r3 = ((int (*)(void))mixed)();
    printf("mixed: %d %d %d %u\n", r1, r2, r3, mixed[500]);
    return 0;
}
