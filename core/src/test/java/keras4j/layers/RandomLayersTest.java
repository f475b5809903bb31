package keras4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.core.type.TypeReference;

import keras4j.Arrays2;
import keras4j.FitOptions;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.internal.ModelFile;

/**
 * The layers active only in training: identity in predict, what each does in DL4J's training
 * pass (the one {@code fit} runs), seeded draws, and their Keras files.
 */
class RandomLayersTest {
    @TempDir
    Path temp;

    /** @return the layer's output for x in DL4J's training mode, as fit computes it */
    static INDArray training(Sequential model, INDArray x) {
        MultiLayerNetwork net = model.toDl4j();
        return net.output(x, true);
    }

    @Test
    void everyRandomLayerPredictsAndEvaluatesItsInputUnchanged() {
        INDArray images = Arrays2.random(1, 2, 3, 3, 2);
        for (Layer layer : List.of(new SpatialDropout2D(0.5), new GaussianNoise(0.5), new GaussianDropout(0.5))) {
            Sequential model = new Sequential(new Input(3, 3, 2), layer);
            assertEquals(images, model.predict(images), layer.getClassName());
        }
        INDArray sequences = Arrays2.random(2, 2, 4, 3);
        assertEquals(sequences, new Sequential(new Input(4, 3), new SpatialDropout1D(0.5)).predict(sequences));
        Sequential model = new Sequential(new Input(5), new GaussianNoise(1.0), new Dense(1));
        model.compile("sgd", "mse");
        INDArray x = Arrays2.random(3, 4, 5);
        INDArray y = Arrays2.random(4, 4, 1);
        Sequential plain = new Sequential(new Input(5), new Dense(1));
        plain.compile("sgd", "mse");
        plain.getLayers().get(0).setWeights(model.getLayers().get(1).getWeights());
        assertEquals(plain.evaluate(x, y).get("loss"), model.evaluate(x, y).get("loss"), 1e-6);
    }

    @Test
    void spatialDropoutDropsWholeChannelsOfImagesAndSequencesAndScalesTheRest() {
        INDArray x = Arrays2.random(5, 6, 3, 4, 8).addi(2);   // no zeros
        INDArray out = training(new Sequential(new Input(3, 4, 8), new SpatialDropout2D(0.5)), x);
        assertChannelsDroppedOrDoubled(x.reshape(6, 12, 8), out.reshape(6, 12, 8));

        INDArray seq = Arrays2.random(6, 6, 5, 8).addi(2);
        // DL4J holds a sequence (steps, channels) as one vector per sample
        INDArray outSeq = training(new Sequential(new Input(5, 8), new SpatialDropout1D(0.5)), seq.reshape(6, 40));
        assertChannelsDroppedOrDoubled(seq, outSeq.reshape(6, 5, 8));
    }

