package keras4j.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Keras4jException;

/**
 * Keras's feature normalization: {@code (x - mean) / sqrt(variance)} (the square root at least
 * 1e-7) with a mean and variance per position of the kept axes (by default the last: one per
 * feature or channel), learned from data by {@link #adapt(INDArray)} or given. It computes the
 * same in training and at inference, so a model can take raw features; {@code invert(true)}
 * computes the inverse, {@code mean + x * sqrt(variance)}. As in Keras, {@code axis} counts the
 * batch axis as 0, and no axis (Keras's {@code axis=None}) keeps one mean and variance for all
 * values; several kept axes must be next to each other.
 *
 * <pre>{@code
 * Normalization norm = new Normalization();
 * norm.adapt(xTrain);                                   // the mean and variance of each feature
 * Sequential model = Sequential.of(new Input(8), norm, new Dense(1));
 * new Normalization().meanAndVariance(new double[] {3, 5}, new double[] {4, 1});   // given, per feature
 * }</pre>
 *
 * <p>Weights, as in Keras (none when the mean and variance are given): mean, variance (the kept
 * axes' shape) and count (a scalar Keras keeps at 0), none of them trained.
 */
public final class Normalization extends Layer {
    private final int[] axis;
    private double[] mean;
    private double[] variance;
    private boolean invert;
    private List<INDArray> adapted;

    /** Creates the layer keeping the last axis (Keras's {@code axis=-1}): a mean and variance per feature. */
    public Normalization() {
        this(-1);
    }

    /**
     * @param axis the axes kept, counting the batch axis as 0 (negative counts from the end); none
     *             for one mean and variance over all values
     */
    public Normalization(int... axis) {
        for (int a : axis) {
            require(a != 0, "Normalization", "axis=0 is the batch axis, which Normalization always averages over. "
                    + "Keep axis=-1 (a mean and variance per feature) or other axes of the sample, from 1.");
        }
        this.axis = axis.clone();
    }

    @Override
    public Normalization name(String name) {
        setName(name);
        return this;
    }

    /**
     * Gives the mean and variance instead of adapting them (Keras's {@code mean} and {@code variance}
     * arguments): the layer then has no weights.
     *
     * @param mean     one value per position of the kept axes, or one for all
     * @param variance as many values, each &gt;= 0
     * @return this layer
     */
    public Normalization meanAndVariance(double[] mean, double[] variance) {
        checkNotCompiled();
        require(mean != null && variance != null && mean.length == variance.length && mean.length > 0,
                "Normalization", "give as many variances as means (at least one); received " + Arrays.toString(mean)
                        + " and " + Arrays.toString(variance) + ".");
        for (double v : variance) {
            require(v >= 0, "Normalization", "a variance can't be negative; received " + Arrays.toString(variance)
                    + ".");
        }
        this.mean = mean.clone();
        this.variance = variance.clone();
        return this;
    }

    /** @param invert whether to compute the inverse, {@code mean + x * sqrt(variance)} @return this layer */
    public Normalization invert(boolean invert) {
        checkNotCompiled();
        this.invert = invert;
        return this;
    }

    /** @return the kept axes as given (counting the batch axis as 0); empty for none */
    public int[] getAxis() {
        return axis.clone();
    }

    /** @return the given means, or null when they are weights (adapted) */
    public double[] getMean() {
        return mean == null ? null : mean.clone();
    }

    /** @return the given variances, or null when they are weights (adapted) */
    public double[] getVariance() {
        return variance == null ? null : variance.clone();
    }

    /** @return whether the layer computes the inverse */
    public boolean isInvert() {
        return invert;
    }

    /**
     * @param inputShape the sample shape (no batch axis)
     * @return the first and one past the last sample axis kept (0 = the first after the batch);
     *         {@code {0, 0}} for none
     */
    public int[] keptAxes(int[] inputShape) {
        return axis.length == 0 ? new int[] {0, 0} : axisBlock(axis, inputShape, "keeps", ".");
    }

    /** @param inputShape the sample shape @return the mean's and variance's shape: the kept axes' sizes */
    public int[] weightShape(int[] inputShape) {
        int[] block = keptAxes(inputShape);
        return Arrays.copyOfRange(inputShape, block[0], block[1]);
    }

    /** @return the number of positions of the kept axes */
    private static long size(int[] shape) {
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        return size;
    }

