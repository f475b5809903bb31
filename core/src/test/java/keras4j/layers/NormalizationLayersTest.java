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
import keras4j.FitOptions;
import keras4j.Keras4jException;
import keras4j.Sequential;

/**
 * The normalization and preprocessing layers computed by hand: LayerNormalization's formula with
 * Keras's epsilon, over the last axis and over another one.
 */
class NormalizationLayersTest {
    private static final float TOLERANCE = 1e-5f;

    private static Sequential compiled(Layer... layers) {
        Sequential model = Sequential.of(layers);
        model.compile("sgd", "mse");
        return model;
    }

    private static float[] flat(INDArray a) {
        return a.reshape(a.length()).toFloatVector();
    }

    @Test
    void layerNormalizationNormalizesEachSampleThenScalesAndShifts() {
        Sequential model = compiled(new Input(4), new LayerNormalization().name("ln"));
        model.getLayer("ln").setWeights(List.of(Arrays2.f(1, 2, 0.5, -1), Arrays2.f(0, 1, 0, 0.5)));
        INDArray out = model.predict(Arrays2.f(new double[][] {{1, 2, 3, 6}, {5, 5, 5, 5}}));
        // mean 3, variance (4 + 1 + 0 + 9) / 4 = 3.5; Keras adds epsilon 0.001 to the variance
        double s = Math.sqrt(3.5 + 0.001);
        float[] want = {(float) (-2 / s), (float) (2 * -1 / s + 1), 0, (float) (-3 / s + 0.5),
            0, 1, 0, 0.5f};   // a constant sample is all zeros before beta
        assertArrayEquals(want, flat(out), TOLERANCE);
    }

    @Test
    void layerNormalizationOverHeightNormalizesEachColumnOfEachChannel() {
        Sequential model = compiled(new Input(3, 1, 2), new LayerNormalization(1).epsilon(0.5).name("ln"),
                new Flatten());
        assertArrayEquals(new long[] {3}, model.getLayer("ln").getWeights().get(0).shape());
        // channel 0 runs down the height as 0, 1, 2; channel 1 as 4, 4, 10
        INDArray x = Nd4j.create(new float[] {0, 4, 1, 4, 2, 10}, new long[] {1, 3, 1, 2}, 'c');
        double s0 = Math.sqrt(2.0 / 3 + 0.5);
        double s1 = Math.sqrt(8 + 0.5);   // mean 6, variance (4 + 4 + 16) / 3
        float[] want = {(float) (-1 / s0), (float) (-2 / s1), 0, (float) (-2 / s1), (float) (1 / s0),
            (float) (4 / s1)};
        assertArrayEquals(want, flat(model.predict(x)), TOLERANCE);
    }

    @Test
    void layerNormalizationTrainsItsGammaAndBetaAndAFrozenOneKeepsThem() {
        for (boolean trainable : new boolean[] {true, false}) {
            Sequential model = Sequential.of(new Input(3), new LayerNormalization().name("ln"), new Dense(2));
            model.getLayer("ln").trainable(trainable);
            model.setSeed(1);
            model.compile("adam", "mse");
            List<INDArray> before = model.getLayer("ln").getWeights();
            model.fit(Arrays2.random(2, 8, 3), Arrays2.random(3, 8, 2), new FitOptions().epochs(2).verbose(0));
            assertEquals(!trainable, before.equals(model.getLayer("ln").getWeights()), "trainable " + trainable);
            assertEquals(trainable ? 0 : 6, model.getLayer("ln").countNonTrainableParams(new int[] {3}));
        }
    }

    @Test
    void rescalingScalesAndShiftsEveryValueAndKeepsTheCallersArray() {
        Sequential model = compiled(new Input(2, 1, 2), new Rescaling(1.0 / 127.5, -1), new Flatten());
        INDArray x = Nd4j.create(new float[] {0, 127.5f, 255, 51}, new long[] {1, 2, 1, 2}, 'c');
        INDArray copy = x.dup();
        assertArrayEquals(new float[] {-1, 0, 1, -0.6f}, flat(model.predict(x)), TOLERANCE);
        assertEquals(copy, x, "predict leaves its input as it was");
    }

