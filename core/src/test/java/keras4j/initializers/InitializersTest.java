package keras4j.initializers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Keras4jException;
import keras4j.Sequential;
import keras4j.layers.Conv2D;
import keras4j.layers.Dense;
import keras4j.layers.Flatten;
import keras4j.layers.Input;

/**
 * Each initializer's statistics on a large kernel against Keras's formulas (mean and standard
 * deviation within a few percent, truncation and uniform bounds exact), Keras's fans of a
 * convolution kernel, orthogonality, seeds, configs and the values a model starts with.
 */
class InitializersTest {
    private static final double TRUNCATION = 0.87962566103423978;

    private static double[] values(Initializer init, long... shape) {
        return init.apply(shape).castTo(DataType.DOUBLE).data().asDouble();
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double stddev(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /** A truncated normal of this stddev after truncation: bounds at 2 stddev before it, exact. */
    private static void assertTruncated(double[] v, double stddev) {
        assertEquals(0, mean(v), stddev * 0.02);
        assertEquals(stddev, stddev(v), stddev * 0.02);
        double bound = 2 * stddev / TRUNCATION;
        assertTrue(maxAbs(v) <= bound * (1 + 1e-6), "max " + maxAbs(v) + " > " + bound);
        assertTrue(maxAbs(v) > bound * 0.97, "truncated well inside the bound: " + maxAbs(v));
    }

    private static void assertUniform(double[] v, double limit) {
        assertEquals(0, mean(v), limit * 0.02);
        assertEquals(limit / Math.sqrt(3), stddev(v), limit * 0.02);
        assertTrue(maxAbs(v) <= limit && maxAbs(v) > limit * 0.99, "max " + maxAbs(v) + " vs limit " + limit);
    }

    @Test
    void fansAreKerassComputeFans() {
        assertArrayEquals(new long[] {3 * 3 * 16, 3 * 3 * 32}, Initializer.computeFans(3, 3, 16, 32));
        assertArrayEquals(new long[] {100, 30}, Initializer.computeFans(100, 30));
        assertArrayEquals(new long[] {7, 7}, Initializer.computeFans(7));
        assertArrayEquals(new long[] {5 * 4, 5 * 6}, Initializer.computeFans(5, 4, 6));
    }

    @Test
    void varianceScalingFamilyHasKerassDistributions() {
        assertTruncated(values(Initializer.glorotNormal(), 400, 600), Math.sqrt(2.0 / 1000));
        assertTruncated(values(Initializer.heNormal(), 3, 3, 64, 128), Math.sqrt(2.0 / 576));
        assertTruncated(values(Initializer.lecunNormal(), 500, 300), Math.sqrt(1.0 / 500));
        assertUniform(values(Initializer.glorotUniform(), 3, 3, 32, 64), Math.sqrt(6.0 / (288 + 576)));
        assertUniform(values(Initializer.heUniform(), 500, 300), Math.sqrt(6.0 / 500));
        assertUniform(values(Initializer.lecunUniform(), 500, 300), Math.sqrt(3.0 / 500));
        double[] untruncated = values(Initializer.varianceScaling(3.0, "fan_out", "untruncated_normal"), 200, 400);
        assertEquals(Math.sqrt(3.0 / 400), stddev(untruncated), Math.sqrt(3.0 / 400) * 0.02);
        assertTrue(maxAbs(untruncated) > 3 * Math.sqrt(3.0 / 400), "an untruncated normal reaches 3 stddev");
        assertUniform(values(Initializer.varianceScaling(0.5, "fan_avg", "uniform"), 200, 400),
                Math.sqrt(3 * 0.5 / 300));
        // "normal" is Keras's old name of truncated_normal
        assertEquals(Initializer.varianceScaling(2, "fan_in", "truncated_normal"),
                Initializer.varianceScaling(2, "fan_in", "normal"));
    }

    @Test
    void plainDistributionsHaveTheirArguments() {
        double[] normal = values(Initializer.randomNormal(1.0, 0.5), 300, 300);
        assertEquals(1.0, mean(normal), 0.01);
        assertEquals(0.5, stddev(normal), 0.01);
        double[] truncated = values(Initializer.truncatedNormal(1.0, 0.5), 300, 300);
        assertEquals(1.0, mean(truncated), 0.01);
        assertEquals(0.5 * TRUNCATION, stddev(truncated), 0.01);
        for (double x : truncated) {
            assertTrue(x >= 0.0 && x <= 2.0, "beyond 2 stddev: " + x);
        }
        double[] uniform = values(Initializer.randomUniform(-1, 3), 300, 300);
        assertEquals(1.0, mean(uniform), 0.02);
        for (double x : uniform) {
            // [-1, 3) in exact arithmetic; in float32, -1 + 4u rounds to 3 for u just below 1 (as in Keras)
            assertTrue(x >= -1 && x <= 3, "outside [-1, 3]: " + x);
        }
        for (double x : values(Initializer.constant(0.3), 4, 5)) {
            assertEquals(0.3, x, 1e-7);
        }
        for (double x : values(Initializer.ones(), 3)) {
            assertEquals(1.0, x);
        }
    }

    @Test
    void orthogonalGivesOrthonormalColumnsOrRows() {
        INDArray tall = Initializer.orthogonal(1.0).apply(300, 100).castTo(DataType.DOUBLE);
        assertEquals(0, tall.transpose().mmul(tall).sub(Nd4j.eye(100)).amaxNumber().doubleValue(), 1e-5);
        INDArray wide = Initializer.orthogonal(2.0).apply(50, 120).castTo(DataType.DOUBLE);
        assertEquals(0, wide.mmul(wide.transpose()).sub(Nd4j.eye(50).mul(4)).amaxNumber().doubleValue(), 1e-5);
        INDArray conv = Initializer.orthogonal(1.0).apply(3, 3, 4, 8).castTo(DataType.DOUBLE).reshape(36, 8);
        assertEquals(0, conv.transpose().mmul(conv).sub(Nd4j.eye(8)).amaxNumber().doubleValue(), 1e-5);
        Keras4jException e = assertThrows(Keras4jException.class, () -> Initializer.orthogonal(1).apply(5));
        assertTrue(e.getMessage().contains("at least two-dimensional"), e.getMessage());
    }

    @Test
    void identityIsTheGainTimesTheEyeOf2dKernelsOnly() {
        INDArray eye = Initializer.identity(2.0).apply(3, 5).castTo(DataType.DOUBLE);
        assertEquals(Nd4j.eye(5).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).mul(2).castTo(DataType.DOUBLE), eye);
        Keras4jException e = assertThrows(Keras4jException.class,
                () -> Initializer.identity(1).apply(3, 3, 2, 2));
        assertTrue(e.getMessage().contains("only be used for 2D matrices"), e.getMessage());
    }

    @Test
    void aSeedDrawsTheSameValuesEveryCall() {
        Initializer seeded = Initializer.heNormal().seed(42);
        assertEquals(seeded.apply(20, 30), seeded.apply(20, 30));
        assertNotEquals(seeded.apply(20, 30), Initializer.heNormal().seed(43).apply(20, 30));
        assertNotEquals(Initializer.heNormal().apply(20, 30), Initializer.heNormal().apply(20, 30));
        assertEquals(Initializer.orthogonal(1).seed(1).apply(6, 4), Initializer.orthogonal(1).seed(1).apply(6, 4));
        assertEquals(null, Initializer.zeros().seed(1).getSeed());
    }

    @Test
    void configsRoundTripWithKerassDefaults() {
        for (Initializer init : List.of(Initializer.glorotUniform(), Initializer.lecunNormal().seed(3),
                Initializer.varianceScaling(2.5, "fan_avg", "uniform").seed(9), Initializer.randomNormal(0.1, 0.2),
                Initializer.truncatedNormal(0, 1), Initializer.randomUniform(-2, 2), Initializer.orthogonal(1.5),
                Initializer.identity(0.5), Initializer.constant(-0.25), Initializer.zeros(), Initializer.ones())) {
            assertEquals(init, Initializer.fromConfig(init.getConfig()), init.toString());
        }
        for (String name : Initializer.NAMES) {
            assertEquals(name, Initializer.get(name).getName());
        }
        assertEquals(Initializer.randomUniform(-0.05, 0.05), Initializer.get("RandomUniform"));
        assertEquals(Initializer.varianceScaling(1, "fan_in", "truncated_normal"),
                Initializer.fromConfig(Map.of("class_name", "VarianceScaling", "config", Map.of())));
    }

    @Test
    void badArgumentsAreRefusedTheKerasWay() {
        assertMessage("argument `scale` must be a positive float. Received: scale=-1.0",
                () -> Initializer.varianceScaling(-1, "fan_in", "uniform"));
        assertMessage("invalid `mode` argument: fan_inn. Please use one of [fan_in, fan_out, fan_avg]",
                () -> Initializer.varianceScaling(1, "fan_inn", "uniform"));
        assertMessage("invalid `distribution` argument: gamma",
                () -> Initializer.varianceScaling(1, "fan_in", "gamma"));
        assertMessage("minval < maxval", () -> Initializer.randomUniform(1, 1));
        assertMessage("standard deviation > 0", () -> Initializer.truncatedNormal(0, 0));
        assertMessage("Did you mean 'lecun_uniform'?", () -> Initializer.get("lecun_unifrom"));
        assertMessage("bias_initializer is a constant", () -> new Dense(3).biasInitializer("he_normal"));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        Keras4jException e = assertThrows(Keras4jException.class, call);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void aModelStartsWithTheInitializersValuesInKerassLayout() {
        Initializer dense = Initializer.lecunNormal().seed(5);
        Initializer conv = Initializer.orthogonal(1.0).seed(6);
        Sequential model = new Sequential(new Input(6, 5, 2), new Conv2D(4, new int[] {3, 2}).kernelInitializer(conv)
                .biasInitializer(Initializer.constant(0.5)), new Flatten(),
                new Dense(3).kernelInitializer(dense).biasInitializer("ones"));
        model.compile("sgd", "mse");
        List<INDArray> weights = model.getWeights();
        assertEquals(conv.apply(3, 2, 2, 4), weights.get(0).castTo(DataType.FLOAT));
        assertEquals(Nd4j.valueArrayOf(new long[] {4}, 0.5f), weights.get(1).castTo(DataType.FLOAT));
        assertEquals(dense.apply(4 * 4 * 4, 3), weights.get(2).castTo(DataType.FLOAT));
        assertEquals(Nd4j.ones(DataType.FLOAT, 3), weights.get(3).castTo(DataType.FLOAT));
    }

    @Test
    void stridedConvolutionsUseKerassFanOut() {
        // DL4J divides a convolution's fan_out by its strides; Keras doesn't.
        Sequential model = new Sequential(new Input(9, 9, 32), new Conv2D(64, 3).strides(2), new Flatten(),
                new Dense(1));
        model.compile("sgd", "mse");
        double[] kernel = model.getWeights().get(0).castTo(DataType.DOUBLE).data().asDouble();
        double limit = Math.sqrt(6.0 / (9 * 32 + 9 * 64));
        assertTrue(maxAbs(kernel) <= limit && maxAbs(kernel) > 0.99 * limit, "max " + maxAbs(kernel));
    }
}
