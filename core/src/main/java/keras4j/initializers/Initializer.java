package keras4j.initializers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Keras4jException;
import keras4j.internal.Names;

/**
 * How a layer's weights start, by Keras's names and with Keras's formulas: {@code glorot_uniform}
 * (Keras's default for kernels), {@code glorot_normal}, {@code he_normal}, {@code he_uniform},
 * {@code lecun_normal}, {@code lecun_uniform}, {@code variance_scaling}, {@code random_normal},
 * {@code random_uniform}, {@code truncated_normal}, {@code orthogonal}, {@code identity},
 * {@code constant}, {@code zeros}, {@code ones}.
 *
 * <pre>{@code
 * new Dense(64, "relu").kernelInitializer("he_normal");
 * new Dense(10).kernelInitializer(Initializer.randomNormal(0.0, 0.01).seed(42));
 * INDArray kernel = Initializer.orthogonal(1.0).apply(128, 64);   // Keras's initializer(shape)
 * }</pre>
 *
 * <p>The normal variance-scaling initializers ({@code glorot_normal}, {@code he_normal},
 * {@code lecun_normal}) draw, as Keras does, from a normal truncated at two standard deviations
 * (values beyond are re-drawn) whose standard deviation after truncation is
 * {@code sqrt(scale / n)}. Fans are Keras's {@code compute_fans}: a kernel [in, out] has fan_in
 * {@code in}, fan_out {@code out}; a convolution kernel [kh, kw, in, out] has
 * {@code kh * kw * in} and {@code kh * kw * out}. A seeded initializer draws the same values on
 * every call, as in Keras; an unseeded one draws from ND4J's generator (seeded by the model's
 * seed). Instances are immutable.
 */
public final class Initializer {
    /** Every name {@link #get(String)} accepts. */
    public static final List<String> NAMES = List.of("glorot_uniform", "glorot_normal", "he_normal", "he_uniform",
            "lecun_normal", "lecun_uniform", "variance_scaling", "random_normal", "random_uniform",
            "truncated_normal", "orthogonal", "identity", "constant", "zeros", "ones");
    /** The standard deviation of a unit normal truncated at +-2 (Keras's constant). */
    private static final double TRUNCATED_STDDEV = 0.87962566103423978;
    private static final List<String> MODES = List.of("fan_in", "fan_out", "fan_avg");
    private static final List<String> DISTRIBUTIONS = List.of("truncated_normal", "untruncated_normal", "uniform");

    private final String name;
    private final Map<String, Object> params;
    private final Long seed;

    private Initializer(String name, Map<String, Object> params, Long seed) {
        this.name = name;
        this.params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        this.seed = seed;
    }

