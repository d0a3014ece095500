package dev.cowvm.web.e2e;

/**
 * How far apart two colours look, for people with normal colour vision and for the three
 * kinds of dichromacy: the CIEDE2000 colour difference (Sharma, Wu and Dalal, 2005) between
 * sRGB colours, after simulating protanopia, deuteranopia or tritanopia with the matrices of
 * Machado, Oliveira and Fernandes (2009, severity 1.0), applied to linear RGB.
 */
final class Colours {
    enum Vision {
        NORMAL(null),
        PROTANOPIA(new double[][] {{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216},
            {-0.003882, -0.048116, 1.051998}}),
        DEUTERANOPIA(new double[][] {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413},
            {-0.011820, 0.042940, 0.968881}}),
        TRITANOPIA(new double[][] {{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602},
            {0.004733, 0.691367, 0.303900}});

        private final double[][] matrix;

        Vision(double[][] matrix) {
            this.matrix = matrix;
        }

        double[] see(double[] linear) {
            if (matrix == null) {
                return linear;
            }
            double[] out = new double[3];
            for (int i = 0; i < 3; i++) {
                double v = 0;
                for (int j = 0; j < 3; j++) {
                    v += matrix[i][j] * linear[j];
                }
                out[i] = Math.clamp(v, 0, 1);
            }
            return out;
        }
    }

    private Colours() {
    }

    /** The difference between two colours ({@code #rrggbb} or {@code rgb(r, g, b)}) as seen with a vision. */
    static double difference(String a, String b, Vision vision) {
        return deltaE2000(lab(vision.see(linear(a))), lab(vision.see(linear(b))));
    }

    /** sRGB, as CSS writes it, to linear RGB in 0..1. */
    static double[] linear(String colour) {
        int[] c = new int[3];
        String s = colour.strip();
        if (s.startsWith("#")) {
            int n = Integer.parseInt(s.substring(1), 16);
            c = new int[] {(n >> 16) & 255, (n >> 8) & 255, n & 255};
        } else if (s.startsWith("rgb(")) {
            String[] parts = s.substring(4, s.length() - 1).split(",");
            for (int i = 0; i < 3; i++) {
                c[i] = Integer.parseInt(parts[i].strip());
            }
        } else {
            throw new IllegalArgumentException("not a colour: " + colour);
        }
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = c[i] / 255.0;
            out[i] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return out;
    }

    /** Linear RGB to CIELAB under D65. */
    static double[] lab(double[] rgb) {
        double x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
        double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
        double z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    /** CIEDE2000, with the weights kL = kC = kH = 1, in the steps of Sharma et al. */
    static double deltaE2000(double[] lab1, double[] lab2) {
        double c1 = Math.hypot(lab1[1], lab1[2]);
        double c2 = Math.hypot(lab2[1], lab2[2]);
        double cMean7 = Math.pow((c1 + c2) / 2, 7);
        double g = 0.5 * (1 - Math.sqrt(cMean7 / (cMean7 + Math.pow(25, 7))));
        double a1 = (1 + g) * lab1[1];
        double a2 = (1 + g) * lab2[1];
        double c1p = Math.hypot(a1, lab1[2]);
        double c2p = Math.hypot(a2, lab2[2]);
        double h1 = hue(a1, lab1[2]);
        double h2 = hue(a2, lab2[2]);
        double dL = lab2[0] - lab1[0];
        double dC = c2p - c1p;
        double dh = 0;
        if (c1p * c2p != 0) {
            dh = h2 - h1;
            if (dh > 180) {
                dh -= 360;
            } else if (dh < -180) {
                dh += 360;
            }
        }
        double dH = 2 * Math.sqrt(c1p * c2p) * Math.sin(Math.toRadians(dh / 2));
        double lMean = (lab1[0] + lab2[0]) / 2;
        double cMean = (c1p + c2p) / 2;
        double hMean = h1 + h2;
        if (c1p * c2p != 0) {
            hMean = Math.abs(h1 - h2) <= 180 ? (h1 + h2) / 2 : h1 + h2 < 360 ? (h1 + h2 + 360) / 2 : (h1 + h2 - 360) / 2;
        }
        double t = 1 - 0.17 * cos(hMean - 30) + 0.24 * cos(2 * hMean) + 0.32 * cos(3 * hMean + 6) - 0.20 * cos(4 * hMean - 63);
        double dTheta = 30 * Math.exp(-Math.pow((hMean - 275) / 25, 2));
        double cMeanP7 = Math.pow(cMean, 7);
        double rC = 2 * Math.sqrt(cMeanP7 / (cMeanP7 + Math.pow(25, 7)));
        double sL = 1 + 0.015 * Math.pow(lMean - 50, 2) / Math.sqrt(20 + Math.pow(lMean - 50, 2));
        double sC = 1 + 0.045 * cMean;
        double sH = 1 + 0.015 * cMean * t;
        double rT = -Math.sin(Math.toRadians(2 * dTheta)) * rC;
        double l = dL / sL;
        double c = dC / sC;
        double h = dH / sH;
        return Math.sqrt(l * l + c * c + h * h + rT * c * h);
    }

    private static double hue(double a, double b) {
        if (a == 0 && b == 0) {
            return 0;
        }
        double h = Math.toDegrees(Math.atan2(b, a));
        return h < 0 ? h + 360 : h;
    }

    private static double cos(double degrees) {
        return Math.cos(Math.toRadians(degrees));
    }
}
