package io.chorus.community;

/** Small vector helpers shared by the embedders and the clustering model; arithmetic in double, storage in float. */
final class Vectors {

    private Vectors() {
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }

    /** A unit-length copy of {@code v}; the zero vector stays zero. */
    static float[] normalized(float[] v) {
        double norm = norm(v);
        float[] out = new float[v.length];
        if (norm == 0) {
            return out;
        }
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    /** A 64-bit FNV-1a hash of the exact float bits: the same vector always gives the same fingerprint. */
    static long fingerprint(float[] v) {
        long hash = 0xcbf29ce484222325L;
        for (float f : v) {
            int bits = Float.floatToIntBits(f);
            for (int shift = 0; shift < 32; shift += 8) {
                hash ^= (bits >>> shift) & 0xff;
                hash *= 0x100000001b3L;
            }
        }
        return hash;
    }
}