    /**
     * Computes the mean and variance of each position of the kept axes over the data (every other
     * axis, the batch's included), as Keras's {@code adapt} does; they become the layer's weights
     * (now, or when its model is built).
     *
     * @param data samples, the batch axis first, e.g. {@code [n, features]}
     * @throws Keras4jException when the mean and variance were given, or the data's kept axes don't
     *                          fit the layer's model
     */
    public void adapt(INDArray data) {
        if (mean != null) {
            throw new Keras4jException("Normalization '" + (getName() == null ? defaultName() : getName()) + "' was "
                    + "given its mean and variance; adapt() learns them instead. Create the layer without them.");
        }
        if (data == null || data.rank() < 2 || data.size(0) == 0) {
            throw new Keras4jException("Normalization.adapt needs samples with the batch axis first (e.g. [n, "
                    + "features]); received " + (data == null ? "null" : Arrays.toString(data.shape())) + ".");
        }
        int[] sample = new int[data.rank() - 1];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = Math.toIntExact(data.size(i + 1));
        }
        int[] block = keptAxes(sample);
        int[] shape = weightShape(sample);
        long size = size(shape);
        long inner = size(Arrays.copyOfRange(sample, block[1], sample.length));
        if (block[0] == block[1]) {
            inner = 1;
        }
        INDArray x = data.castTo(DataType.DOUBLE).dup('c');
        x = x.reshape('c', x.length() / (size * inner), size, inner);
        INDArray m = x.mean(0, 2);
        INDArray centered = x.subi(m.reshape(1, size, 1));
        INDArray v = centered.muli(centered).mean(0, 2);
        long[] kerasShape = Arrays.stream(shape).asLongStream().toArray();
        List<INDArray> statistics = List.of(m.castTo(DataType.FLOAT).reshape(kerasShape),
                v.castTo(DataType.FLOAT).reshape(kerasShape));
        if (keras4j.internal.WeightStore.Binder.isBound(this)) {
            List<INDArray> weights = new ArrayList<>(statistics);
            weights.add(getWeights().get(2));
            setWeights(weights);
        } else {
            adapted = statistics;
        }
    }

    @Override
    void bound() {
        if (adapted != null) {
            List<INDArray> weights = new ArrayList<>(adapted);
            adapted = null;
            weights.add(getWeights().get(2));
            setWeights(weights);
        }
    }

    @Override
    public String defaultName() {
        return "normalization";
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] shape = weightShape(inputShape);
        if (mean != null && mean.length != 1 && mean.length != size(shape)) {
            throw incompatible(inputShape, mean.length + " positions of the kept axes (one per given mean)",
                    "Give one mean and variance, or one per position of the kept axes " + Arrays.toString(shape)
                            + ".");
        }
        return inputShape.clone();
    }

    @Override
    public long countParams(int[] inputShape) {
        return mean != null ? 0 : 2 * size(weightShape(inputShape)) + 1;
    }

    @Override
    long countStatistics(int[] inputShape) {
        return countParams(inputShape);
    }

    @Override
    boolean hasWeights() {
        return mean == null;
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("axis", list(axis));
        config.put("invert", invert);
        config.put("mean", mean == null ? null : doubles(mean));
        config.put("variance", variance == null ? null : doubles(variance));
    }

    private static List<Double> doubles(double[] values) {
        List<Double> out = new ArrayList<>();
        for (double v : values) {
            out.add(v);
        }
        return out;
    }

    private static double[] values(Object value, String key) {
        if (value instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        List<Double> out = new ArrayList<>();
        flatten(value, key, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void flatten(Object value, String key, List<Double> out) {
        if (value instanceof List<?> list) {
            for (Object v : list) {
                flatten(v, key, out);
            }
        } else {
            require(value instanceof Number, "Normalization", key + " must be numbers; received " + value + ".");
            out.add(((Number) value).doubleValue());
        }
    }

    static Normalization fromConfig(Map<String, Object> config) {
        Object axis = config.containsKey("axis") ? config.get("axis") : List.of(-1);
        Normalization layer = new Normalization(axis == null ? new int[0] : axis instanceof Number n
                ? new int[] {n.intValue()} : ints(axis));
        if (config.get("mean") != null || config.get("variance") != null) {
            layer.meanAndVariance(values(config.get("mean"), "mean"), values(config.get("variance"), "variance"));
        }
        return layer.invert(Boolean.TRUE.equals(config.get("invert")));
    }
}
