/*
 * nbody.c (floating point): 64 bodies under gravity, every pair each step, with
 * a softened distance (no division by zero) and a symplectic Euler step;
 * ROUNDS steps (default 6000). Prints the total energy before and after, as a
 * scaled integer and as the bits of the double.
 */
#include "rt.h"
#include "args.h"

#define BODIES 64

static double x[BODIES], y[BODIES], z[BODIES];
static double vx[BODIES], vy[BODIES], vz[BODIES], m[BODIES];

static double energy(void)
{
    double e = 0;
    for (int i = 0; i < BODIES; i++) {
        e += 0.5 * m[i] * (vx[i] * vx[i] + vy[i] * vy[i] + vz[i] * vz[i]);
        for (int j = i + 1; j < BODIES; j++) {
            double dx = x[i] - x[j], dy = y[i] - y[j], dz = z[i] - z[j];
            e -= m[i] * m[j] / __builtin_sqrt(dx * dx + dy * dy + dz * dz + 0.01);
        }
    }
    return e;
}

static void step(double dt)
{
    for (int i = 0; i < BODIES; i++) {
        for (int j = i + 1; j < BODIES; j++) {
            double dx = x[i] - x[j], dy = y[i] - y[j], dz = z[i] - z[j];
            double d2 = dx * dx + dy * dy + dz * dz + 0.01;
            double mag = dt / (d2 * __builtin_sqrt(d2));
            vx[i] -= dx * m[j] * mag;
            vy[i] -= dy * m[j] * mag;
            vz[i] -= dz * m[j] * mag;
            vx[j] += dx * m[i] * mag;
            vy[j] += dy * m[i] * mag;
            vz[j] += dz * m[i] * mag;
        }
    }
    for (int i = 0; i < BODIES; i++) {
        x[i] += dt * vx[i];
        y[i] += dt * vy[i];
        z[i] += dt * vz[i];
    }
}

static void put_energy(const char *what, double e)
{
    union {
        double d;
        uint64_t u;
    } bits = {e};
    put(what);
    put(e < 0 ? "-" : "");
    put_u64((uint64_t) ((e < 0 ? -e : e) * 1e9));
    put("e-9 (");
    put_hex(bits.u);
    put(")");
}

int main(int argc, char **argv)
{
    long n = rounds(argc, argv, 6000);
    uint64_t seed = 0x853c49e6748fea9bULL;
    for (int i = 0; i < BODIES; i++) {
        /* positions in a cube of side 10, small velocities, masses 1 to 2 */
        x[i] = (double) (xorshift64(&seed) % 10000) / 1000.0;
        y[i] = (double) (xorshift64(&seed) % 10000) / 1000.0;
        z[i] = (double) (xorshift64(&seed) % 10000) / 1000.0;
        vx[i] = (double) (xorshift64(&seed) % 2001) / 10000.0 - 0.1;
        vy[i] = (double) (xorshift64(&seed) % 2001) / 10000.0 - 0.1;
        vz[i] = (double) (xorshift64(&seed) % 2001) / 10000.0 - 0.1;
        m[i] = 1.0 + (double) (xorshift64(&seed) % 1000) / 1000.0;
    }
    double before = energy();
    for (long s = 0; s < n; s++) {
        step(0.001);
    }
    double after = energy();
    put("nbody: ");
    put_u64((uint64_t) n);
    put(" steps of 64 bodies; ");
    put_energy("energy ", before);
    put_energy(" -> ", after);
    put("\n");
    return 0;
}
