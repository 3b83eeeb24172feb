package io.chorus.sentiment;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A multinomial logistic regression over three classes (negative, neutral, positive): weights laid out
 * feature-major ({@code w[f * 3 + k]}) so one feature's three weights share a cache line, a bias per class, and a
 * softmax temperature fitted on out-of-fold predictions so the probabilities are calibrated.
 *
 * <p>Stored quantised to 8 bits per weight with one scale per class (a quarter of the float size, and the zeros of
 * unused hash slots compress away); {@link #quantised()} gives the model exactly as it will be loaded, so every
 * reported figure is measured on the shipped weights. Immutable after construction; thread-safe.
 */
public final class LinearModel {

    static final int CLASSES = 3;

    private final int dimensions;
    private final float[] weights;
    private final double[] bias;
    private final double temperature;

    LinearModel(int dimensions, float[] weights, double[] bias, double temperature) {
        if (weights.length != dimensions * CLASSES || bias.length != CLASSES) {
            throw new IllegalArgumentException("weights must have " + dimensions * CLASSES + " entries and bias " + CLASSES);
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        this.dimensions = dimensions;
        this.weights = weights;
        this.bias = bias;
        this.temperature = temperature;
    }

    public int dimensions() {
        return dimensions;
    }

    public double temperature() {
        return temperature;
    }

    LinearModel withTemperature(double t) {
        return new LinearModel(dimensions, weights, bias, t);
    }

    /** Raw class scores (before the temperature). */
    double[] logits(TextFeatures.Sparse x) {
        double l0 = bias[0];
        double l1 = bias[1];
        double l2 = bias[2];
        int[] idx = x.index();
        float[] val = x.value();
        for (int i = 0; i < idx.length; i++) {
            int base = idx[i] * CLASSES;
            float v = val[i];
            l0 += v * weights[base];
            l1 += v * weights[base + 1];
            l2 += v * weights[base + 2];
        }
        return new double[] {l0, l1, l2};
    }

    /** Calibrated probabilities, class order negative, neutral, positive. */
    public double[] probabilities(TextFeatures.Sparse x) {
        double[] p = logits(x);
        Probabilities.softmax(p, temperature);
        return p;
    }

    /** The model as 8-bit weights would load it back. */
    LinearModel quantised() {
        float[] scale = scales();
        float[] q = new float[weights.length];
        for (int i = 0; i < weights.length; i++) {
            float s = scale[i % CLASSES];
            q[i] = s == 0 ? 0 : Math.round(weights[i] / s) * s;
        }
        return new LinearModel(dimensions, q, bias.clone(), temperature);
    }

    private float[] scales() {
        float[] max = new float[CLASSES];
        for (int i = 0; i < weights.length; i++) {
            max[i % CLASSES] = Math.max(max[i % CLASSES], Math.abs(weights[i]));
        }
        float[] scale = new float[CLASSES];
        for (int k = 0; k < CLASSES; k++) {
            scale[k] = max[k] / 127f;
        }
        return scale;
    }

    /** Number of weights that are not zero after quantisation. */
    long nonZeroWeights() {
        float[] scale = scales();
        long n = 0;
        for (int i = 0; i < weights.length; i++) {
            float s = scale[i % CLASSES];
            if (s != 0 && Math.round(weights[i] / s) != 0) {
                n++;
            }
        }
        return n;
    }

    void write(DataOutputStream out) throws IOException {
        float[] scale = scales();
        out.writeInt(dimensions);
        out.writeDouble(temperature);
        for (int k = 0; k < CLASSES; k++) {
            out.writeDouble(bias[k]);
            out.writeFloat(scale[k]);
        }
        byte[] q = new byte[weights.length];
        for (int i = 0; i < weights.length; i++) {
            float s = scale[i % CLASSES];
            q[i] = (byte) (s == 0 ? 0 : Math.max(-127, Math.min(127, Math.round(weights[i] / s))));
        }
        out.write(q);
    }

    static LinearModel read(DataInputStream in) throws IOException {
        int dimensions = in.readInt();
        if (dimensions <= 0 || dimensions > (1 << 24) + 4096) {
            throw new IOException("implausible model size " + dimensions + ": not a Chorus sentiment model");
        }
        double temperature = in.readDouble();
        double[] bias = new double[CLASSES];
        float[] scale = new float[CLASSES];
        for (int k = 0; k < CLASSES; k++) {
            bias[k] = in.readDouble();
            scale[k] = in.readFloat();
        }
        byte[] q = new byte[dimensions * CLASSES];
        in.readFully(q);
        float[] w = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            w[i] = q[i] * scale[i % CLASSES];
        }
        return new LinearModel(dimensions, w, bias, temperature);
    }
}