    private static void assertChannelsDroppedOrDoubled(INDArray x, INDArray out) {
        int dropped = 0;
        int kept = 0;
        for (int b = 0; b < x.size(0); b++) {
            for (int c = 0; c < x.size(2); c++) {
                INDArray in = x.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.point(c));
                INDArray got = out.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.point(c));
                if (got.getDouble(0) == 0) {
                    assertEquals(0, got.amaxNumber().doubleValue(), "a dropped channel is 0 at every position");
                    dropped++;
                } else {
                    assertTrue(got.equalsWithEps(in.mul(2), 1e-6), "a kept channel is scaled by 1 / (1 - rate)");
                    kept++;
                }
            }
        }
        assertTrue(dropped > 0 && kept > 0, dropped + " dropped, " + kept + " kept of 48 channels at rate 0.5");
    }

    @Test
    void gaussianNoiseAddsAndGaussianDropoutMultipliesNoiseOfKerassSpread() {
        INDArray x = Arrays2.random(7, 50, 200).addi(2);
        INDArray added = training(new Sequential(new Input(200), new GaussianNoise(0.5)), x).sub(x);
        assertEquals(0, added.meanNumber().doubleValue(), 0.03);
        assertEquals(0.5, added.stdNumber().doubleValue(), 0.03);
        // rate 0.2: noise N(1, sqrt(0.2 / 0.8) = 0.5)
        INDArray factor = training(new Sequential(new Input(200), new GaussianDropout(0.2)), x).div(x);
        assertEquals(1, factor.meanNumber().doubleValue(), 0.03);
        assertEquals(0.5, factor.stdNumber().doubleValue(), 0.03);
    }

    @Test
    void theModelsSeedRepeatsTheNoiseInFitAndTheNoiseChangesWhatFitLearns() {
        List<INDArray> first = fitted(0.5, 3);
        assertEquals(first, fitted(0.5, 3), "the same seed, the same noise");
        assertNotEquals(first, fitted(0.0, 3), "fit adds noise");
        assertNotEquals(first, fitted(0.5, 4), "another seed, other noise");
    }

    /** @return the Dense weights after fit from the same initial weights, with noise of stddev and seed */
    private static List<INDArray> fitted(double stddev, long seed) {
        Sequential model = new Sequential(new Input(6), new GaussianNoise(stddev), new Dense(1));
        model.setSeed(seed);
        model.compile("sgd", "mse");
        model.getLayers().get(1).setWeights(List.of(Arrays2.random(10, 6, 1),
                Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1)));
        model.fit(Arrays2.random(8, 8, 6), Arrays2.random(9, 8, 1), new FitOptions().epochs(2).batchSize(4).verbose(0));
        return model.getLayers().get(1).getWeights();
    }

    @Test
    void argumentsOutsideKerassRangesAreRefusedNamingTheArgument() {
        assertEquals("SpatialDropout2D: rate must be in [0, 1); received rate=1.0.",
                assertThrows(Keras4jException.class, () -> new SpatialDropout2D(1)).getMessage());
        assertTrue(assertThrows(Keras4jException.class, () -> new GaussianNoise(2)).getMessage()
                .startsWith("GaussianNoise: stddev must be in [0, 1]; received stddev=2.0."));
        assertTrue(assertThrows(Keras4jException.class, () -> new GaussianDropout(-0.1)).getMessage()
                .startsWith("GaussianDropout: rate must be in [0, 1)"));
        Keras4jException e = assertThrows(Keras4jException.class,
                () -> new SpatialDropout2D(0.1).computeOutputShape(new int[] {6}));
        assertTrue(e.getMessage().contains("expected an image (height, width, channels)"), e.getMessage());
        e = assertThrows(Keras4jException.class, () -> new SpatialDropout1D(0.1).computeOutputShape(new int[] {3, 3, 2}));
        assertTrue(e.getMessage().contains("For images use SpatialDropout2D."), e.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void kerasFilesHoldKerassConfigKeysAndComeBackTheSame() throws Exception {
        Sequential model = new Sequential(new Input(4, 3), new SpatialDropout1D(0.25).seed(5), new Reshape(2, 2, 3),
                new SpatialDropout2D(0.5), new Flatten(), new GaussianNoise(0.1), new GaussianDropout(0.2).seed(1),
                new Dense(2));
        model.compile("adam", "mse");
        for (String name : List.of("random.keras", "random.h5")) {
            Path file = temp.resolve(name);
            model.save(file);
            Model loaded = Model.load(file);
            for (Layer layer : model.getLayers()) {
                assertEquals(layer.getConfig(), loaded.getLayer(layer.getName()).getConfig(), name);
            }
            INDArray x = Arrays2.random(11, 2, 4, 3);
            assertEquals(model.predict(x), loaded.predict(x));
        }
        try (ZipFile zip = new ZipFile(temp.resolve("random.keras").toFile())) {
            Map<String, Object> config = ModelFile.json().readValue(zip.getInputStream(zip.getEntry("config.json")),
                    new TypeReference<Map<String, Object>>() { });
            List<Map<String, Object>> layers = (List<Map<String, Object>>) ((Map<String, Object>) config
                    .get("config")).get("layers");
            Map<String, List<String>> keys = Map.of("SpatialDropout1D", List.of("rate", "seed"),
                    "SpatialDropout2D", List.of("rate", "seed", "data_format"),
                    "GaussianNoise", List.of("stddev", "seed"), "GaussianDropout", List.of("rate", "seed"));
            int seen = 0;
            for (Map<String, Object> layer : layers) {
                List<String> own = keys.get((String) layer.get("class_name"));
                if (own != null) {
                    Map<String, Object> c = (Map<String, Object>) layer.get("config");
                    assertTrue(c.keySet().containsAll(own), layer.toString());
                    seen++;
                }
            }
            assertEquals(4, seen);
            assertEquals(5, ((Map<String, Object>) layers.get(1).get("config")).get("seed"));
        }
    }
}
