package keras4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Arrays2;
import keras4j.Sequential;

/** Forward passes with weights set by hand (in Keras's layout) equal values computed by hand. */
class ForwardByHandTest {
    private static final double TOLERANCE = 1e-5;

    private static Sequential compiled(Layer... layers) {
        Sequential model = Sequential.of(layers);
        model.compile("sgd", "mse");
        return model;
    }

    private static float[] flat(INDArray a) {
        return a.reshape(a.length()).toFloatVector();
    }

    @Test
    void denseComputesInputTimesKernelPlusBias() {
        Sequential model = compiled(new Input(2), new Dense(3).name("d"));
        model.getLayer("d").setWeights(List.of(Arrays2.f(new double[][] {{1, 0, -1}, {2, 1, 0}}), Arrays2.f(0.5, -0.5, 0)));
        INDArray out = model.predict(Arrays2.f(new double[][] {{1, 2}}));
        assertArrayEquals(new float[] {5.5f, 1.5f, -1f}, flat(out), (float) TOLERANCE);
    }

    @Test
    void denseActivationsApply() {
        Sequential model = compiled(new Input(1), new Dense(2, "relu").name("d"), new Activation("sigmoid"));
        model.getLayer("d").setWeights(List.of(Arrays2.f(new double[][] {{1, -1}}), Arrays2.f(0, 0)));
        INDArray out = model.predict(Arrays2.f(new double[][] {{2}}));
        assertArrayEquals(new float[] {(float) (1 / (1 + Math.exp(-2))), 0.5f}, flat(out), (float) TOLERANCE);
    }

