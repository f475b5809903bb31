package keras4j.constraints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.FitOptions;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.initializers.Initializer;
import keras4j.layers.Conv2D;
import keras4j.layers.Dense;
import keras4j.layers.Flatten;
import keras4j.layers.Input;
import keras4j.layers.Layer;
import keras4j.optimizers.SGD;
import keras4j.regularizers.Regularizer;
import keras4j.saving.KerasFiles;

/**
 * Bias regularizers and kernel / bias constraints on Dense and Conv2D: one SGD step of a linear
 * Dense layer under mean squared error against the step and the projection written out by hand
 * (Keras's formulas, epsilon 1e-7), Conv2D filters' norms after a step, and the settings through
 * configs, .keras4j files and Keras files.
 */
class KernelSettingsTest {
    private static final double[][] X = {{1, 2, -1}, {0.5, -1, 2}, {-2, 0.5, 1}, {1.5, 1, 0}};
    private static final double[][] Y = {{1, -1}, {0, 2}, {-1, 0.5}, {2, 1}};
    private static final double[] KERNEL = {1.1, -2.2, 0.3, 1.4, -0.5, 0.6};   // (3, 2), row-major
    private static final double[] BIAS = {0.5, -0.05};
    private static final double LR = 0.1;

    /** @return kernel and bias after one plain SGD step of mean squared error (penalties added by the caller) */
    private static double[][] step(double[] extraBiasGradient) {
        return step(extraBiasGradient, 0, 0);
    }

    /** @return the step with Keras's activity penalty (l1 * sum|y| + l2 * sum y^2) / batch on the output too */
    private static double[][] step(double[] extraBiasGradient, double activityL1, double activityL2) {
        double[] k = KERNEL.clone();
        double[] b = BIAS.clone();
        double[] dk = new double[6];
        double[] db = new double[2];
        for (int s = 0; s < X.length; s++) {
            for (int j = 0; j < 2; j++) {
                double out = BIAS[j];
                for (int i = 0; i < 3; i++) {
                    out += X[s][i] * KERNEL[i * 2 + j];
                }
                double g = 2 * (out - Y[s][j]) / (X.length * 2)
                        + (activityL1 * Math.signum(out) + 2 * activityL2 * out) / X.length;
                db[j] += g;
                for (int i = 0; i < 3; i++) {
                    dk[i * 2 + j] += g * X[s][i];
                }
            }
        }
        for (int i = 0; i < 6; i++) {
            k[i] -= LR * dk[i];
        }
        for (int j = 0; j < 2; j++) {
            b[j] -= LR * (db[j] + extraBiasGradient[j]);
        }
        return new double[][] {k, b};
    }

    private static Model stepped(Dense dense) {
        Model model = new Sequential(new Input(3), dense);
        model.compile(new SGD(LR), keras4j.losses.Loss.get("mse"));
        model.setWeights(List.of(Nd4j.create(KERNEL, new long[] {3, 2}, DataType.FLOAT),
                Nd4j.create(BIAS, new long[] {2}, DataType.FLOAT)));
        model.fit(Nd4j.create(X).castTo(DataType.FLOAT), Nd4j.create(Y).castTo(DataType.FLOAT),
                new FitOptions().epochs(1).batchSize(4).shuffle(false).verbose(0));
        return model;
    }

