package keras4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.core.type.TypeReference;

import keras4j.Arrays2;
import keras4j.FitOptions;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.internal.ModelFile;
import keras4j.utils.GradientCheck;

/**
 * RandomFlip, RandomRotation, RandomTranslation, RandomZoom and RandomContrast: identity in
 * predict; in DL4J's training pass (fit's), each property checked by hand; the exact gradient
 * through them; seeded draws; Keras files.
 */
class ImageAugmentationTest {
    @TempDir
    Path temp;

    private static INDArray train(Layer layer, INDArray x) {
        long[] s = x.shape();
        return RandomLayersTest.training(new Sequential(new Input((int) s[1], (int) s[2], (int) s[3]), layer), x);
    }

    /** @return images (batch, h, w, c) with x[b, y, x, c] = 100 * b + 10 * y + x + c / 2 */
    private static INDArray indexed(int batch, int h, int w, int c) {
        INDArray x = Nd4j.create(DataType.FLOAT, batch, h, w, c);
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    for (int k = 0; k < c; k++) {
                        x.putScalar(new long[] {b, i, j, k}, 100 * b + 10 * i + j + k / 2.0);
                    }
                }
            }
        }
        return x;
    }

    private static INDArray image(INDArray batch, int b) {
        return batch.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b)).dup();
    }

    @Test
    void everyAugmentationPredictsItsInputUnchanged() {
        INDArray x = Arrays2.random(1, 3, 4, 4, 2).addi(1);
        for (Layer layer : List.of(new RandomFlip(), new RandomRotation(0.3), new RandomTranslation(0.3, 0.3),
                new RandomZoom(0.3), new RandomContrast(0.5))) {
            assertEquals(x, new Sequential(new Input(4, 4, 2), layer).predict(x), layer.getClassName());
        }
    }

    @Test
    void aFunctionalModelAugmentsInFitAndPredictsItsInputUnchanged() {
        keras4j.graph.KerasTensor in = Input.tensor(4, 4, 1);
        keras4j.graph.KerasTensor flipped = new RandomFlip().apply(in);
        keras4j.graph.KerasTensor out = new Dense(1).apply(new Flatten().apply(new RandomRotation(0.2).apply(flipped)));
        keras4j.Functional model = new keras4j.Functional(in, out);
        INDArray x = Arrays2.random(2, 3, 4, 4, 1);
        keras4j.graph.KerasTensor only = Input.tensor(4, 4, 1);
        assertEquals(x, new keras4j.Functional(only, new RandomZoom(0.3).apply(new RandomFlip().apply(only)))
                .predict(x));
        model.compile("sgd", "mse");
        model.fit(x, Arrays2.random(3, 3, 1), new FitOptions().epochs(1).verbose(0));
        assertEquals(model.predict(x), model.predict(x), "predict draws nothing");
    }

    @Test
    void aFlipIsExactlyAMirrorOrTheImageItself() {
        INDArray x = indexed(16, 3, 4, 2);
        for (String mode : RandomFlip.MODES) {
            INDArray out = train(new RandomFlip(mode), x);
            int flipped = 0;
            for (int b = 0; b < 16; b++) {
                INDArray in = image(x, b);
                INDArray mirror = in.like();
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 4; j++) {
                        int si = mode.equals("horizontal") ? i : 2 - i;
                        int sj = mode.equals("vertical") ? j : 3 - j;
                        for (int k = 0; k < 2; k++) {
                            mirror.putScalar(new long[] {i, j, k}, in.getDouble(si, sj, k));
                        }
                    }
                }
                INDArray got = image(out, b);
                if (got.equals(mirror)) {
                    flipped++;
                } else {
                    assertEquals(in, got, mode + ": image " + b + " is the image or its mirror");
                }
            }
            assertTrue(flipped > 0 && flipped < 16, mode + ": " + flipped + " of 16 flipped");
        }
    }

    @Test
    void aQuarterTurnRotatesCounterClockwiseAndRotationsStayWithinTheFactor() {
        INDArray x = indexed(2, 3, 3, 1);
        INDArray out = train(new RandomRotation(0.25, 0.25), x);
        for (int b = 0; b < 2; b++) {
            INDArray in = image(x, b).reshape(3, 3);
            INDArray rot90 = in.like();   // numpy's rot90: counter-clockwise, out[i][j] = in[j][2 - i]
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    rot90.putScalar(i, j, in.getDouble(j, 2 - i));
                }
            }
            assertTrue(rot90.equalsWithEps(image(out, b).reshape(3, 3), 1e-4), image(out, b).reshape(3, 3)
                    + " is " + rot90);
        }
        // One lit pixel 8 to the right of the center of a 17x17 image: its angle moves by at most 18 degrees.
        INDArray dot = Nd4j.zeros(DataType.FLOAT, 12, 17, 17, 1);
        for (int b = 0; b < 12; b++) {
            dot.putScalar(new long[] {b, 8, 16, 0}, 1);
        }
        INDArray turned = train(new RandomRotation(0.05).fillMode("constant").interpolation("nearest"), dot);
        double least = 180;
        double most = -180;
        for (int b = 0; b < 12; b++) {
            for (int i = 0; i < 17; i++) {
                for (int j = 0; j < 17; j++) {
                    if (turned.getDouble(b, i, j, 0) != 0) {
                        double angle = Math.toDegrees(Math.atan2(8 - i, j - 8));   // counter-clockwise, y up
                        assertTrue(Math.abs(angle) <= 18 + 4, "turned by " + angle + " degrees");
                        least = Math.min(least, angle);
                        most = Math.max(most, angle);
                    }
                }
            }
        }
        assertTrue(most - least > 5, "the angles spread: " + least + " to " + most);
    }

    @Test
    void anIntegerTranslationMovesWholePixelsAndFillsWithTheConstant() {
        INDArray x = indexed(3, 4, 4, 2);
        // 0.5 of the height down (2 rows), 0.25 of the width left (1 column)
        INDArray out = train(new RandomTranslation(new double[] {0.5, 0.5}, new double[] {-0.25, -0.25})
                .fillMode("constant").fillValue(-7), x);
        for (int b = 0; b < 3; b++) {
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    for (int k = 0; k < 2; k++) {
                        double want = i - 2 >= 0 && j + 1 < 4 ? x.getDouble(b, i - 2, j + 1, k) : -7;
                        assertEquals(want, out.getDouble(b, i, j, k), 1e-5, b + " " + i + " " + j + " " + k);
                    }
                }
            }
        }
    }

    @Test
    void theFillModesExtendTheImageAsKerassDo() {
        INDArray row = Nd4j.createFromArray(new float[] {1, 2, 3, 4}).reshape(1, 1, 4, 1);   // a b c d
        Map<String, float[]> want = Map.of("reflect", new float[] {2, 1, 1, 2}, "wrap", new float[] {3, 4, 1, 2},
                "nearest", new float[] {1, 1, 1, 2}, "constant", new float[] {9, 9, 1, 2});
        for (String mode : AffineAugmentation.FILL_MODES) {
            for (String interpolation : AffineAugmentation.INTERPOLATIONS) {
                INDArray out = train(new RandomTranslation(new double[] {0, 0}, new double[] {0.5, 0.5})
                        .fillMode(mode).fillValue(9).interpolation(interpolation), row);
                assertArrayEquals(want.get(mode), out.reshape(4).toFloatVector(), 1e-6f, mode + " " + interpolation);
            }
        }
    }

    @Test
    void aZoomScalesAboutTheCenterAndBilinearKeepsALinearRamp() {
        INDArray x = indexed(2, 5, 5, 1);   // 100 b + 10 y + x: linear in x and y
        INDArray out = train(new RandomZoom(new double[] {-0.5, -0.5}, null), x);   // zooms in 2x, both axes
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    double want = 100 * b + 10 * (0.5 * i + 1) + (0.5 * j + 1);   // (H - 1) / 2 * (1 - 0.5) = 1
                    assertEquals(want, out.getDouble(b, i, j, 0), 1e-4);
                }
            }
        }
        INDArray wide = train(new RandomZoom(new double[] {0, 0}, new double[] {1, 1}).fillMode("nearest"), x);
        // width zoomed out 2x: column j reads 2 j - 2, clamped to the edges
        assertEquals(x.getDouble(1, 3, 0, 0), wide.getDouble(1, 3, 0, 0), 1e-5);
        assertEquals(x.getDouble(1, 3, 2, 0), wide.getDouble(1, 3, 2, 0), 1e-5);
        assertEquals(x.getDouble(1, 3, 4, 0), wide.getDouble(1, 3, 3, 0), 1e-5);
    }

    @Test
    void contrastIsKerassFormulaPerImageAndChannelClippedToTheValueRange() {
        INDArray x = Arrays2.random(3, 8, 3, 4, 2).muli(20).addi(120);   // in [100, 140]: no clipping
        INDArray out = train(new RandomContrast(0.5, 0.5), x);
        double least = 2;
        double most = 0;
        for (int b = 0; b < 8; b++) {
            INDArray in = image(x, b);
            double[] mean = in.mean(0, 1).toDoubleVector();   // per channel
            double f = (out.getDouble(b, 0, 0, 0) - mean[0]) / (in.getDouble(0, 0, 0) - mean[0]);
            assertTrue(f >= 0.5 && f <= 1.5, "factor " + f);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    for (int k = 0; k < 2; k++) {
                        double want = (in.getDouble(i, j, k) - mean[k]) * f + mean[k];
                        assertEquals(want, out.getDouble(b, i, j, k), 1e-3, "image " + b);
                    }
                }
            }
            least = Math.min(least, f);
            most = Math.max(most, f);
        }
        assertTrue(most - least > 0.1, "the factors spread: " + least + " to " + most);
        // one factor f is Keras 3's pair (0, f): factors in [1, 1 + f]
        assertArrayEquals(new double[] {0, 0.3}, new RandomContrast(0.3).getFactor());
        INDArray unit = Arrays2.random(4, 6, 4, 4, 1).muli(0.5).addi(0.5);
        INDArray clipped = train(new RandomContrast(1, 1).valueRange(0.2, 0.8), unit);
        assertEquals(0.2, clipped.minNumber().doubleValue(), 1e-6, "values below the range are clipped");
        assertEquals(0.8, clipped.maxNumber().doubleValue(), 1e-6, "values above the range are clipped");
    }

    @Test
    void gradientsFlowThroughEachAugmentationExactly() {
        for (Layer layer : List.of(new RandomFlip(), new RandomRotation(0.2), new RandomTranslation(0.3, 0.3)
                .fillMode("constant").fillValue(0.5), new RandomZoom(0.4, 0.2).interpolation("nearest"),
                new RandomContrast(0.5, 0.5).valueRange(-1.5, 1.5))) {
            // the Dense before the augmentation trains only through the augmentation's gradient
            Sequential model = new Sequential(new Input(4), new Dense(18, "tanh"), new Reshape(3, 3, 2), layer,
                    new Flatten(), new Dense(3, "softmax"));
            model.setSeed(5);
            model.compile("adam", "categorical_crossentropy");
            INDArray x = Arrays2.random(2, 4, 4);
            INDArray y = Nd4j.eye(3).getRows(0, 1, 2, 0);
            assertTrue(GradientCheck.check(model, x, y), layer.getClassName());
        }
    }

    @Test
    void theModelsSeedRepeatsTheAugmentationsOfFit() {
        List<INDArray> first = fitted(3);
        assertEquals(first, fitted(3), "the same seed, the same augmentations");
        assertNotEquals(first, fitted(4), "another seed, other augmentations");
    }

    private static List<INDArray> fitted(long seed) {
        Sequential model = new Sequential(new Input(4, 4, 1), new RandomRotation(0.2), new RandomZoom(0.2),
                new Flatten(), new Dense(1));
        model.setSeed(seed);
        model.compile("sgd", "mse");
        model.getLayers().get(3).setWeights(List.of(Arrays2.random(10, 16, 1), Nd4j.zeros(DataType.FLOAT, 1)));
        model.fit(Arrays2.random(8, 8, 4, 4, 1), Arrays2.random(9, 8, 1), new FitOptions().epochs(2).batchSize(4)
                .verbose(0));
        return model.getLayers().get(3).getWeights();
    }

    @Test
    void argumentsOutsideKerassFormsAreRefusedNamingTheArgument() {
        assertEquals("RandomRotation: factor must be a number or a pair (lower, upper) of numbers in [-1, 1]; "
                + "received factor=1.5.", assertThrows(Keras4jException.class, () -> new RandomRotation(1.5))
                .getMessage());
        assertTrue(assertThrows(Keras4jException.class, () -> new RandomZoom(-1)).getMessage()
                .startsWith("RandomZoom: height_factor must be a number or a pair (lower, upper) of numbers in (-1, 1]"));
        assertTrue(assertThrows(Keras4jException.class, () -> new RandomContrast(-0.1, 0.2)).getMessage()
                .contains("in [0, 1]"));
        assertEquals("RandomTranslation: unknown fill_mode 'mirror'; expected one of reflect, wrap, constant, nearest.",
                assertThrows(Keras4jException.class, () -> new RandomTranslation(0.1, 0.1).fillMode("mirror"))
                        .getMessage());
        assertTrue(assertThrows(Keras4jException.class, () -> new RandomFlip("diagonal")).getMessage()
                .contains("mode must be one of horizontal, vertical, horizontal_and_vertical"));
        Keras4jException e = assertThrows(Keras4jException.class,
                () -> new RandomFlip().computeOutputShape(new int[] {5, 2}));
        assertTrue(e.getMessage().contains("expected images (height, width, channels)"), e.getMessage());
        // a Keras pair out of order is sorted, as Keras does
        assertArrayEquals(new double[] {-0.2, 0.1}, new RandomRotation(0.1, -0.2).getFactor());
    }

    @Test
    @SuppressWarnings("unchecked")
    void kerasFilesHoldKerassConfigKeysAndComeBackTheSame() throws Exception {
        Sequential model = new Sequential(new Input(6, 6, 3), new RandomFlip("horizontal").seed(1),
                new RandomRotation(0.1, 0.2).fillMode("nearest"), new RandomTranslation(new double[] {-0.2, 0.1}, 
                new double[] {0.1, 0.1}).fillMode("constant").fillValue(2.0), new RandomZoom(0.2).interpolation("nearest"),
                new RandomZoom(0.1, 0.3), new RandomContrast(0.2, 0.3).valueRange(0, 1), new Flatten(), new Dense(2));
        model.compile("adam", "mse");
        for (String name : List.of("augment.keras", "augment.h5")) {
            Path file = temp.resolve(name);
            model.save(file);
            Model loaded = Model.load(file);
            for (Layer layer : model.getLayers()) {
                Map<String, Object> config = layer.getConfig();
                if (name.endsWith(".h5") && layer instanceof RandomContrast) {
                    config.put("value_range", List.of(0.0, 255.0));   // Keras 2's RandomContrast has no value_range
                }
                assertEquals(config, loaded.getLayer(layer.getName()).getConfig(), name);
            }
            INDArray x = Arrays2.random(11, 2, 6, 6, 3);
            assertEquals(model.predict(x), loaded.predict(x));
        }
        try (ZipFile zip = new ZipFile(temp.resolve("augment.keras").toFile())) {
            Map<String, Object> config = ModelFile.json().readValue(zip.getInputStream(zip.getEntry("config.json")),
                    new TypeReference<Map<String, Object>>() { });
            List<Map<String, Object>> layers = (List<Map<String, Object>>) ((Map<String, Object>) config
                    .get("config")).get("layers");
            List<String> affine = List.of("fill_mode", "fill_value", "interpolation", "seed", "data_format");
            Map<String, List<String>> keys = Map.of("RandomFlip", List.of("mode", "seed", "data_format"),
                    "RandomRotation", List.of("factor"), "RandomTranslation", List.of("height_factor", "width_factor"),
                    "RandomZoom", List.of("height_factor", "width_factor"),
                    "RandomContrast", List.of("factor", "value_range", "seed"));
            int seen = 0;
            for (Map<String, Object> layer : layers) {
                String className = (String) layer.get("class_name");
                List<String> own = keys.get(className);
                if (own != null) {
                    Map<String, Object> c = (Map<String, Object>) layer.get("config");
                    assertTrue(c.keySet().containsAll(own), layer.toString());
                    if (className.startsWith("RandomRotation") || className.startsWith("RandomTranslation")
                            || className.startsWith("RandomZoom")) {
                        assertTrue(c.keySet().containsAll(affine), layer.toString());
                    }
                    seen++;
                }
            }
            assertEquals(6, seen);
            Map<String, Object> zoom = (Map<String, Object>) layers.get(4).get("config");
            assertEquals(0.2, zoom.get("height_factor"));
            assertEquals(null, zoom.get("width_factor"));
            assertEquals(List.of(0.1, 0.2), ((Map<String, Object>) layers.get(2).get("config")).get("factor"));
        }
    }

    @Test
    void aKeras2ContrastFactorIsReadAsKeras2DrawsIt() throws Exception {
        // Keras 2's RandomContrast(0.2) draws in [0.8, 1.2]; Keras 3's in [1, 1.2]
        Path json = temp.resolve("keras2.json");
        java.nio.file.Files.writeString(json, """
                {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4, 4, 3], "dtype": "float32",
                   "name": "input_1"}},
                  {"class_name": "RandomContrast", "config": {"name": "random_contrast", "trainable": true,
                   "dtype": "float32", "factor": 0.2, "seed": null}},
                  {"class_name": "RandomRotation", "config": {"name": "random_rotation", "trainable": true,
                   "dtype": "float32", "factor": 0.1, "fill_mode": "constant", "fill_value": 0.0,
                   "interpolation": "nearest", "seed": 3}}]},
                 "keras_version": "2.11.0", "backend": "tensorflow"}
                """);
        Model model = keras4j.saving.KerasFiles.modelFromJson(json);
        assertArrayEquals(new double[] {0.2, 0.2}, ((RandomContrast) model.getLayers().get(0)).getFactor());
        assertArrayEquals(new double[] {0, 255}, ((RandomContrast) model.getLayers().get(0)).getValueRange());
        RandomRotation rotation = (RandomRotation) model.getLayers().get(1);
        assertArrayEquals(new double[] {-0.1, 0.1}, rotation.getFactor());
        assertEquals("constant", rotation.getFillMode());
        assertEquals("nearest", rotation.getInterpolation());
        assertEquals(3, rotation.getSeed());
    }
}
