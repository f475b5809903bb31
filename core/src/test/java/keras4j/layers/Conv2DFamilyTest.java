package keras4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Arrays2;
import keras4j.Keras4jException;
import keras4j.Sequential;

/**
 * Conv2DTranspose, DepthwiseConv2D and SeparableConv2D: forward passes against Keras's definitions
 * written out (a transposed convolution scatters each input pixel through the kernel [kh, kw,
 * filters, in] onto the output, "same" cropping (kernel - strides) / 2 at the top and left; a
 * depthwise one convolves channel c with kernel [.., .., c, m] into output channel c * multiplier
 * + m), and Keras-style refusals.
 */
class Conv2DFamilyTest {
    private static float[] flat(INDArray a) {
        return a.reshape(a.length()).toFloatVector();
    }

    /** Keras's Conv2DTranspose: y[i * s + a * d - top, j * s + b * d - left, o] += x[i, j, c] * k[a, b, o, c]. */
    static INDArray referenceTranspose(INDArray x, INDArray k, INDArray bias, int[] s, int[] d, String padding) {
        int n = (int) x.size(0), h = (int) x.size(1), w = (int) x.size(2), c = (int) x.size(3);
        int kh = (int) k.size(0), kw = (int) k.size(1), f = (int) k.size(2);
        int[] window = {(kh - 1) * d[0] + 1, (kw - 1) * d[1] + 1};
        boolean same = padding.equals("same");
        int oh = same ? h * s[0] : (h - 1) * s[0] + window[0];
        int ow = same ? w * s[1] : (w - 1) * s[1] + window[1];
        int top = same ? (window[0] - s[0]) / 2 : 0;
        int left = same ? (window[1] - s[1]) / 2 : 0;
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, oh, ow, f);
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    for (int a = 0; a < kh; a++) {
                        for (int e = 0; e < kw; e++) {
                            int r = i * s[0] + a * d[0] - top;
                            int q = j * s[1] + e * d[1] - left;
                            if (r < 0 || r >= oh || q < 0 || q >= ow) {
                                continue;
                            }
                            for (int o = 0; o < f; o++) {
                                double sum = y.getDouble(b, r, q, o);
                                for (int ch = 0; ch < c; ch++) {
                                    sum += x.getDouble(b, i, j, ch) * k.getDouble(a, e, o, ch);
                                }
                                y.putScalar(new int[] {b, r, q, o}, sum);
                            }
                        }
                    }
                }
            }
        }
        return bias == null ? y : org.nd4j.linalg.factory.Broadcast.add(y, bias, y, 3);
    }

    /** Keras's DepthwiseConv2D: y[i, j, c * m + q] = sum x[i * s + a * d - top, j * s + b * d - left, c] * k[a, b, c, q]. */
    static INDArray referenceDepthwise(INDArray x, INDArray k, INDArray bias, int[] s, int[] d, String padding) {
        int n = (int) x.size(0), h = (int) x.size(1), w = (int) x.size(2), c = (int) x.size(3);
        int kh = (int) k.size(0), kw = (int) k.size(1), m = (int) k.size(3);
        int[] window = {(kh - 1) * d[0] + 1, (kw - 1) * d[1] + 1};
        boolean same = padding.equals("same");
        int oh = same ? (h + s[0] - 1) / s[0] : (h - window[0]) / s[0] + 1;
        int ow = same ? (w + s[1] - 1) / s[1] : (w - window[1]) / s[1] + 1;
        int top = same ? Math.max((oh - 1) * s[0] + window[0] - h, 0) / 2 : 0;
        int left = same ? Math.max((ow - 1) * s[1] + window[1] - w, 0) / 2 : 0;
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, oh, ow, c * m);
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int ch = 0; ch < c; ch++) {
                        for (int q = 0; q < m; q++) {
                            double sum = bias == null ? 0 : bias.getDouble(ch * m + q);
                            for (int a = 0; a < kh; a++) {
                                for (int e = 0; e < kw; e++) {
                                    int r = i * s[0] + a * d[0] - top;
                                    int p = j * s[1] + e * d[1] - left;
                                    if (r >= 0 && r < h && p >= 0 && p < w) {
                                        sum += x.getDouble(b, r, p, ch) * k.getDouble(a, e, ch, q);
                                    }
                                }
                            }
                            y.putScalar(new int[] {b, i, j, ch * m + q}, sum);
                        }
                    }
                }
            }
        }
        return y;
    }

    @Test
    void conv2dTransposeOfOnePixelIsTheKernelTimesThePixel() {
        // One input pixel of value 2 and one channel: the output is 2 * the kernel (for filter 0) plus the bias.
        INDArray kernel = Nd4j.create(new float[] {1, -1, 2, -2, 3, -3, 4, -4}, new long[] {2, 2, 2, 1}, 'c');
        Sequential model = Sequential.of(new Input(1, 1, 1), new Conv2DTranspose(2, 2).name("t"));
        model.getLayer("t").setWeights(List.of(kernel, Arrays2.f(0.5, 0)));
        INDArray out = model.predict(Nd4j.create(new float[] {2}, new long[] {1, 1, 1, 1}, 'c'));
        assertArrayEquals(new long[] {1, 2, 2, 2}, out.shape());
        assertArrayEquals(new float[] {2.5f, -2, 4.5f, -4, 6.5f, -6, 8.5f, -8}, flat(out), 1e-6f);
        assertEquals(kernel, model.getLayer("t").getWeights().get(0), "kernel [kh, kw, filters, in] comes back");
    }

    @Test
    void conv2dTransposeMatchesKerasDefinitionForPaddingStridesAndDilation() {
        int[][][] cases = {{{1, 1}, {1, 1}}, {{2, 2}, {1, 1}}, {{2, 1}, {1, 1}}, {{2, 3}, {1, 1}}};
        for (String padding : List.of("valid", "same")) {
            for (int[][] sd : cases) {
                for (int[] kernelSize : new int[][] {{3, 3}, {2, 3}}) {
                    INDArray kernel = Arrays2.random(3, kernelSize[0], kernelSize[1], 4, 2);
                    INDArray bias = Arrays2.random(4, 4);
                    Sequential model = Sequential.of(new Input(3, 4, 2), new Conv2DTranspose(4, kernelSize)
                            .strides(sd[0]).dilationRate(sd[1]).padding(padding).name("t"));
                    model.getLayer("t").setWeights(List.of(kernel, bias));
                    INDArray x = Arrays2.random(5, 2, 3, 4, 2);
                    INDArray expected = referenceTranspose(x, kernel, bias, sd[0], sd[1], padding);
                    INDArray predicted = model.predict(x);
                    String what = padding + " kernel " + java.util.Arrays.toString(kernelSize) + " strides "
                            + java.util.Arrays.toString(sd[0]) + " dilation " + java.util.Arrays.toString(sd[1]);
                    assertArrayEquals(expected.shape(), predicted.shape(), what);
                    assertArrayEquals(expected.shape(),
                            prepend(2, model.getLayer("t").computeOutputShape(new int[] {3, 4, 2})), what);
                    assertArrayEquals(flat(expected), flat(predicted), 1e-4f, what);
                }
            }
        }
    }

    private static long[] prepend(long first, int[] rest) {
        long[] out = new long[rest.length + 1];
        out[0] = first;
        for (int i = 0; i < rest.length; i++) {
            out[i + 1] = rest[i];
        }
        return out;
    }

    @Test
    void depthwiseConv2dMatchesKerasDefinition() {
        int[][][] cases = {{{1, 1}, {1, 1}}, {{2, 2}, {1, 1}}, {{1, 2}, {1, 1}}};
        for (String padding : List.of("valid", "same")) {
            for (int[][] sd : cases) {
                INDArray kernel = Arrays2.random(3, 3, 2, 2, 3);
                INDArray bias = Arrays2.random(4, 6);
                Sequential model = Sequential.of(new Input(5, 4, 2), new DepthwiseConv2D(new int[] {3, 2})
                        .depthMultiplier(3).strides(sd[0]).dilationRate(sd[1]).padding(padding).name("d"));
                model.getLayer("d").setWeights(List.of(kernel, bias));
                INDArray x = Arrays2.random(5, 2, 5, 4, 2);
                INDArray expected = referenceDepthwise(x, kernel, bias, sd[0], sd[1], padding);
                String what = padding + " strides " + java.util.Arrays.toString(sd[0]) + " dilation "
                        + java.util.Arrays.toString(sd[1]);
                assertArrayEquals(expected.shape(), model.predict(x).shape(), what);
                assertArrayEquals(flat(expected), flat(model.predict(x)), 1e-4f, what);
                assertEquals(kernel, model.getLayer("d").getWeights().get(0), "kernel [kh, kw, in, multiplier]");
            }
        }
    }

    @Test
    void separableConv2dIsDepthwiseThenPointwise() {
        for (String padding : List.of("valid", "same")) {
            INDArray depthwise = Arrays2.random(3, 3, 3, 2, 2);
            INDArray pointwise = Arrays2.random(4, 1, 1, 4, 3);
            INDArray bias = Arrays2.random(5, 3);
            Sequential model = Sequential.of(new Input(5, 5, 2), new SeparableConv2D(3, 3, "tanh").depthMultiplier(2)
                    .strides(2).padding(padding).name("s"));
            model.getLayer("s").setWeights(List.of(depthwise, pointwise, bias));
            INDArray x = Arrays2.random(6, 2, 5, 5, 2);
            INDArray middle = referenceDepthwise(x, depthwise, null, new int[] {2, 2}, new int[] {1, 1}, padding);
            long[] shape = middle.shape();
            INDArray expected = org.nd4j.linalg.ops.transforms.Transforms.tanh(middle.reshape(-1, 4)
                    .mmul(pointwise.reshape(4, 3)).addRowVector(bias)).reshape(shape[0], shape[1], shape[2], 3);
            assertArrayEquals(expected.shape(), model.predict(x).shape(), padding);
            assertArrayEquals(flat(expected), flat(model.predict(x)), 1e-4f, padding);
            List<INDArray> weights = model.getLayer("s").getWeights();
            assertEquals(List.of(depthwise, pointwise, bias), weights, "Keras's layouts and order");
        }
    }

    @Test
    void stackedSeparableDepthwiseAndTransposedConvolutionsMatchTheDefinitions() {
        INDArray depthwise = Arrays2.random(3, 2, 2, 2, 1);
        INDArray pointwise = Arrays2.random(4, 1, 1, 2, 3);
        INDArray bias = Arrays2.random(5, 3);
        INDArray second = Arrays2.random(6, 2, 2, 3, 1);
        INDArray secondBias = Arrays2.random(7, 3);
        Sequential model = Sequential.of(new Input(5, 5, 2), new SeparableConv2D(3, 2).name("s"),
                new DepthwiseConv2D(2).name("d"));
        model.getLayer("s").setWeights(List.of(depthwise, pointwise, bias));
        model.getLayer("d").setWeights(List.of(second, secondBias));
        INDArray x = Arrays2.random(8, 2, 5, 5, 2);
        int[] one = {1, 1};
        INDArray middle = referenceDepthwise(x, depthwise, null, one, one, "valid");
        long[] shape = middle.shape();
        INDArray separated = middle.reshape(-1, 2).mmul(pointwise.reshape(2, 3)).addRowVector(bias)
                .reshape(shape[0], shape[1], shape[2], 3);
        INDArray expected = referenceDepthwise(separated, second, secondBias, one, one, "valid");
        assertArrayEquals(flat(expected), flat(model.predict(x)), 1e-4f);
    }

    @Test
    void aKernelSmallerThanTheStridesAndOutputPaddingAreRefusedInOneLine() {
        Keras4jException small = assertThrows(Keras4jException.class, () -> Sequential.of(new Input(3, 3, 1),
                new Conv2DTranspose(2, 1).strides(2).name("up")).summary());
        assertTrue(small.getMessage().contains("'up'") && small.getMessage().contains("smaller than its strides"),
                small.getMessage());
        Map<String, Object> config = new java.util.LinkedHashMap<>(new Conv2DTranspose(2, 3).getConfig());
        config.put("output_padding", List.of(1, 1));
        Keras4jException padding = assertThrows(Keras4jException.class,
                () -> Layer.fromConfig("Conv2DTranspose", config));
        assertTrue(padding.getMessage().contains("output_padding"), padding.getMessage());
        assertThrows(Keras4jException.class, () -> new DepthwiseConv2D(3).depthMultiplier(0));
        Keras4jException dilated = assertThrows(Keras4jException.class, () -> new Conv2DTranspose(2, 3).dilationRate(2));
        assertTrue(dilated.getMessage().startsWith("Conv2DTranspose: dilation_rate"), dilated.getMessage());
        assertThrows(Keras4jException.class, () -> new DepthwiseConv2D(3).dilationRate(1, 2));
        assertThrows(Keras4jException.class, () -> new SeparableConv2D(4, 3).strides(2).dilationRate(2));
        Map<String, Object> separable = new java.util.LinkedHashMap<>(new SeparableConv2D(2, 3).getConfig());
        separable.put("pointwise_regularizer", keras4j.regularizers.Regularizer.l2(0.1).getConfig());
        Keras4jException differ = assertThrows(Keras4jException.class,
                () -> Layer.fromConfig("SeparableConv2D", separable));
        assertTrue(differ.getMessage().contains("pointwise_regularizer"), differ.getMessage());
    }

    @Test
    void kerasAliasesAreRead() {
        assertTrue(Layer.fromConfig("Convolution2D", new Conv2D(2, 3).getConfig()) instanceof Conv2D);
        assertTrue(Layer.fromConfig("Convolution2DTranspose", new Conv2DTranspose(2, 3).getConfig())
                instanceof Conv2DTranspose);
        assertTrue(Layer.fromConfig("SeparableConvolution2D", new SeparableConv2D(2, 3).getConfig())
                instanceof SeparableConv2D);
        assertTrue(Layer.fromConfig("MaxPool2D", new MaxPooling2D(2).getConfig()) instanceof MaxPooling2D);
        assertTrue(Layer.fromConfig("AvgPool2D", new AveragePooling2D(2).getConfig()) instanceof AveragePooling2D);
    }
}
