/* Floating-point work for speed measurements: an n-body simulation in double and a
   single-precision matrix product. Prints a checksum of the results' bits and exits
   with 0 if it is the expected one. */
#include "runtime.h"

#define BODIES 5
/* Checksums for scale 1 and the default scale, as qemu-riscv64 prints them. */
#define SCALE 10
#define SUM_1 0x8b8a02d0a912d2a1UL
#define SUM_DEFAULT 0x05c2222f56cc4e05UL
#define M 96

struct body {
    double x, y, z, vx, vy, vz, m;
};

static struct body bodies[BODIES] = {
    {0, 0, 0, 0, 0, 0, 39.47841760435743},
    {4.84143144246472090, -1.16032004402742839, -0.103622044471123109,
     0.606326392995832, 2.81198684491626, -0.02521836165988763, 0.03769367487038949},
    {8.34336671824457987, 4.12479856412430479, -0.403523417114321381,
     -1.010774346178158, 1.825662371230411, 0.008415761376584154, 0.011286326131968767},
    {12.8943695621391310, -15.1111514016986312, -0.223307578892655734,
     1.082710893106164, 0.8687130181696082, -0.01083263048958108, 0.0017237240570597112},
    {15.3796971148509165, -25.9193146099879641, 0.179258772950371181,
     0.979090732243898, 0.5946989986476762, -0.034755955504078104, 0.0020336868699246304},
};

static float a[M][M], b[M][M], c[M][M];

static void advance(double dt)
{
    for (int i = 0; i < BODIES; i++) {
        for (int j = i + 1; j < BODIES; j++) {
            double dx = bodies[i].x - bodies[j].x;
            double dy = bodies[i].y - bodies[j].y;
            double dz = bodies[i].z - bodies[j].z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * __builtin_sqrt(d2));
            bodies[i].vx -= dx * bodies[j].m * mag;
            bodies[i].vy -= dy * bodies[j].m * mag;
            bodies[i].vz -= dz * bodies[j].m * mag;
            bodies[j].vx += dx * bodies[i].m * mag;
            bodies[j].vy += dy * bodies[i].m * mag;
            bodies[j].vz += dz * bodies[i].m * mag;
        }
    }
    for (int i = 0; i < BODIES; i++) {
        bodies[i].x += dt * bodies[i].vx;
        bodies[i].y += dt * bodies[i].vy;
        bodies[i].z += dt * bodies[i].vz;
    }
}

static unsigned long bits(double d)
{
    union { double d; unsigned long u; } v = {d};
    return v.u;
}

int main(int argc, char **argv)
{
    int scale = argc > 1 ? parse_int(argv[1]) : SCALE;
    for (int s = 0; s < 30000 * scale; s++) {
        advance(0.01);
    }
    unsigned long sum = 0;
    for (int i = 0; i < BODIES; i++) {
        sum = sum * 31 + bits(bodies[i].x) + bits(bodies[i].vy);
    }
    for (int i = 0; i < M; i++) {
        for (int j = 0; j < M; j++) {
            a[i][j] = (float) (i - j) / (float) (i + j + 1);
            b[i][j] = (float) (i * j % 7) * 0.25f - 0.5f;
        }
    }
    for (int r = 0; r < scale; r++) {
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < M; j++) {
                float t = 0;
                for (int k = 0; k < M; k++) {
                    t += a[i][k] * b[k][j];
                }
                c[i][j] = t;
            }
        }
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < M; j++) {
                a[i][j] = c[i][j] / (float) M;
            }
        }
    }
    for (int i = 0; i < M; i++) {
        union { float f; unsigned int u; } v = {c[i][(i * 5) % M]};
        sum = sum * 31 + v.u;
    }
    return check_sum(sum, scale == 1 ? SUM_1 : scale == SCALE ? SUM_DEFAULT : sum);
}
