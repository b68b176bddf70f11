/* The exit path: main's status 3 reaches the finisher, so trix exits 3 (QEMU: SYSTEM_OFF). */
#include "rt.h"

int main(void)
{
    rt_puts("exiting with 3\n");
    return 3;
}