    @Test
    void normalizationAdaptsToEachFeaturesMeanAndVarianceAsKerasDoes() {
        Normalization norm = new Normalization().name("norm");
        // feature 0: 1, 3, 5 (mean 3, variance 8/3); feature 1: 10, 10, 40 (mean 20, variance 200)
        INDArray data = Arrays2.f(new double[][] {{1, 10}, {3, 10}, {5, 40}});
        norm.adapt(data);   // before the layer is in a model: the weights are set once it is built
        Sequential model = compiled(new Input(2), norm);
        List<INDArray> weights = model.getLayer("norm").getWeights();
        assertArrayEquals(new float[] {3, 20}, flat(weights.get(0)), TOLERANCE);
        assertArrayEquals(new float[] {8f / 3, 200}, flat(weights.get(1)), 1e-4f);
        assertEquals(0, weights.get(2).rank(), "count is a scalar, as Keras's");
        INDArray out = model.predict(Arrays2.f(new double[][] {{3, 30}}));
        assertArrayEquals(new float[] {0, (float) (10 / Math.sqrt(200))}, flat(out), TOLERANCE);
        assertEquals(5, model.countParams());
        assertEquals(5, model.countNonTrainableParams());

        norm.adapt(Arrays2.f(new double[][] {{0, 0}, {2, 4}}));   // in a model now: its weights change at once
        assertArrayEquals(new float[] {1, 2}, flat(model.getLayer("norm").getWeights().get(0)), TOLERANCE);
    }

    @Test
    void normalizationOverSequencesKeepsTheLastAxisAndNeverTrains() {
        Normalization norm = new Normalization().name("norm");
        // steps x features; each feature's values over samples and steps: 0, 2, 4, 6 and 1, 1, 1, 1
        norm.adapt(Nd4j.create(new float[] {0, 1, 2, 1, 4, 1, 6, 1}, new long[] {2, 2, 2}, 'c'));
        Sequential model = Sequential.of(new Input(2, 2), norm, new Flatten(), new Dense(1));
        model.compile("adam", "mse");
        List<INDArray> before = model.getLayer("norm").getWeights();
        assertArrayEquals(new float[] {3, 1}, flat(before.get(0)), TOLERANCE);
        assertArrayEquals(new float[] {5, 0}, flat(before.get(1)), TOLERANCE);
        model.fit(Arrays2.random(1, 8, 2, 2), Arrays2.random(2, 8, 1), new FitOptions().epochs(2).verbose(0));
        assertEquals(before, model.getLayer("norm").getWeights(), "Normalization's statistics are not trained");
        // a zero variance divides by Keras's 1e-7 floor of the standard deviation
        Sequential alone = compiled(new Input(2, 2), new Normalization().meanAndVariance(new double[] {3, 1},
                new double[] {5, 0}), new Flatten());
        INDArray out = alone.predict(Nd4j.create(new float[] {3, 1, 8, 1.5f}, new long[] {1, 2, 2}, 'c'));
        assertArrayEquals(new float[] {0, 0, (float) (5 / Math.sqrt(5)), 0.5f / 1e-7f}, flat(out), 1f);
        assertEquals(0, alone.countParams());
    }

    @Test
    void normalizationGivenStatisticsMustFitAndCantAdapt() {
        Normalization given = new Normalization().meanAndVariance(new double[] {1, 2}, new double[] {1, 1});
        Keras4jException adapt = assertThrows(Keras4jException.class, () -> given.adapt(Arrays2.random(1, 3, 2)));
        assertTrue(adapt.getMessage().contains("adapt() learns them"), adapt.getMessage());
        Keras4jException fit = assertThrows(Keras4jException.class, () -> given.computeOutputShape(new int[] {3}));
        assertTrue(fit.getMessage().contains("one per given mean"), fit.getMessage());
        assertThrows(Keras4jException.class, () -> new Normalization().meanAndVariance(new double[] {1},
                new double[] {-1}));
    }

