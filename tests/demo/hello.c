/* Demo guest program: prints where it runs and does a little work. */
#include <stdio.h>
#include <sys/utsname.h>

static unsigned long fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(int argc, char **argv)
{
    struct utsname u;
    uname(&u);
    printf("Hello from a %s guest (argv[0]=%s, %d args)\n", u.machine, argv[0], argc - 1);
    printf("fib(27) = %lu, pi ~ %.10f\n", fib(27), 4.0 * (1 - 1.0/3 + 1.0/5 - 1.0/7 + 1.0/9));
    return 0;
}
