package keras4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Arrays2;
import keras4j.Functional;
import keras4j.Keras4jException;
import keras4j.Sequential;
import keras4j.graph.KerasTensor;

/**
 * Conv1D and the 1-D pooling layers: forward passes against Keras's formulas written out (kernel
 * [k, in, filters], TensorFlow's "same" padding, dilation), in Sequential and Functional models,
 * and Keras-style refusals of bad arguments.
 */
class Conv1DLayersTest {
    private static float[] flat(INDArray a) {
        return a.reshape(a.length()).toFloatVector();
    }

    /**
     * Keras's Conv1D, written out: "same" pads (total / 2) steps at the start, the rest at the end;
     * "causal" pads (kernel - 1) * dilation at the start.
     */
    static INDArray referenceConv(INDArray x, INDArray k, INDArray bias, int stride, int dilation, String padding) {
        int n = (int) x.size(0), steps = (int) x.size(1), c = (int) x.size(2);
        int kl = (int) k.size(0), f = (int) k.size(2);
        int effective = (kl - 1) * dilation + 1;
        boolean valid = padding.equals("valid");
        int out = valid ? (steps - effective) / stride + 1 : (steps + stride - 1) / stride;
        // "causal" puts all of its (kernel - 1) * dilation zeros before the first step
        int start = padding.equals("causal") ? effective - 1
                : valid ? 0 : Math.max((out - 1) * stride + effective - steps, 0) / 2;
        INDArray y = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, out, f);
        for (int b = 0; b < n; b++) {
            for (int t = 0; t < out; t++) {
                for (int o = 0; o < f; o++) {
                    double sum = bias == null ? 0 : bias.getDouble(o);
                    for (int i = 0; i < kl; i++) {
                        int s = t * stride - start + i * dilation;
                        if (s < 0 || s >= steps) {
                            continue;
                        }
                        for (int ch = 0; ch < c; ch++) {
                            sum += x.getDouble(b, s, ch) * k.getDouble(i, ch, o);
                        }
                    }
                    y.putScalar(new int[] {b, t, o}, sum);
                }
            }
        }
        return y;
    }

    @Test
    void conv1dMatchesKerasFormulaForPaddingStridesAndDilation() {
        int[][] cases = {{1, 1}, {2, 1}, {3, 1}, {1, 2}, {1, 3}};
        for (String padding : List.of("valid", "same", "causal")) {
            for (int[] sd : cases) {
                INDArray kernel = Arrays2.random(3, 3, 2, 4);
                INDArray bias = Arrays2.random(4, 4);
                Sequential model = Sequential.of(new Input(9, 2),
                        new Conv1D(4, 3).strides(sd[0]).dilationRate(sd[1]).padding(padding).name("c"));
                model.getLayer("c").setWeights(List.of(kernel, bias));
                INDArray x = Arrays2.random(5, 2, 9, 2);
                INDArray expected = referenceConv(x, kernel, bias, sd[0], sd[1], padding);
                INDArray predicted = model.predict(x);
                String what = padding + " strides " + sd[0] + " dilation " + sd[1];
                assertArrayEquals(expected.shape(), predicted.shape(), what);
                assertArrayEquals(flat(expected), flat(predicted), 1e-4f, what);
                assertEquals(kernel, model.getLayer("c").getWeights().get(0), "kernel [k, in, filters] comes back");
            }
        }
    }

    @Test
    void stackedConv1dAndPoolingInAFunctionalModelMatchTheFormulas() {
        KerasTensor x = Input.tensor(12, 3);
        Conv1D first = new Conv1D(2, 2, "relu").padding("same").name("first");
        Conv1D second = new Conv1D(3, 3).dilationRate(2).useBias(false).name("second");
        KerasTensor h = new MaxPooling1D(2).apply(first.apply(x));
        KerasTensor y = new GlobalAveragePooling1D().apply(second.apply(new AveragePooling1D(1).apply(h)));
        Functional model = new Functional(x, y);
        INDArray k1 = Arrays2.random(7, 2, 3, 2);
        INDArray b1 = Arrays2.random(8, 2);
        INDArray k2 = Arrays2.random(9, 3, 2, 3);
        first.setWeights(List.of(k1, b1));
        second.setWeights(List.of(k2));
        INDArray in = Arrays2.random(10, 2, 12, 3);

        INDArray a = referenceConv(in, k1, b1, 1, 1, "same");
        a = org.nd4j.linalg.ops.transforms.Transforms.relu(a);
        INDArray pooled = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 6, 2);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 6; t++) {
                for (int c = 0; c < 2; c++) {
                    pooled.putScalar(new int[] {b, t, c}, Math.max(a.getDouble(b, 2 * t, c), a.getDouble(b, 2 * t + 1, c)));
                }
            }
        }
        INDArray expected = referenceConv(pooled, k2, null, 1, 2, "valid").mean(1);   // 2 steps left
        assertArrayEquals(new long[] {2, 3}, model.predict(in).shape());
        assertArrayEquals(flat(expected), flat(model.predict(in)), 1e-4f);
    }

    @Test
    void poolingMatchesKerasForSamePadding() {
        // Steps 1..5 in one channel, their negatives in another.
        INDArray x = Nd4j.create(new float[] {1, -1, 5, -5, 2, -2, 4, -4, 3, -3}, new long[] {1, 5, 2}, 'c');
        Sequential max = Sequential.of(new Input(5, 2), new MaxPooling1D(2).padding("same"));
        assertArrayEquals(new float[] {5, -1, 4, -2, 3, -3}, flat(max.predict(x)), 1e-6f);
        // Keras averages only the steps inside the sequence: the last window holds step 5 alone.
        Sequential avg = Sequential.of(new Input(5, 2), new AveragePooling1D(2).padding("same"));
        assertArrayEquals(new float[] {3, -3, 3, -3, 3, -3}, flat(avg.predict(x)), 1e-6f);
        Sequential avg3 = Sequential.of(new Input(5, 2), new AveragePooling1D(3).strides(1));
        assertArrayEquals(new float[] {8 / 3f, -8 / 3f, 11 / 3f, -11 / 3f, 3, -3}, flat(avg3.predict(x)), 1e-6f);
        assertArrayEquals(new float[] {5, -1}, flat(Sequential.of(new Input(5, 2), new GlobalMaxPooling1D()).predict(x)),
                1e-6f);
        assertArrayEquals(new float[] {3, -3},
                flat(Sequential.of(new Input(5, 2), new GlobalAveragePooling1D()).predict(x)), 1e-6f);
    }

    @Test
    void upSamplingZeroPaddingAndCroppingMoveValuesAsKerasDoes() {
        // A 2x2 image of one channel: 1 2 / 3 4.
        INDArray image = Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {1, 2, 2, 1}, 'c');
        assertArrayEquals(new float[] {1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4},
                flat(Sequential.of(new Input(2, 2, 1), new UpSampling2D(2, 3)).predict(image)), 0f);
        // top 1, bottom 0, left 0, right 1
        assertArrayEquals(new float[] {0, 0, 0, 1, 2, 0, 3, 4, 0},
                flat(Sequential.of(new Input(2, 2, 1), new ZeroPadding2D(new int[] {1, 0, 0, 1})).predict(image)), 0f);
        INDArray big = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, new long[] {1, 3, 4, 1}, 'c');
        // top 1, bottom 0, left 1, right 2: row 1..2, column 1
        assertArrayEquals(new float[] {6, 10},
                flat(Sequential.of(new Input(3, 4, 1), new Cropping2D(new int[] {1, 0, 1, 2})).predict(big)), 0f);
        // A sequence of 3 steps, two channels.
        INDArray seq = Nd4j.create(new float[] {1, -1, 2, -2, 3, -3}, new long[] {1, 3, 2}, 'c');
        assertArrayEquals(new float[] {1, -1, 1, -1, 2, -2, 2, -2, 3, -3, 3, -3},
                flat(Sequential.of(new Input(3, 2), new UpSampling1D()).predict(seq)), 0f);
        assertArrayEquals(new float[] {0, 0, 1, -1, 2, -2, 3, -3, 0, 0, 0, 0},
                flat(Sequential.of(new Input(3, 2), new ZeroPadding1D(1, 2)).predict(seq)), 0f);
        assertArrayEquals(new float[] {2, -2},
                flat(Sequential.of(new Input(3, 2), new Cropping1D()).predict(seq)), 0f);
        assertArrayEquals(new float[] {3, -3},
                flat(Sequential.of(new Input(3, 2), new Cropping1D(2, 0)).predict(seq)), 0f);
        fails(Sequential.of(new Input(2, 2), new Cropping1D())::summary, "Cropping1D", "longer than the cropping");
        fails(Sequential.of(new Input(2, 3, 1), new Cropping2D(1))::summary, "Cropping2D", "larger than the cropping");
        fails(() -> new ZeroPadding2D(-1), "ZeroPadding2D", "non-negative");
        fails(() -> new UpSampling1D(0), "UpSampling1D", "size must be a positive integer");
        fails(Sequential.of(new Input(4), new UpSampling2D())::summary, "ndim=4");
    }

    private static void fails(org.junit.jupiter.api.function.Executable call, String... fragments) {
        String message = assertThrows(Keras4jException.class, call).getMessage();
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "'" + fragment + "' in: " + message);
        }
    }

    @Test
    void causalPaddingLetsEachStepSeeOnlyItselfAndTheStepsBefore() {
        // Kernel [1, 10, 100] over steps 1..5 (one channel, no bias): out[t] = x[t-2] + 10 x[t-1] + 100 x[t].
        Sequential model = Sequential.of(new Input(5, 1), new Conv1D(1, 3).padding("causal").useBias(false).name("c"));
        model.getLayer("c").setWeights(List.of(Nd4j.create(new float[] {1, 10, 100}, new long[] {3, 1, 1}, 'c')));
        INDArray x = Nd4j.create(new float[] {1, 2, 3, 4, 5}, new long[] {1, 5, 1}, 'c');
        assertArrayEquals(new float[] {100, 210, 321, 432, 543}, flat(model.predict(x)), 1e-4f);
        // Dilation 2: out[t] = x[t-4] + 10 x[t-2] + 100 x[t]; a change at step 3 changes no earlier output.
        Sequential dilated = Sequential.of(new Input(5, 1), new Conv1D(1, 3).padding("causal").dilationRate(2)
                .useBias(false).name("c"));
        dilated.getLayer("c").setWeights(List.of(Nd4j.create(new float[] {1, 10, 100}, new long[] {3, 1, 1}, 'c')));
        assertArrayEquals(new float[] {100, 200, 310, 420, 531}, flat(dilated.predict(x)), 1e-4f);
        INDArray changed = x.dup();
        changed.putScalar(new int[] {0, 3, 0}, 40);
        float[] before = flat(dilated.predict(x));
        float[] after = flat(dilated.predict(changed));
        assertArrayEquals(java.util.Arrays.copyOf(before, 3), java.util.Arrays.copyOf(after, 3), 0f);
    }

    @Test
    void badArgumentsGetKerasStyleMessagesNamingTheLayer() {
        fails(() -> new Conv1D(0, 3), "Conv1D", "filters must be a positive integer");
        fails(() -> new Conv1D(4, -1), "Conv1D", "kernel_size");
        fails(() -> new Conv1D(4, 3).strides(2).dilationRate(2), "strides > 1 not supported", "dilation_rate > 1");
        fails(() -> new Conv1D(4, 3).padding("full"), "padding", "valid", "same");
        fails(() -> new Conv1D(4, 3).padding("full"), "padding", "causal");
        fails(() -> new MaxPooling1D(0), "MaxPooling1D", "pool_size");
        fails(() -> new Conv2D(2, 3).dilationRate(2).strides(2), "Conv2D", "strides > 1 not supported");
        fails(Sequential.of(new Input(4, 4, 1), new Conv2D(2, 3).dilationRate(2))::summary, "dilated kernel [5, 5]",
                "at least 5x5");
        fails(() -> new AveragePooling1D(2).padding("causal"), "padding");
        fails(Sequential.of(new Input(4, 2), new Conv1D(2, 5).name("c"))::summary, "Input 0 of layer 'c' (Conv1D)",
                "at least 5 steps", "(None, 4, 2)");
        fails(Sequential.of(new Input(4, 2), new Conv1D(2, 3).dilationRate(2))::summary, "at least 5 steps",
                "dilation_rate 2");
        fails(Sequential.of(new Input(10), new Conv1D(2, 3))::summary, "ndim=3", "new Input(10, 1)");
        fails(Sequential.of(new Input(6, 6, 1), new MaxPooling1D())::summary, "ndim=3", "steps, channels");
        fails(Sequential.of(new Input(6), new GlobalMaxPooling1D())::summary, "ndim=3");
    }

    @Test
    void summaryCountsKerasParams() {
        Sequential model = Sequential.of(new Input(20, 100), new Conv1D(128, 3, "relu"), new Conv1D(64, 3),
                new MaxPooling1D(), new GlobalMaxPooling1D(), new Dense(1, "sigmoid"));
        assertEquals(128 * 300 + 128 + 64 * 384 + 64 + 65, model.countParams());
        String summary = model.summary();
        assertTrue(summary.contains("conv1d (Conv1D)"), summary);
        assertTrue(summary.contains("(None, 18, 128)"), summary);
        assertTrue(summary.contains("(None, 8, 64)"), summary);
        assertTrue(summary.contains("global_max_pooling1d (GlobalMaxPooling1D)"), summary);
    }
}