    private static Initializer of(String name, Object... keyValues) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new Initializer(name, params, null);
    }

    /** @return Glorot (Xavier) uniform: U(-l, l) with l = sqrt(6 / (fan_in + fan_out)) */
    public static Initializer glorotUniform() {
        return of("glorot_uniform");
    }

    /** @return Glorot (Xavier) normal: truncated normal, stddev sqrt(2 / (fan_in + fan_out)) */
    public static Initializer glorotNormal() {
        return of("glorot_normal");
    }

    /** @return He normal: truncated normal, stddev sqrt(2 / fan_in) */
    public static Initializer heNormal() {
        return of("he_normal");
    }

    /** @return He uniform: U(-l, l) with l = sqrt(6 / fan_in) */
    public static Initializer heUniform() {
        return of("he_uniform");
    }

    /** @return LeCun normal: truncated normal, stddev sqrt(1 / fan_in) */
    public static Initializer lecunNormal() {
        return of("lecun_normal");
    }

    /** @return LeCun uniform: U(-l, l) with l = sqrt(3 / fan_in) */
    public static Initializer lecunUniform() {
        return of("lecun_uniform");
    }

    /**
     * @param scale        the scaling factor, &gt; 0 (Keras's default 1.0)
     * @param mode         "fan_in" (default), "fan_out" or "fan_avg": n is that fan
     * @param distribution "truncated_normal" (default; "normal" is the same), "untruncated_normal" or
     *                     "uniform": stddev sqrt(scale / n), or U(-l, l) with l = sqrt(3 * scale / n)
     * @return Keras's {@code VarianceScaling}
     */
    public static Initializer varianceScaling(double scale, String mode, String distribution) {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new Keras4jException("variance_scaling: argument `scale` must be a positive float. Received: scale="
                    + scale + ".");
        }
        if (!MODES.contains(mode)) {
            throw new Keras4jException("variance_scaling: invalid `mode` argument: " + mode + ". Please use one of "
                    + MODES + ".");
        }
        String dist = Names.normalize(distribution);
        dist = dist.equals("normal") ? "truncated_normal" : dist;
        if (!DISTRIBUTIONS.contains(dist)) {
            throw new Keras4jException("variance_scaling: invalid `distribution` argument: " + distribution
                    + ". Please use one of " + DISTRIBUTIONS + ".");
        }
        return of("variance_scaling", "scale", scale, "mode", mode, "distribution", dist);
    }

    /** @return all zeros */
    public static Initializer zeros() {
        return of("zeros");
    }

    /** @return all ones */
    public static Initializer ones() {
        return of("ones");
    }

    /** @param value the value of every weight (Keras's default 0.0) @return a constant */
    public static Initializer constant(double value) {
        finite("constant", "value", value);
        return of("constant", "value", value);
    }

    /**
     * @param mean   the mean (Keras's default 0.0)
     * @param stddev the standard deviation (Keras's default 0.05), &gt; 0
     * @return a normal distribution
     */
    public static Initializer randomNormal(double mean, double stddev) {
        normal("random_normal", mean, stddev);
        return of("random_normal", "mean", mean, "stddev", stddev);
    }

    /**
     * @param mean   the mean (Keras's default 0.0)
     * @param stddev the standard deviation before truncation (Keras's default 0.05), &gt; 0
     * @return a normal distribution whose values beyond two standard deviations are re-drawn
     */
    public static Initializer truncatedNormal(double mean, double stddev) {
        normal("truncated_normal", mean, stddev);
        return of("truncated_normal", "mean", mean, "stddev", stddev);
    }

    /**
     * @param minval the lower bound, inclusive (Keras's default -0.05)
     * @param maxval the upper bound, exclusive (Keras's default 0.05), &gt; minval
     * @return a uniform distribution
     */
    public static Initializer randomUniform(double minval, double maxval) {
        finite("random_uniform", "minval", minval);
        finite("random_uniform", "maxval", maxval);
        if (!(maxval > minval)) {
            throw new Keras4jException("random_uniform needs minval < maxval; received minval=" + minval
                    + ", maxval=" + maxval + ".");
        }
        return of("random_uniform", "minval", minval, "maxval", maxval);
    }

    /**
     * @param gain the factor on the orthogonal matrix (Keras's default 1.0)
     * @return an orthogonal matrix (from the QR decomposition of a normal one; kernels of higher rank
     *         are drawn as [prod(shape[:-1]), shape[-1]] and reshaped)
     */
    public static Initializer orthogonal(double gain) {
        finite("orthogonal", "gain", gain);
        return of("orthogonal", "gain", gain);
    }

    /** @param gain the factor on the identity matrix (Keras's default 1.0) @return an identity (2-D kernels only) */
    public static Initializer identity(double gain) {
        finite("identity", "gain", gain);
        return of("identity", "gain", gain);
    }

    private static void finite(String name, String key, double value) {
        if (!Double.isFinite(value)) {
            throw new Keras4jException(name + " needs a finite " + key + "; received " + key + "=" + value + ".");
        }
    }

    private static void normal(String name, double mean, double stddev) {
        if (!(stddev > 0) || !Double.isFinite(mean) || !Double.isFinite(stddev)) {
            throw new Keras4jException(name + " needs a finite mean and a standard deviation > 0; "
                    + "received mean=" + mean + ", stddev=" + stddev + ".");
        }
    }

    /**
     * @param seed the seed: every call draws the same values (as Keras's integer seed)
     * @return this initializer, seeded (zeros, ones, constant and identity draw nothing and ignore it)
     */
    public Initializer seed(long seed) {
        return new Initializer(name, params, isRandom() ? seed : null);
    }

    /**
     * @param name a Keras initializer name, e.g. "he_normal" (also Keras's class names, "HeNormal")
     * @return the initializer, with Keras's defaults for its arguments
     */
    public static Initializer get(String name) {
        String key = Names.normalize(name).replace("_", "");
        switch (key) {
            case "glorotuniform": return glorotUniform();
            case "glorotnormal": return glorotNormal();
            case "henormal": return heNormal();
            case "heuniform": return heUniform();
            case "lecunnormal": return lecunNormal();
            case "lecununiform": return lecunUniform();
            case "variancescaling": return varianceScaling(1.0, "fan_in", "truncated_normal");
            case "zeros", "zero": return zeros();
            case "ones", "one": return ones();
            case "constant": return constant(0.0);
            case "randomnormal", "normal": return randomNormal(0.0, 0.05);
            case "truncatednormal": return truncatedNormal(0.0, 0.05);
            case "randomuniform", "uniform": return randomUniform(-0.05, 0.05);
            case "orthogonal", "orthogonalinitializer": return orthogonal(1.0);
            case "identity", "identityinitializer": return identity(1.0);
            default: throw Names.unknown("initializer", name, NAMES, null);
        }
    }

    /** @return the Keras name, e.g. "glorot_uniform" */
    public String getName() {
        return name;
    }

    /** @return the arguments in Keras's names (mean, stddev, minval, maxval, scale, mode, distribution, gain, value) */
    public Map<String, Object> getParams() {
        return params;
    }

    /** @return the seed, or null for none */
    public Long getSeed() {
        return seed;
    }

    /** @return the mean of {@code random_normal} / {@code truncated_normal} (0 for the others) */
    public double getMean() {
        return number("mean", 0);
    }

    /** @return the standard deviation of {@code random_normal} / {@code truncated_normal} (0 for the others) */
    public double getStddev() {
        return number("stddev", 0);
    }

    private double number(String key, double otherwise) {
        return params.get(key) instanceof Number n ? n.doubleValue() : otherwise;
    }

    /** @return whether it draws random values */
    public boolean isRandom() {
        return !List.of("zeros", "ones", "constant", "identity").contains(name);
    }

    /** @return whether every value it gives is the same ({@code zeros}, {@code ones}, {@code constant}) */
    public boolean isConstant() {
        return List.of("zeros", "ones", "constant").contains(name);
    }

    /** @return the value of a constant initializer ({@link #isConstant()}) */
    public double constantValue() {
        return name.equals("ones") ? 1 : number("value", 0);
    }

    /** @return Keras's config form: {"class_name": ..., "config": {... arguments, "seed" when seeded}} */
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>(params);
        if (seed != null) {
            config.put("seed", seed);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", name);
        out.put("config", config);
        return out;
    }

    /**
     * @param config the output of {@link #getConfig()} (arguments missing take Keras's defaults)
     * @return the initializer it describes
     */
    public static Initializer fromConfig(Map<String, Object> config) {
        String className = String.valueOf(config.get("class_name"));
        Map<?, ?> p = config.get("config") instanceof Map<?, ?> m ? m : Map.of();
        Initializer init = switch (get(className).getName()) {
            case "random_normal" -> randomNormal(num(p, "mean", 0.0), num(p, "stddev", 0.05));
            case "truncated_normal" -> truncatedNormal(num(p, "mean", 0.0), num(p, "stddev", 0.05));
            case "random_uniform" -> randomUniform(num(p, "minval", -0.05), num(p, "maxval", 0.05));
            case "variance_scaling" -> varianceScaling(num(p, "scale", 1.0), str(p, "mode", "fan_in"),
                    str(p, "distribution", "truncated_normal"));
            case "orthogonal" -> orthogonal(num(p, "gain", 1.0));
            case "identity" -> identity(num(p, "gain", 1.0));
            case "constant" -> constant(num(p, "value", 0.0));
            default -> get(className);
        };
        Object seed = p.get("seed");
        if (seed != null && !(seed instanceof Number)) {
            throw new Keras4jException("Initializer " + className + " has seed " + seed + "; keras4j reads an "
                    + "integer seed (or none).");
        }
        return seed == null ? init : init.seed(((Number) seed).longValue());
    }

    private static double num(Map<?, ?> params, String key, double otherwise) {
        Object value = params.get(key);
        if (value == null) {
            return otherwise;
        }
        if (!(value instanceof Number n)) {
            throw new Keras4jException("An initializer's " + key + " must be a number; received " + value + ".");
        }
        return n.doubleValue();
    }

    private static String str(Map<?, ?> params, String key, String otherwise) {
        Object value = params.get(key);
        return value == null ? otherwise : String.valueOf(value);
    }

    // ---------------------------------------------------------------------------------- drawing

    /**
     * Keras's {@code compute_fans}: a vector of n has n in and out; a matrix [in, out]; a kernel of
     * higher rank [..., in, out] has receptive field × in and receptive field × out.
     *
     * @param shape a weight's shape in Keras's layout
     * @return {fan_in, fan_out}
     */
    public static long[] computeFans(long... shape) {
        if (shape.length < 1) {
            return new long[] {1, 1};
        }
        if (shape.length == 1) {
            return new long[] {shape[0], shape[0]};
        }
        long receptive = 1;
        for (int i = 0; i < shape.length - 2; i++) {
            receptive *= shape[i];
        }
        return new long[] {shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive};
    }

    /**
     * Keras's {@code initializer(shape)}.
     *
     * @param shape the weight's shape in Keras's layout, e.g. {3, 3, 16, 32} for a Conv2D kernel
     * @return the values, float32, of that shape
     */
    public INDArray apply(long... shape) {
        long size = 1;
        for (long s : shape) {
            size *= s;
        }
        if (size > Integer.MAX_VALUE) {
            throw new Keras4jException("The weight of shape " + Arrays.toString(shape) + " is too large to draw.");
        }
        double[] values = draw(shape, Math.toIntExact(size));
        return Nd4j.create(values, shape, 'c').castTo(DataType.FLOAT);
    }

    private double[] draw(long[] shape, int size) {
        double[] out = new double[size];
        Random rng = new Random(seed != null ? seed : Nd4j.getRandom().nextLong());
        long[] fans = computeFans(shape);
        switch (name) {
            case "zeros", "ones", "constant" -> Arrays.fill(out, constantValue());
            case "identity" -> {
                if (shape.length != 2) {
                    throw new Keras4jException("Identity matrix initializer can only be used for 2D matrices. "
                            + "Received: shape=" + Arrays.toString(shape) + " of rank " + shape.length + ".");
                }
                for (int i = 0; i < Math.min(shape[0], shape[1]); i++) {
                    out[Math.toIntExact(i * shape[1] + i)] = number("gain", 1);
                }
            }
            case "random_normal" -> {
                for (int i = 0; i < size; i++) {
                    out[i] = getMean() + getStddev() * rng.nextGaussian();
                }
            }
            case "truncated_normal" -> truncated(out, rng, getMean(), getStddev());
            case "random_uniform" -> uniform(out, rng, number("minval", 0), number("maxval", 0));
            case "orthogonal" -> orthogonal(out, rng, shape);
            default -> {
                double[] scaled = switch (name) {
                    case "glorot_uniform" -> new double[] {1, 2, 2};
                    case "glorot_normal" -> new double[] {1, 2, 0};
                    case "he_normal" -> new double[] {2, 0, 0};
                    case "he_uniform" -> new double[] {2, 0, 2};
                    case "lecun_normal" -> new double[] {1, 0, 0};
                    case "lecun_uniform" -> new double[] {1, 0, 2};
                    // variance_scaling: {scale, mode index, distribution index}
                    default -> new double[] {number("scale", 1), MODES.indexOf(params.get("mode")),
                            DISTRIBUTIONS.indexOf(params.get("distribution"))};
                };
                double n = switch ((int) scaled[1]) {
                    case 0 -> fans[0];
                    case 1 -> fans[1];
                    default -> (fans[0] + fans[1]) / 2.0;
                };
                double scale = scaled[0] / Math.max(1.0, n);
                switch ((int) scaled[2]) {
                    case 0 -> truncated(out, rng, 0, Math.sqrt(scale) / TRUNCATED_STDDEV);
                    case 1 -> {
                        for (int i = 0; i < size; i++) {
                            out[i] = Math.sqrt(scale) * rng.nextGaussian();
                        }
                    }
                    default -> {
                        double limit = Math.sqrt(3.0 * scale);
                        uniform(out, rng, -limit, limit);
                    }
                }
            }
        }
        return out;
    }

    private static void truncated(double[] out, Random rng, double mean, double stddev) {
        for (int i = 0; i < out.length; i++) {
            double z;
            do {
                z = rng.nextGaussian();
            } while (Math.abs(z) > 2.0);
            out[i] = mean + stddev * z;
        }
    }

    private static void uniform(double[] out, Random rng, double min, double max) {
        for (int i = 0; i < out.length; i++) {
            out[i] = min + (max - min) * rng.nextDouble();
        }
    }

    /** Keras's orthogonal: Q of a normal [max, min] matrix's QR, signs made R's diagonal positive. */
    private void orthogonal(double[] out, Random rng, long[] shape) {
        if (shape.length < 2) {
            throw new Keras4jException("The tensor to initialize must be at least two-dimensional. Received: shape="
                    + Arrays.toString(shape) + " of rank " + shape.length + ".");
        }
        int cols = Math.toIntExact(shape[shape.length - 1]);
        int rows = out.length / Math.max(1, cols);
        int m = Math.max(rows, cols);
        int n = Math.min(rows, cols);
        double[][] q = new double[n][m];   // q[j] is column j
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                q[j][i] = rng.nextGaussian();
            }
        }
        // Modified Gram-Schmidt: the Q of the QR decomposition whose R has a positive diagonal.
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < m; i++) {
                    dot += q[k][i] * q[j][i];
                }
                for (int i = 0; i < m; i++) {
                    q[j][i] -= dot * q[k][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < m; i++) {
                norm += q[j][i] * q[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < m; i++) {
                q[j][i] /= norm;
            }
        }
        double gain = number("gain", 1);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                // rows >= cols: out = Q [rows, cols]; else out = Q^T with Q [cols, rows]
                out[r * cols + c] = gain * (rows >= cols ? q[c][r] : q[r][c]);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Initializer other && name.equals(other.name) && params.equals(other.params)
                && Objects.equals(seed, other.seed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, params, seed);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name);
        if (!params.isEmpty() || seed != null) {
            StringBuilder args = new StringBuilder();
            params.forEach((k, v) -> args.append(args.length() == 0 ? "" : ", ").append(k).append('=').append(v));
            if (seed != null) {
                args.append(args.length() == 0 ? "" : ", ").append("seed=").append(seed);
            }
            s.append('(').append(args).append(')');
        }
        return s.toString();
    }
}
