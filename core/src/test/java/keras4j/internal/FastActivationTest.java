package keras4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * FastActivation gives DL4J's ReLU backprop (TensorFlow's to the bit) and DL4J's tanh forward and
 * back to float rounding, whatever the two arrays' layouts; other activations are DL4J's own.
 */
class FastActivationTest {
    private static final long[][] SHAPES = {{100, 1000}, {7, 3}, {4, 6, 6, 5}};

    @Test
    void reluBackpropEqualsDl4js() {
        Nd4j.getRandom().setSeed(11);
        for (long[] shape : SHAPES) {
            for (char zOrder : new char[] {'c', 'f'}) {
                for (char eOrder : new char[] {'c', 'f'}) {
                    INDArray z = Nd4j.randn(DataType.FLOAT, shape).dup(zOrder);
                    INDArray epsilon = Nd4j.randn(DataType.FLOAT, shape).dup(eOrder);
                    INDArray expected = new ActivationReLU().backprop(z.dup(zOrder), epsilon).getFirst();
                    INDArray actual = FastActivation.backprop(z, epsilon, new ActivationReLU());
                    assertEquals(expected, actual, java.util.Arrays.toString(shape) + " " + zOrder + "/" + eOrder);
                }
            }
        }
    }

    @Test
    void reluBackpropOfEdgeValuesIsTensorFlowsToTheBit() {
        float[] zs = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-30f, 3f, -3f, Float.MAX_VALUE, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY};
        float[] es = {2f, -2f, 0f, -0f, Float.MAX_VALUE, Float.NEGATIVE_INFINITY, Float.NaN};
        float[] z = new float[zs.length * es.length];
        float[] e = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = zs[i / es.length];
            e[i] = es[i % es.length];
        }
        float[] dl4j = new ActivationReLU().backprop(Nd4j.createFromArray(z), Nd4j.createFromArray(e)).getFirst()
                .toFloatVector();
        float[] got = FastActivation.backprop(Nd4j.createFromArray(z), Nd4j.createFromArray(e), new ActivationReLU())
                .toFloatVector();
        for (int i = 0; i < z.length; i++) {
            String at = "z " + z[i] + ", epsilon " + e[i] + ": keras4j " + got[i] + ", DL4J " + dl4j[i];
            // TensorFlow's ReluGrad: gradients * (features > 0)
            assertEquals(Float.floatToIntBits(e[i] * (z[i] > 0 ? 1f : 0f)), Float.floatToIntBits(got[i]), at);
            if (Float.isFinite(e[i]) || z[i] > 0) {   // DL4J selects: 0, not 0 * infinity, where z <= 0
                assertTrue(got[i] == dl4j[i] || Float.isNaN(got[i]) && Float.isNaN(dl4j[i]), at);
            }
        }
        assertTrue(Float.isNaN(FastActivation.positive(Float.NaN)), "a NaN pre-activation shows in the gradient");
    }

    @Test
    void tanhIsWithinFiveUlpsEverywhere() {
        float[] x = new float[2_000_001];
        for (int i = 0; i < x.length; i++) {
            x[i] = -12f + 24f * i / (x.length - 1);
        }
        float[] special = {0f, -0f, 1e-30f, -1e-30f, Float.MIN_VALUE, 4e-4f, 9f, 9.5f, -9.5f, 88f, Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        float[] all = java.util.Arrays.copyOf(x, x.length + special.length);
        System.arraycopy(special, 0, all, x.length, special.length);
        float[] y = all.clone();
        FastActivation.tanh(y, y.length);
        double worst = 0;
        for (int i = 0; i < all.length; i++) {
            double exact = Math.tanh(all[i]);
            double ulps = Math.abs(y[i] - exact) / Math.ulp((float) exact);
            worst = Math.max(worst, ulps);
            assertTrue(ulps <= 5, "tanh(" + all[i] + ") = " + y[i] + ", exactly " + exact);
            assertTrue(Math.abs(y[i]) <= 1f, "within [-1, 1]");
        }
        assertTrue(worst > 0, "an approximation, not the exact function");
        float[] nan = {Float.NaN};
        FastActivation.tanh(nan, 1);
        assertTrue(Float.isNaN(nan[0]), "NaN stays NaN");
        float[] negativeZero = {-0f};
        FastActivation.tanh(negativeZero, 1);
        assertEquals(-0f, negativeZero[0], 0f);
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(negativeZero[0]), "tanh(-0) = -0");
    }

    @ParameterizedTest(name = "libnd4j''s operations: {0}")
    @ValueSource(booleans = {false, true})
    void tanhForwardAndBackpropMatchDl4js(boolean onednn) {
        Nd4j.getRandom().setSeed(12);
        for (long[] shape : SHAPES) {
            for (char zOrder : new char[] {'c', 'f'}) {
                INDArray z = Nd4j.randn(DataType.FLOAT, shape).muli(3).dup(zOrder);
                INDArray expected = new ActivationTanH().getActivation(z.dup(zOrder), true);
                INDArray mine = z.dup(zOrder);
                assertSame(mine, FastActivation.forward(mine, new ActivationTanH(), true, onednn), "in place");
                assertTrue(expected.equalsWithEps(mine, 3e-7), java.util.Arrays.toString(shape) + " " + zOrder);
                for (char eOrder : new char[] {'c', 'f'}) {
                    INDArray epsilon = Nd4j.randn(DataType.FLOAT, shape).dup(eOrder);
                    INDArray dl4j = new ActivationTanH().backprop(z.dup(zOrder), epsilon).getFirst();
                    INDArray delta = FastActivation.backprop(z.dup(zOrder), epsilon, new ActivationTanH(), onednn);
                    assertTrue(dl4j.equalsWithEps(delta, 1e-6), java.util.Arrays.toString(shape) + " " + zOrder
                            + "/" + eOrder + ": " + dl4j.sub(delta).amaxNumber());
                }
            }
        }
    }

    @Test
    void otherActivationsAreTheirOwn() {
        INDArray z = Nd4j.randn(DataType.FLOAT, 5, 4);
        INDArray epsilon = Nd4j.randn(DataType.FLOAT, 5, 4);
        INDArray capped = new ActivationReLU(6.0, null, null).backprop(z.dup(), epsilon).getFirst();
        assertEquals(capped, FastActivation.backprop(z.dup(), epsilon, new ActivationReLU(6.0, null, null)),
                "ReLU(max 6)");
        INDArray sigmoid = new ActivationSigmoid().backprop(z.dup(), epsilon).getFirst();
        assertEquals(sigmoid, FastActivation.backprop(z.dup(), epsilon, new ActivationSigmoid()), "sigmoid");
        assertEquals(new ActivationSigmoid().getActivation(z.dup(), false),
                FastActivation.forward(z.dup(), new ActivationSigmoid(), false), "sigmoid forward");
        INDArray mine = z.dup();
        assertSame(mine, FastActivation.backprop(mine, epsilon, new ActivationReLU()), "a plain ReLU writes into z");
        // A z with gaps in memory (every other column of a larger array): DL4J's own code or libnd4j's
        // operation, and the gaps untouched.
        for (boolean onednn : new boolean[] {false, true}) {
            INDArray big = Nd4j.randn(DataType.FLOAT, 5, 8);
            INDArray before = big.dup();
            INDArray strided = big.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2, 8));
            INDArray expected = new ActivationTanH().getActivation(strided.dup(), true);
            assertTrue(expected.equalsWithEps(FastActivation.forward(strided, new ActivationTanH(), true, onednn), 3e-7));
            assertEquals(before.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2, 8)), big.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2, 8)), "the other columns");
        }
    }
}
