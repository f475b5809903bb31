package keras4j.backend.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import keras4j.FitOptions;
import keras4j.Functional;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.graph.KerasTensor;
import keras4j.layers.Add;
import keras4j.layers.BatchNormalization;
import keras4j.layers.Dense;
import keras4j.layers.Input;

/** keras4j's Java Adam step gives DL4J's Adam step, to float rounding, and trains networks as DL4J's does. */
class FastAdamTest {
    /** Largest difference allowed between the two kernels' arrays, relative to the largest element. */
    private static final double ROUNDING = 1e-6;

    @Test
    void oneStepEqualsDl4jsKernel() {
        for (int n : new int[] {5, 8192 * 3 + 17, 200_003}) {   // one partial chunk; several; two threads
            Adam config = new Adam(0.01, 0.9, 0.999, 1e-7);
            INDArray dl4jState = Nd4j.zeros(DataType.FLOAT, 1, 2L * n);
            INDArray fastState = Nd4j.zeros(DataType.FLOAT, 1, 2L * n);
            GradientUpdater<?> dl4j = config.instantiate(dl4jState, true);
            AdamUpdater created = (AdamUpdater) config.instantiate(fastState, true);
            FastAdam.Kernel fast = new FastAdam.Kernel(config);
            fast.setM(created.getM());
            fast.setV(created.getV());
            Nd4j.getRandom().setSeed(n);
            for (int iteration = 0; iteration < 5; iteration++) {
                INDArray gradient = Nd4j.randn(DataType.FLOAT, 1, n).muli(0.1);
                INDArray dl4jUpdate = gradient.dup('f');
                INDArray fastUpdate = gradient.dup('f');
                dl4j.applyUpdater(dl4jUpdate, iteration, 0);
                fast.applyUpdater(fastUpdate, iteration, 0);
                assertClose(dl4jUpdate, fastUpdate, "update of " + n + " at iteration " + iteration);
                assertClose(dl4jState, fastState, "state of " + n + " at iteration " + iteration);
                assertTrue(fastUpdate.neq(gradient).any(), "the gradient became the update");
            }
        }
    }

    @Test
    void momentsTooSmallToMoveAWeightAreFlushedBeforeTheyTurnSubnormal() {
        Adam config = new Adam(0.001, 0.9, 0.999, 1e-7);
        INDArray dl4jState = Nd4j.zeros(DataType.FLOAT, 1, 6);
        INDArray fastState = Nd4j.zeros(DataType.FLOAT, 1, 6);
        GradientUpdater<?> dl4j = config.instantiate(dl4jState, true);
        AdamUpdater created = (AdamUpdater) config.instantiate(fastState, true);
        FastAdam.Kernel fast = new FastAdam.Kernel(config);
        fast.setM(created.getM());
        fast.setV(created.getV());
        // one step with gradients, then none: the moments of the third weight start tiny and decay
        float[] first = {0.5f, -0.25f, 0x1p-90f};
        for (int iteration = 0; iteration < 300; iteration++) {
            INDArray gradient = iteration == 0 ? Nd4j.createFromArray(first).reshape(1, 3) : Nd4j.zeros(DataType.FLOAT, 1, 3);
            INDArray dl4jUpdate = gradient.dup('f');
            INDArray fastUpdate = gradient.dup('f');
            dl4j.applyUpdater(dl4jUpdate, iteration, 0);
            fast.applyUpdater(fastUpdate, iteration, 0);
            assertClose(dl4jUpdate, fastUpdate, "update at iteration " + iteration);
            assertTrue(Math.abs(dl4jUpdate.getDouble(2) - fastUpdate.getDouble(2)) < 1e-25, "iteration " + iteration);
        }
        float[] fastM = created.getM().toFloatVector();
        float[] dl4jM = ((AdamUpdater) dl4j).getM().toFloatVector();
        assertEquals(0f, fastM[2], "the tiny first moment is flushed");
        assertTrue(dl4jM[2] != 0 && Math.abs(dl4jM[2]) < Float.MIN_NORMAL, "DL4J's decayed into a subnormal: " + dl4jM[2]);
        assertEquals(dl4jM[0], fastM[0], 1e-6 * Math.abs(dl4jM[0]), "the others decay as DL4J's do");
        assertTrue(created.getV().getFloat(0) > 0, "second moments decay more slowly and are still normal");

        assertEquals(1f, FastAdam.kept(0x1p-100f));
        assertEquals(1f, FastAdam.kept(Float.POSITIVE_INFINITY));
        assertEquals(0f, FastAdam.kept(0x1p-102f));
        assertEquals(0f, FastAdam.kept(Float.MIN_VALUE));
        assertEquals(0.5f, FastAdam.kept(0x1.8p-101f));
        assertTrue(Float.isNaN(FastAdam.kept(Float.NaN)), "NaN stays NaN, so a diverged step still shows");
    }