    @Test
    void conv2dKernelIsKerasLayoutAndFlattenIsChannelsLast() {
        // Kernel [kh, kw, in, out]: filter 0 is [[1, 2], [3, 4]], filter 1 its negative.
        INDArray kernel = Nd4j.create(new float[] {1, -1, 2, -2, 3, -3, 4, -4}, new long[] {2, 2, 1, 2}, 'c');
        Sequential model = compiled(new Input(3, 3, 1), new Conv2D(2, 2).name("c"), new Flatten());
        model.getLayer("c").setWeights(List.of(kernel, Arrays2.f(0, 0)));
        INDArray x = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new long[] {1, 3, 3, 1}, 'c');
        // Keras: out[i, j, f] flattened as (i, j, f).
        assertArrayEquals(new float[] {37, -37, 47, -47, 67, -67, 77, -77}, flat(model.predict(x)), (float) TOLERANCE);
        assertArrayEquals(new long[] {2, 2, 1, 2}, model.getLayer("c").getWeights().get(0).shape());
    }

    @Test
    void conv2dWithChannelsStridesAndSamePaddingMatchesReference() {
        for (String padding : List.of("valid", "same")) {
            for (int stride : new int[] {1, 2}) {
                INDArray kernel = Arrays2.random(3, 2, 3, 2, 4);
                INDArray bias = Arrays2.random(4, 4);
                Sequential model = compiled(new Input(5, 6, 2),
                        new Conv2D(4, new int[] {2, 3}).strides(stride).padding(padding).name("c"), new Flatten());
                model.getLayer("c").setWeights(List.of(kernel, bias));
                INDArray x = Arrays2.random(5, 2, 5, 6, 2);
                float[] expected = referenceConv(x, kernel, bias, stride, padding);
                assertArrayEquals(expected, flat(model.predict(x)), 1e-4f, padding + " stride " + stride);
            }
        }
    }

    @Test
    void dilatedConv2dMatchesReference() {
        for (String padding : List.of("valid", "same")) {
            for (int[] dilation : new int[][] {{2, 2}, {1, 3}, {3, 1}}) {
                INDArray kernel = Arrays2.random(6, 2, 3, 2, 3);
                INDArray bias = Arrays2.random(7, 3);
                Sequential model = compiled(new Input(7, 8, 2),
                        new Conv2D(3, new int[] {2, 3}).dilationRate(dilation).padding(padding).name("c"), new Flatten());
                model.getLayer("c").setWeights(List.of(kernel, bias));
                INDArray x = Arrays2.random(8, 2, 7, 8, 2);
                float[] expected = referenceConv(x, kernel, bias, 1, dilation, padding);
                assertArrayEquals(expected, flat(model.predict(x)), 1e-4f, padding + " dilation "
                        + java.util.Arrays.toString(dilation));
            }
        }
    }

    /** Keras / TensorFlow convolution, written out: "same" pads less at the top/left than at the bottom/right. */
    static float[] referenceConv(INDArray x, INDArray k, INDArray bias, int stride, String padding) {
        return referenceConv(x, k, bias, stride, new int[] {1, 1}, padding);
    }

    /** The same with a dilation: the kernel's taps {@code dilation} apart, a window of (k - 1) * dilation + 1. */
    static float[] referenceConv(INDArray x, INDArray k, INDArray bias, int stride, int[] dilation, String padding) {
        int n = (int) x.size(0), h = (int) x.size(1), w = (int) x.size(2), c = (int) x.size(3);
        int kh = (int) k.size(0), kw = (int) k.size(1), f = (int) k.size(3);
        int eh = (kh - 1) * dilation[0] + 1, ew = (kw - 1) * dilation[1] + 1;
        int oh, ow, padTop, padLeft;
        if (padding.equals("same")) {
            oh = (h + stride - 1) / stride;
            ow = (w + stride - 1) / stride;
            padTop = Math.max((oh - 1) * stride + eh - h, 0) / 2;
            padLeft = Math.max((ow - 1) * stride + ew - w, 0) / 2;
        } else {
            oh = (h - eh) / stride + 1;
            ow = (w - ew) / stride + 1;
            padTop = 0;
            padLeft = 0;
        }
        float[] out = new float[n * oh * ow * f];
        int p = 0;
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int o = 0; o < f; o++) {
                        double sum = bias.getDouble(o);
                        for (int a = 0; a < kh; a++) {
                            for (int d = 0; d < kw; d++) {
                                int r = i * stride + a * dilation[0] - padTop;
                                int s = j * stride + d * dilation[1] - padLeft;
                                if (r < 0 || s < 0 || r >= h || s >= w) {
                                    continue;
                                }
                                for (int ch = 0; ch < c; ch++) {
                                    sum += x.getDouble(b, r, s, ch) * k.getDouble(a, d, ch, o);
                                }
                            }
                        }
                        out[p++] = (float) sum;
                    }
                }
            }
        }
        return out;
    }

    @Test
    void maxPoolingKeepsTheLargestOfEachWindow() {
        Sequential model = compiled(new Input(4, 4, 1), new MaxPooling2D(), new Flatten());
        INDArray x = Nd4j.create(new float[] {1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16},
                new long[] {1, 4, 4, 1}, 'c');
        assertArrayEquals(new float[] {4, 8, 12, 16}, flat(model.predict(x)), (float) TOLERANCE);
    }

    @Test
    void averagePoolingWithSamePaddingLeavesPaddingOutOfTheAverage() {
        Sequential model = compiled(new Input(3, 3, 1), new AveragePooling2D(2).padding("same"), new Flatten());
        INDArray x = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new long[] {1, 3, 3, 1}, 'c');
        // Windows: {1,2,4,5}, {3,6}, {7,8}, {9} (Keras counts only real cells).
        assertArrayEquals(new float[] {3f, 4.5f, 7.5f, 9f}, flat(model.predict(x)), (float) TOLERANCE);
    }

    @Test
    void globalAveragePoolingAveragesEachChannel() {
        Sequential model = compiled(new Input(2, 2, 2), new GlobalAveragePooling2D());
        INDArray x = Nd4j.create(new float[] {1, 10, 2, 20, 3, 30, 4, 40}, new long[] {1, 2, 2, 2}, 'c');
        assertArrayEquals(new float[] {2.5f, 25f}, flat(model.predict(x)), (float) TOLERANCE);
    }

    @Test
    void batchNormalizationAtInferenceUsesMovingStatistics() {
        Sequential model = compiled(new Input(2), new BatchNormalization().name("bn"));
        model.getLayer("bn").setWeights(List.of(Arrays2.f(2, 1), Arrays2.f(0.5, 0), Arrays2.f(1, -1), Arrays2.f(4, 1)));
        INDArray out = model.predict(Arrays2.f(new double[][] {{3, 1}}));
        double eps = 0.001;
        assertArrayEquals(new float[] {(float) (2 * (3 - 1) / Math.sqrt(4 + eps) + 0.5),
                (float) ((1 + 1) / Math.sqrt(1 + eps))}, flat(out), (float) TOLERANCE);
    }

    @Test
    void softmaxOutputsAreProbabilities() {
        Sequential model = Sequential.of(new Input(3), new Dense(4, "softmax"));
        model.compile("adam", "sparse_categorical_crossentropy");
        INDArray out = model.predict(Arrays2.random(1, 5, 3));
        assertArrayEquals(new float[] {1, 1, 1, 1, 1}, out.sum(1).toFloatVector(), 1e-5f);
    }

    @Test
    void flattenedRankTwoInputFeedsDense() {
        Sequential model = compiled(new Input(2, 2), new Flatten(), new Dense(1).name("d"));
        model.getLayer("d").setWeights(List.of(Arrays2.f(new double[][] {{1}, {10}, {100}, {1000}}), Arrays2.f(0)));
        INDArray x = Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {1, 2, 2}, 'c');
        assertArrayEquals(new float[] {4321}, flat(model.predict(x)), (float) TOLERANCE);
    }
}
