package keras4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Arrays2;
import keras4j.Functional;
import keras4j.Keras4jException;
import keras4j.Sequential;
import keras4j.graph.KerasTensor;

/**
 * ReLU, LeakyReLU, ELU, Softmax, PReLU and GlobalMaxPooling2D compute Keras's formulas, written out
 * here by hand; bad arguments get Keras's messages naming the layer; the layers right after the
 * Input leave the caller's x alone.
 */
class ActivationLayersTest {
    private static final float TOLERANCE = 1e-5f;
    private static final double[] KERAS_DOC_X = {-10, -5, 0, 5, 10};

    private static float[] predict(Layer layer, double... x) {
        INDArray in = Arrays2.f(new double[][] {x});
        INDArray copy = in.dup();
        INDArray out = Sequential.of(new Input(x.length), layer).predict(in);
        assertEquals(copy, in, "predict left x as it was");
        return out.reshape(out.length()).toFloatVector();
    }

    private static float[] floats(double... values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /** Keras's relu(x, negative_slope, max_value, threshold), by hand. */
    private static double relu(double x, Double max, double slope, double threshold) {
        return x > threshold ? (max == null ? x : Math.min(x, max)) : slope * (x - threshold);
    }

    @Test
    void reluMatchesKerasDocumentedExamplesAndItsFormula() {
        assertArrayEquals(floats(-5, -2.5, 0, 5, 10), predict(new ReLU(10.0, 0.5, 0), KERAS_DOC_X), TOLERANCE);
        assertArrayEquals(floats(0, 0, 0, 0, 10), predict(new ReLU(null, 0, 5), KERAS_DOC_X), TOLERANCE);
        assertArrayEquals(floats(0, 0, 0, 5, 5), predict(new ReLU(5.0, 0, 0), KERAS_DOC_X), TOLERANCE);
        assertArrayEquals(floats(0, 0, 0, 5, 6), predict(new ReLU(6.0, 0, 0), KERAS_DOC_X), TOLERANCE);
        assertArrayEquals(floats(0, 0, 0, 5, 10), predict(new ReLU(), KERAS_DOC_X), TOLERANCE);
        double[] x = {-3, -0.5, 0, 0.2, 0.5, 1, 2.5, 7};
        for (Double max : new Double[] {null, 2.0}) {
            for (double slope : new double[] {0, 0.25}) {
                for (double threshold : new double[] {0, 0.4}) {
                    double[] want = new double[x.length];
                    for (int i = 0; i < x.length; i++) {
                        want[i] = relu(x[i], max, slope, threshold);
                    }
                    assertArrayEquals(floats(want), predict(new ReLU(max, slope, threshold), x), TOLERANCE,
                            "max " + max + " slope " + slope + " threshold " + threshold);
                }
            }
        }
    }

    @Test
    void leakyReluEluAndTheirDefaults() {
        assertArrayEquals(floats(-5, -2.5, 0, 5, 10), predict(new LeakyReLU(0.5), KERAS_DOC_X), TOLERANCE);
        assertEquals(0.3, new LeakyReLU().getNegativeSlope());
        assertArrayEquals(floats(-0.6, 0, 2), predict(new LeakyReLU(), -2, 0, 2), TOLERANCE);
        assertEquals(1.0, new ELU().getAlpha());
        assertArrayEquals(floats(0.7 * (Math.exp(-2) - 1), 0.7 * (Math.exp(-0.1) - 1), 0, 3),
                predict(new ELU(0.7), -2, -0.1, 0, 3), TOLERANCE);
        // Keras 2's files call LeakyReLU's slope alpha; Keras 3's negative_slope.
        assertEquals(0.5, ((LeakyReLU) Layer.fromConfig("LeakyReLU", Map.of("alpha", 0.5))).getNegativeSlope());
        assertEquals(0.3, ((LeakyReLU) Layer.fromConfig("LeakyReLU", Map.of())).getNegativeSlope());
    }

    @Test
    void softmaxNormalizesTheAxisItIsGiven() {
        // Samples of shape (2, 3): axis -1 (= 2) normalizes each row, axis 1 (= -2) each column.
        double[][] sample = {{1, 2, 3}, {0, -1, 4}};
        INDArray x = Nd4j.create(new float[] {1, 2, 3, 0, -1, 4}, new long[] {1, 2, 3}, 'c');
        for (int axis : new int[] {-1, 2, 1, -2}) {
            boolean rows = axis == -1 || axis == 2;
            float[] want = new float[6];
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    double sum = 0;
                    for (int k = 0; k < (rows ? 3 : 2); k++) {
                        sum += Math.exp(rows ? sample[i][k] : sample[k][j]);
                    }
                    want[i * 3 + j] = (float) (Math.exp(sample[i][j]) / sum);
                }
            }
            INDArray out = Sequential.of(new Input(2, 3), new Softmax(axis)).predict(x);
            assertArrayEquals(new long[] {1, 2, 3}, out.shape());
            assertArrayEquals(want, out.reshape(6).toFloatVector(), TOLERANCE, "axis " + axis);
        }
        assertArrayEquals(floats(0.21194157, 0.5761169, 0.21194157), predict(new Softmax(), 1, 2, 1), TOLERANCE);
        // An image's channels (axis 3 = -1) and its rows (axis 1).
        INDArray image = Arrays2.random(3, 2, 2, 3, 4);
        INDArray channels = Sequential.of(new Input(2, 3, 4), new Softmax()).predict(image);
        assertTrue(channels.sum(3).equalsWithEps(Nd4j.ones(2, 2, 3), 1e-5), channels.toString());
        INDArray height = Sequential.of(new Input(2, 3, 4), new Softmax(1)).predict(image);
        INDArray e = org.nd4j.linalg.ops.transforms.Transforms.exp(image, true);
        assertTrue(e.div(e.sum(true, 1)).equalsWithEps(height, 1e-5), height.toString());
    }

    @Test
    void preluHasAnAlphaOfTheInputsShapeWithOnesOnSharedAxes() {
        Sequential model = Sequential.of(new Input(2, 2, 3), new PReLU().sharedAxes(1, 2).name("p"));
        Layer prelu = model.getLayer("p");
        assertEquals(1, prelu.getWeights().size());
        assertArrayEquals(new long[] {1, 1, 3}, prelu.getWeights().get(0).shape(), "Keras's layout");
        assertEquals(Nd4j.zeros(1, 1, 3), prelu.getWeights().get(0).castTo(Nd4j.zeros(1).dataType()),
                "zeros at first, Keras's alpha_initializer");
        assertEquals(3, model.countParams());
        INDArray alpha = Nd4j.create(new float[] {0.5f, -1f, 2f}, new long[] {1, 1, 3}, 'c');
        prelu.setWeights(List.of(alpha));
        INDArray x = Arrays2.random(4, 2, 2, 2, 3);
        INDArray copy = x.dup();
        INDArray out = model.predict(x);
        assertEquals(copy, x, "predict left x as it was");
        float[] xs = x.reshape(x.length()).toFloatVector();
        float[] got = out.reshape(out.length()).toFloatVector();
        for (int i = 0; i < xs.length; i++) {
            float a = alpha.getFloat(i % 3);
            assertEquals(xs[i] >= 0 ? xs[i] : a * xs[i], got[i], TOLERANCE, "value " + i);
        }
        Sequential vector = Sequential.of(new Input(4), new PReLU().name("p"));
        assertArrayEquals(new long[] {4}, vector.getLayer("p").getWeights().get(0).shape());
    }

    @Test
    void preluSharedOverSpaceTrainsWithExactGradientsOnAFullBatch() {
        // DL4J's own PReLU backprop op refuses two shared axes; keras4j's computes the gradients itself.
        Sequential model = Sequential.of(new Input(3, 4, 2), new PReLU().sharedAxes(1, 2).name("p"), new Flatten(),
                new Dense(3, "softmax"));
        model.compile("adam", "categorical_crossentropy");
        model.getLayer("p").setWeights(List.of(Nd4j.create(new float[] {0.3f, -0.6f}, new long[] {1, 1, 2}, 'c')));
        INDArray x = Arrays2.random(8, 8, 3, 4, 2);
        INDArray y = Nd4j.eye(3).getRows(0, 1, 2, 0, 1, 2, 0, 1);
        assertTrue(keras4j.utils.GradientCheck.check(model, x, y), "backprop agrees with numerical gradients");
        INDArray before = model.getLayer("p").getWeights().get(0);
        model.fit(x, y, new keras4j.FitOptions().epochs(1).batchSize(8).verbose(0));
        assertTrue(!before.equals(model.getLayer("p").getWeights().get(0)), "alpha is trained");

        Sequential frozen = Sequential.of(new Input(3, 4, 2), new PReLU().sharedAxes(1, 2).name("p"), new Flatten(),
                new Dense(3, "softmax"));
        frozen.getLayer("p").trainable(false);
        frozen.compile("adam", "categorical_crossentropy");
        frozen.getLayer("p").setWeights(List.of(before));
        frozen.fit(x, y, new keras4j.FitOptions().epochs(1).batchSize(8).verbose(0));
        assertEquals(before, frozen.getLayer("p").getWeights().get(0), "a frozen alpha stays");
        assertEquals(2, frozen.countNonTrainableParams());
    }

    @Test
    void globalMaxPoolingTakesEachChannelsMaximum() {
        INDArray x = Arrays2.random(5, 2, 3, 4, 2);
        INDArray out = Sequential.of(new Input(3, 4, 2), new GlobalMaxPooling2D()).predict(x);
        assertEquals(x.max(1, 2), out);
        assertTrue(Layer.fromConfig("GlobalMaxPool2D", Map.of()) instanceof GlobalMaxPooling2D, "Keras's alias");
    }

    @Test
    void aSoftmaxLayerEndsAClassifier() {
        KerasTensor in = Input.tensor(4);
        Functional model = new Functional(in, new Softmax().apply(new Dense(3).apply(in)));
        model.compile("adam", "categorical_crossentropy", "accuracy");
        INDArray y = Nd4j.eye(3).getRows(0, 1, 2, 0, 1);
        model.fit(Arrays2.random(1, 5, 4), y, new keras4j.FitOptions().epochs(1).verbose(0));
        assertTrue(model.predict(Arrays2.random(1, 5, 4)).sum(1).equalsWithEps(Nd4j.ones(5), 1e-5));
    }

    private static void refused(Runnable call, String... fragments) {
        String message = assertThrows(Keras4jException.class, call::run).getMessage();
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "'" + fragment + "' in: " + message);
        }
    }

    @Test
    void badArgumentsGetKerasMessagesNamingTheLayer() {
        refused(() -> new ReLU(-1.0, 0, 0), "ReLU: max_value of a ReLU layer cannot be a negative value",
                "max_value=-1.0");
        refused(() -> new ReLU(null, -0.5, 0), "ReLU: negative_slope", "negative_slope=-0.5");
        refused(() -> new ReLU(null, 0, -1), "ReLU: threshold", "threshold=-1.0");
        refused(() -> new LeakyReLU(-0.1), "LeakyReLU: The negative_slope value", "negative_slope=-0.1");
        refused(() -> new Softmax(0), "Softmax: axis=0 is the batch axis");
        refused(() -> new Softmax(3).name("probs").computeOutputShape(new int[] {4, 5}), "layer 'probs' (Softmax)",
                "axis 3", "(None, 4, 5)");
        refused(() -> new PReLU().sharedAxes(0), "PReLU: shared_axes count the batch axis as 0");
        refused(() -> new PReLU().sharedAxes(2).computeOutputShape(new int[] {4}), "(PReLU)", "axis 2",
                "(None, 4)");
        refused(() -> new GlobalMaxPooling2D().computeOutputShape(new int[] {4}), "(GlobalMaxPooling2D)",
                "ndim=4");
        refused(() -> Layer.fromConfig("ReLU", Map.of("threshold", "high")), "ReLU: threshold must be a number");
        refused(() -> Layer.fromConfig("PReLU", Map.of("alpha_regularizer", Map.of("class_name", "L2"))),
                "PReLU: keras4j's PReLU has no alpha_regularizer");
        refused(() -> Layer.fromConfig("Softmax", Map.of("axis", List.of(1, 2))), "Softmax: keras4j's Softmax "
                + "normalizes over one axis");
    }

    @Test
    void configsHaveKerasKeysAndDefaults() {
        Map<String, Object> relu = new ReLU().getConfig();
        assertNull(relu.get("max_value"));
        assertEquals(0.0, relu.get("negative_slope"));
        assertEquals(0.0, relu.get("threshold"));
        assertEquals(-1, new Softmax().getConfig().get("axis"));
        assertEquals(List.of(1, 2), new PReLU().sharedAxes(1, 2).getConfig().get("shared_axes"));
        assertEquals("zeros", ((Map<?, ?>) new PReLU().getConfig().get("alpha_initializer")).get("class_name"));
        assertEquals(List.of("re_lu", "leaky_re_lu", "p_re_lu", "elu", "softmax", "global_max_pooling2d"),
                List.of(new ReLU(), new LeakyReLU(), new PReLU(), new ELU(), new Softmax(), new GlobalMaxPooling2D())
                        .stream().map(Layer::defaultName).toList());
    }
}
