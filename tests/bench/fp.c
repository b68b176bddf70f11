/* Floating-point benchmark: an n-body simulation (double) and a dense matrix multiply. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define NB 5
struct body { double x, y, z, vx, vy, vz, m; };

static double energy(struct body *b)
{
    double e = 0;
    for (int i = 0; i < NB; i++) {
        e += 0.5 * b[i].m * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
        for (int j = i + 1; j < NB; j++) {
            double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            e -= b[i].m * b[j].m / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

int main(int argc, char **argv)
{
    int scale = argc > 1 ? atoi(argv[1]) : 1;
    const double pi = 3.141592653589793, days = 365.24, sm = 4 * pi * pi;
    struct body b[NB] = {
        {0, 0, 0, 0, 0, 0, sm},
        {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
         1.66007664274403694e-03 * days, 7.69901118419740425e-03 * days, -6.90460016972063023e-05 * days,
         9.54791938424326609e-04 * sm},
        {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
         -2.76742510726862411e-03 * days, 4.99852801234917238e-03 * days, 2.30417297573763929e-05 * days,
         2.85885980666130812e-04 * sm},
        {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
         2.96460137564761618e-03 * days, 2.37847173959480950e-03 * days, -2.96589568540237556e-05 * days,
         4.36624404335156298e-05 * sm},
        {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
         2.68067772490389322e-03 * days, 1.62824170038242295e-03 * days, -9.51592254519715870e-05 * days,
         5.15138902046611451e-05 * sm}};
    printf("energy before %.9f\n", energy(b));
    for (int step = 0; step < 600000 * scale; step++) {
        const double dt = 0.01;
        for (int i = 0; i < NB; i++)
            for (int j = i + 1; j < NB; j++) {
                double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
                double d2 = dx * dx + dy * dy + dz * dz, mag = dt / (d2 * sqrt(d2));
                b[i].vx -= dx * b[j].m * mag, b[i].vy -= dy * b[j].m * mag, b[i].vz -= dz * b[j].m * mag;
                b[j].vx += dx * b[i].m * mag, b[j].vy += dy * b[i].m * mag, b[j].vz += dz * b[i].m * mag;
            }
        for (int i = 0; i < NB; i++)
            b[i].x += dt * b[i].vx, b[i].y += dt * b[i].vy, b[i].z += dt * b[i].vz;
    }
    printf("energy after %.9f\n", energy(b));

    const int n = 160;
    double *A = malloc(n * n * sizeof *A), *B = malloc(n * n * sizeof *B), *C = calloc(n * n, sizeof *C);
    for (int i = 0; i < n * n; i++)
        A[i] = (i % 17) * 0.25 - 2, B[i] = (i % 13) * 0.5 - 3;
    for (int rep = 0; rep < 4 * scale; rep++)
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++) {
                double a = A[i * n + k];
                for (int j = 0; j < n; j++)
                    C[i * n + j] += a * B[k * n + j];
            }
    double tr = 0;
    for (int i = 0; i < n; i++)
        tr += C[i * n + i] + C[i * n + (n - 1 - i)] * 1e-3;
    printf("matmul trace %.6f\n", tr);
    return 0;
}