    @Test
    void resizingIsTensorFlowsHalfPixelBilinearResize() {
        // tf.image.resize of [[0, 10], [20, 30]] to 4 x 4 (bilinear, half-pixel centres)
        Sequential model = compiled(new Input(2, 2, 1), new Resizing(4, 4), new Flatten());
        INDArray x = Nd4j.create(new float[] {0, 10, 20, 30}, new long[] {1, 2, 2, 1}, 'c');
        assertArrayEquals(new float[] {0, 2.5f, 7.5f, 10, 5, 7.5f, 12.5f, 15, 15, 17.5f, 22.5f, 25, 20, 22.5f, 27.5f,
            30}, flat(model.predict(x)), TOLERANCE);
        // nearest, down: rows 1 and 3 of 4 (floor((y + 0.5) * 2)), column 1 of 3 (floor(0.5 * 3))
        Sequential nearest = compiled(new Input(4, 3, 1), new Resizing(2, 1, "nearest"), new Flatten());
        INDArray image = Nd4j.linspace(0, 11, 12).reshape(1, 4, 3, 1).castTo(x.dataType());
        assertArrayEquals(new float[] {4, 10}, flat(nearest.predict(image)), TOLERANCE);
    }

    @Test
    void cropToAspectRatioAndCenterCropCutTheCentredWindowAsKerasDoes() {
        INDArray image = Nd4j.linspace(0, 19, 20).reshape(1, 4, 5, 1).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        // a 4 x 5 image to 2 x 2: the centred 4 x 4 window (columns 0..3: Keras's start is int((5 - 4) / 2) = 0),
        // whose 2 x 2 bilinear resize averages each 2 x 2 block
        Sequential crop = compiled(new Input(4, 5, 1), new Resizing(2, 2).cropToAspectRatio(true), new Flatten());
        assertArrayEquals(new float[] {3, 5, 13, 15}, flat(crop.predict(image)), TOLERANCE);
        // CenterCrop(2, 3) of 4 x 5: rows 1..2, columns 1..3
        Sequential center = compiled(new Input(4, 5, 1), new CenterCrop(2, 3), new Flatten());
        assertArrayEquals(new float[] {6, 7, 8, 11, 12, 13}, flat(center.predict(image)), TOLERANCE);
        // CenterCrop(4, 6) of 4 x 5 is smaller in width: Keras crops 4 x 5 to the aspect ratio (3 x 5) and resizes it
        Sequential up = compiled(new Input(4, 5, 1), new CenterCrop(4, 6), new Flatten());
        Sequential same = compiled(new Input(4, 5, 1), new Resizing(4, 6).cropToAspectRatio(true), new Flatten());
        assertEquals(same.predict(image), up.predict(image));
        assertArrayEquals(new int[] {0, 3, 0, 5}, new CenterCrop(4, 6).resizedWindow(new int[] {4, 5, 1}));
    }

    @Test
    void resizingAndCenterCropPassGradientsToTheLayersBeforeThem() {
        for (Layer layer : new Layer[] {new Resizing(5, 3), new Resizing(2, 2, "nearest").cropToAspectRatio(true),
            new CenterCrop(2, 2), new CenterCrop(5, 4)}) {
            Sequential model = Sequential.of(new Input(4, 3, 2), new Conv2D(2, 2, "tanh").padding("same"), layer,
                    new Flatten(), new Dense(2, "softmax"));
            model.setSeed(3);
            model.compile("sgd", "categorical_crossentropy");
            INDArray x = Arrays2.random(4, 3, 4, 3, 2);
            INDArray y = Nd4j.eye(2).getRows(0, 1, 0);
            assertTrue(keras4j.utils.GradientCheck.check(model, x, y), layer.toString());
        }
    }

    @Test
    void layerNormalizationRefusesAxesItCantNormalize() {
        Keras4jException batch = assertThrows(Keras4jException.class, () -> new LayerNormalization(0));
        assertTrue(batch.getMessage().contains("batch axis"), batch.getMessage());
        Keras4jException apart = assertThrows(Keras4jException.class,
                () -> new LayerNormalization(1, 3).computeOutputShape(new int[] {2, 3, 4}));
        assertTrue(apart.getMessage().contains("next to each other"), apart.getMessage());
        Keras4jException outside = assertThrows(Keras4jException.class,
                () -> new LayerNormalization(3).computeOutputShape(new int[] {4}));
        assertTrue(outside.getMessage().contains("axis 3"), outside.getMessage());
    }
}
