/* Robustness: jump into pseudo-random instruction words (no system instructions), so trix
 * must end in an architected guest signal or a clean exit, never an internal error. */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    unsigned seed = argc > 1 ? (unsigned)atoi(argv[1]) : 1;
    uint32_t *code = mmap(0, 65536, PROT_READ | PROT_WRITE | PROT_EXEC,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED)
        return 2;
    srand(seed);
    for (int i = 0; i < 16384; i++) {
        uint32_t w = ((uint32_t)rand() << 16) ^ (uint32_t)rand();
        if ((w & 0x7f) == 0x73)         /* ecall/ebreak/CSR: make it the illegal word 0 */
            w = 0;
        code[i] = w;
    }
    __builtin___clear_cache((char *)code, (char *)(code + 16384));
    alarm(5);                           /* random loops end with SIGALRM */
    ((void (*)(void))code)();
    return 0;
}