    private static void assertWeights(double[] expected, INDArray actual, String what) {
        double[] a = actual.castTo(DataType.DOUBLE).data().asDouble();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], a[i], 1e-5, what + " [" + i + "]");
        }
    }

    /** Keras's norm-projection of each column of a (3, 2) kernel: w * desired(norm) / (1e-7 + norm). */
    private static double[] columns(double[] k, java.util.function.DoubleUnaryOperator desired) {
        double[] out = k.clone();
        for (int j = 0; j < 2; j++) {
            double norm = Math.sqrt(k[j] * k[j] + k[2 + j] * k[2 + j] + k[4 + j] * k[4 + j]);
            for (int i = 0; i < 3; i++) {
                out[i * 2 + j] = k[i * 2 + j] * desired.applyAsDouble(norm) / (1e-7 + norm);
            }
        }
        return out;
    }

    @Test
    void biasRegularizerAddsItsGradientToTheStep() {
        double l1 = 0.3;
        double l2 = 0.2;
        double[] extra = new double[2];
        for (int j = 0; j < 2; j++) {
            extra[j] = l1 * Math.signum(BIAS[j]) + 2 * l2 * BIAS[j];
        }
        double[][] expected = step(extra);
        Model model = stepped(new Dense(2).biasRegularizer(Regularizer.l1L2(l1, l2)));
        assertWeights(expected[0], model.getWeights().get(0), "kernel");
        assertWeights(expected[1], model.getWeights().get(1), "bias");
    }

    @Test
    void activityRegularizerAddsThePenaltyOfTheOutputPerSample() {
        double[][] expected = step(new double[2], 0.05, 0.1);
        Model model = stepped(new Dense(2).activityRegularizer(Regularizer.l1L2(0.05, 0.1)));
        assertWeights(expected[0], model.getWeights().get(0), "kernel");
        assertWeights(expected[1], model.getWeights().get(1), "bias");
        // the penalty changes the step
        Model plain = stepped(new Dense(2));
        assertTrue(Math.abs(plain.getWeights().get(1).getDouble(0) - expected[1][0]) > 1e-3);
    }

    @Test
    void constraintsProjectTheWeightsAfterEachStep() {
        double[][] plain = step(new double[2]);
        Model maxNorm = stepped(new Dense(2).kernelConstraint(Constraint.maxNorm(1.0)));
        assertWeights(columns(plain[0], n -> Math.min(n, 1.0)), maxNorm.getWeights().get(0), "max_norm");
        assertWeights(plain[1], maxNorm.getWeights().get(1), "bias without a constraint");

        Model unit = stepped(new Dense(2).kernelConstraint(Constraint.unitNorm()));
        assertWeights(columns(plain[0], n -> 1.0), unit.getWeights().get(0), "unit_norm");

        Model minMax = stepped(new Dense(2).kernelConstraint(Constraint.minMaxNorm(1.8, 2.0, 0.5)));
        assertWeights(columns(plain[0], n -> 0.5 * Math.max(1.8, Math.min(n, 2.0)) + 0.5 * n),
                minMax.getWeights().get(0), "min_max_norm");

        Model nonNeg = stepped(new Dense(2).kernelConstraint("non_neg").biasConstraint(Constraint.nonNeg()));
        double[] k = plain[0].clone();
        for (int i = 0; i < k.length; i++) {
            k[i] = Math.max(0, k[i]);
        }
        assertWeights(k, nonNeg.getWeights().get(0), "non_neg kernel");
        assertWeights(new double[] {Math.max(0, plain[1][0]), Math.max(0, plain[1][1])},
                nonNeg.getWeights().get(1), "non_neg bias");

        // A bias is a vector: Keras's axis 0 is its whole norm.
        Model biasNorm = stepped(new Dense(2).biasConstraint(Constraint.maxNorm(0.1)));
        double bn = Math.hypot(plain[1][0], plain[1][1]);
        assertWeights(new double[] {plain[1][0] * 0.1 / (1e-7 + bn), plain[1][1] * 0.1 / (1e-7 + bn)},
                biasNorm.getWeights().get(1), "max_norm bias");
    }

    @Test
    void conv2dFilterNormsAreTakenInKerassLayout() {
        Conv2D conv = new Conv2D(3, 2).kernelInitializer(Initializer.randomNormal(0, 2).seed(1))
                .kernelConstraint(Constraint.maxNorm(0.5, 0, 1, 2));
        Model model = new Sequential(new Input(4, 4, 2), conv, new Flatten(), new Dense(1));
        model.compile(new SGD(1e-3), keras4j.losses.Loss.get("mse"));
        model.fit(Nd4j.rand(DataType.FLOAT, 8, 4, 4, 2), Nd4j.rand(DataType.FLOAT, 8, 1),
                new FitOptions().epochs(1).batchSize(8).verbose(0));
        INDArray kernel = model.getWeights().get(0).castTo(DataType.DOUBLE);   // (2, 2, 2, 3)
        for (int f = 0; f < 3; f++) {
            double norm = kernel.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(f)).norm2Number().doubleValue();
            // drawn with norms near 2 * sqrt(8): every filter is clipped to the maximum
            assertEquals(0.5, norm, 1e-5, "filter " + f);
        }
    }

    @Test
    void settingsSurviveConfigsModelFilesAndKerasFiles(@TempDir Path dir) {
        Dense dense = new Dense(2).kernelInitializer(Initializer.varianceScaling(2, "fan_out", "uniform").seed(4))
                .biasInitializer(Initializer.constant(0.1)).biasRegularizer(Regularizer.l2(0.01))
                .kernelConstraint(Constraint.minMaxNorm(0.1, 2, 0.5, 0)).biasConstraint(Constraint.nonNeg());
        Conv2D conv = new Conv2D(2, 3).kernelInitializer("lecun_normal").biasInitializer("ones")
                .activityRegularizer(Regularizer.l1(0.02))
                .biasRegularizer("l1").kernelConstraint(Constraint.maxNorm(3, 0, 1, 2)).biasConstraint("unit_norm");
        Map<String, Object> denseConfig = dense.getConfig();
        Map<String, Object> convConfig = conv.getConfig();
        assertEquals(denseConfig, Layer.fromConfig("Dense", denseConfig).getConfig());
        assertEquals(convConfig, Layer.fromConfig("Conv2D", convConfig).getConfig());

        Model model = new Sequential(new Input(5, 5, 1), conv, new Flatten(), dense);
        model.compile("sgd", "mse");
        for (String file : List.of("m.keras4j", "m.keras", "m.h5")) {
            Path path = dir.resolve(file);
            if (file.endsWith("keras4j")) {
                model.save(path);
            } else {
                KerasFiles.save(model, path);
            }
            Model loaded = file.endsWith("keras4j") ? Model.load(path) : KerasFiles.load(path);
            List<Layer> layers = loaded.getLayers();
            Layer c = layers.stream().filter(l -> l instanceof Conv2D).findFirst().orElseThrow();
            Layer d = layers.stream().filter(l -> l instanceof Dense).findFirst().orElseThrow();
            assertEquals(strip(convConfig), strip(c.getConfig()), file);
            assertEquals(strip(denseConfig), strip(d.getConfig()), file);
        }
    }

    /** @return a layer's config without its name (Keras files keep names, but not always) */
    private static Map<String, Object> strip(Map<String, Object> config) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(config);
        out.remove("name");
        return out;
    }

    @Test
    void kerasConstraintsAreReadFromTheirClassNames() {
        Constraint c = Constraint.fromConfig(Map.of("class_name", "MaxNorm", "config",
                Map.of("max_value", 3, "axis", List.of(0, 1, 2))));
        assertEquals(Constraint.maxNorm(3, 0, 1, 2), c);
        assertEquals(Constraint.minMaxNorm(0, 1, 1), Constraint.get("MinMaxNorm"));
        Keras4jException e = assertThrows(Keras4jException.class, () -> Constraint.get("max_nrom"));
        assertTrue(e.getMessage().contains("Did you mean 'max_norm'?"), e.getMessage());
        e = assertThrows(Keras4jException.class, () -> Constraint.minMaxNorm(0, 1, 0));
        assertTrue(e.getMessage().contains("rate in (0, 1]"), e.getMessage());
        e = assertThrows(Keras4jException.class, () -> Constraint.maxNorm(-1));
        assertTrue(e.getMessage().contains("max_value > 0"), e.getMessage());
    }

    @Test
    void keras2SettingsAreRead(@TempDir Path dir) throws java.io.IOException {
        String json = java.nio.file.Files.readString(Path.of("src/test/resources/keras4j/keras/"
                + "simple_sparse_xent_mlp_keras_2_config.json"));
        String dense = "\"kernel_initializer\": {\"class_name\": \"VarianceScaling\", \"config\": {\"scale\": 2.0, "
                + "\"mode\": \"fan_in\", \"distribution\": \"truncated_normal\", \"seed\": 7}}, "
                + "\"bias_initializer\": {\"class_name\": \"Constant\", \"config\": {\"value\": 0.2}}, "
                + "\"kernel_regularizer\": null, "
                + "\"bias_regularizer\": {\"class_name\": \"L1L2\", \"config\": {\"l1\": 0.01, \"l2\": 0.0}}, "
                + "\"activity_regularizer\": {\"class_name\": \"L1L2\", \"config\": {\"l1\": 0.0, \"l2\": 0.03}}, "
                + "\"kernel_constraint\": {\"class_name\": \"MaxNorm\", \"config\": {\"max_value\": 2, \"axis\": 0}}, "
                + "\"bias_constraint\": {\"class_name\": \"NonNeg\", \"config\": {}}";
        String edited = json.replaceFirst("(?s)\"kernel_initializer\".*?\"bias_constraint\": null",
                java.util.regex.Matcher.quoteReplacement(dense));
        Path file = dir.resolve("m.json");
        java.nio.file.Files.writeString(file, edited);
        Model model = KerasFiles.modelFromJson(file);
        Dense d = (Dense) model.getLayers().stream().filter(l -> l instanceof Dense).findFirst().orElseThrow();
        Initializer kernel = Initializer.varianceScaling(2, "fan_in", "truncated_normal").seed(7);
        assertEquals(kernel, d.getKernelInitializer());
        assertEquals(Initializer.constant(0.2), d.getBiasInitializer());
        assertEquals(Regularizer.l1(0.01), d.getBiasRegularizer());
        assertEquals(Regularizer.l2(0.03), d.getActivityRegularizer());
        assertEquals(Constraint.maxNorm(2, 0), d.getKernelConstraint());
        assertEquals(Constraint.nonNeg(), d.getBiasConstraint());
        assertEquals(kernel.apply(4, 3), model.getWeights().get(0).castTo(DataType.FLOAT));
        assertEquals(Nd4j.valueArrayOf(new long[] {3}, 0.2f), model.getWeights().get(1).castTo(DataType.FLOAT));
    }
}
