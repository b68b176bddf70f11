/* Test driver: reads "ADDR HEX" lines (objdump's address and instruction bytes) on stdin and
 * prints rv_disas's text for each, one line per input line. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "target/riscv64/cpu.h"

int main(void)
{
    char line[256], out[128];
    unsigned long long addr;
    char hex[64];
    while (fgets(line, sizeof(line), stdin)) {
        if (sscanf(line, "%llx %63s", &addr, hex) != 2) {
            puts("?");
            continue;
        }
        uint32_t w = (uint32_t)strtoul(hex, NULL, 16);
        uint8_t code[4] = { w & 0xff, (w >> 8) & 0xff, (w >> 16) & 0xff, w >> 24 };
        size_t n = strlen(hex) / 2;
        if (rv_disas(out, sizeof(out), addr, code, n) == 0)
            strcpy(out, "(short)");
        puts(out);
    }
    return 0;
}