    @Test
    void aSequentialTrainsAsWithDl4jsKernel() {
        assertTrainsAsDl4j(() -> {
            // BatchNormalization first: its moving statistics are a block DL4J doesn't train, between two it
            // does. (Not after a Dense with a bias: that bias's gradient is rounding noise, which Adam
            // turns into full steps of either sign, so any two kernels part ways there.)
            Sequential model = new Sequential(new Input(12), new BatchNormalization(), new Dense(300, "relu"),
                    new Dense(4, "softmax"));
            model.setSeed(3);
            model.compile(new keras4j.optimizers.Adam(0.01), new keras4j.losses.SparseCategoricalCrossentropy(), "accuracy");
            return model;
        });
    }

    @Test
    void aFunctionalModelTrainsAsWithDl4jsKernel() {
        assertTrainsAsDl4j(() -> {
            KerasTensor in = Input.tensor(12);
            KerasTensor a = new Dense(300, "relu").apply(in);
            KerasTensor b = new Dense(300, "tanh").apply(in);
            KerasTensor out = new Dense(4, "softmax").apply(new Add().apply(a, b));
            Functional model = new Functional(in, out);
            model.setSeed(3);
            model.compile(new keras4j.optimizers.Adam(0.01), new keras4j.losses.SparseCategoricalCrossentropy(), "accuracy");
            return model;
        });
    }

    /** The model trains to the same weights with keras4j's kernel as with DL4J's, and keras4j's did run. */
    private static void assertTrainsAsDl4j(Supplier<Model> build) {
        Nd4j.getRandom().setSeed(13);
        INDArray x = Nd4j.rand(DataType.FLOAT, 256, 12);
        INDArray y = Nd4j.rand(DataType.FLOAT, 256, 1).muli(4).castTo(DataType.INT32).castTo(DataType.FLOAT);
        FitOptions options = new FitOptions().epochs(3).batchSize(32).verbose(0).shuffle(false);
        Model dl4j;
        System.setProperty(FastAdam.PROPERTY, "false");
        try {
            dl4j = build.get();
            dl4j.fit(x, y, options);
            assertSame(AdamUpdater.class, firstBlockUpdater(dl4j).getClass(), "the property keeps DL4J's kernel");
        } finally {
            System.clearProperty(FastAdam.PROPERTY);
        }
        Model fast = build.get();
        fast.fit(x, y, options);
        assertSame(FastAdam.Kernel.class, firstBlockUpdater(fast).getClass(), "keras4j's kernel ran");
        // to rounding of the network's largest weight: Adam moves every weight by up to about the
        // learning rate a step whatever its size, so a small bias (0.01) can differ by some 20 of its ulps
        List<INDArray> expected = dl4j.getWeights();
        List<INDArray> actual = fast.getWeights();
        double largest = expected.stream().mapToDouble(w -> w.amaxNumber().doubleValue()).max().orElse(0);
        for (int i = 0; i < expected.size(); i++) {
            double difference = expected.get(i).castTo(DataType.DOUBLE).sub(actual.get(i).castTo(DataType.DOUBLE))
                    .amaxNumber().doubleValue();
            assertTrue(difference <= ROUNDING * largest,
                    "weight " + i + ": differs by " + difference + " (largest weight " + largest + ")");
        }
        assertEquals(dl4j.getHistory().getHistory().get("loss").get(2), fast.getHistory().getHistory().get("loss").get(2),
                1e-5, "last epoch's loss");
    }

    private static GradientUpdater<?> firstBlockUpdater(Model model) {
        Object net = model.toDl4j();
        Updater updater = net instanceof MultiLayerNetwork chain ? chain.getUpdater() : ((ComputationGraph) net).getUpdater();
        return ((BaseMultiLayerUpdater<?>) updater).getUpdaterBlocks().get(0).getGradientUpdater();
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
        double difference = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(difference <= ROUNDING * scale, what + ": differs by " + difference + " (largest element " + scale + ")");
    }
}
