package keras4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import keras4j.Arrays2;
import keras4j.FitOptions;
import keras4j.Keras4jException;
import keras4j.Sequential;
import keras4j.backend.dl4j.LossLowering;
import keras4j.internal.KerasLoss;
import keras4j.layers.Dense;
import keras4j.layers.Input;
import keras4j.optimizers.Adam;
import keras4j.optimizers.SGD;
import keras4j.utils.GradientCheck;

/**
 * Keras 3's losses (keras/src/losses/losses.py) against their formulas worked by hand: values,
 * from_logits against the probability form, label smoothing, gradients, training, names and
 * configs, and the arguments refused.
 */
class KerasLossesTest {
    private static final double TOLERANCE = 1e-6;

    private static double call(Loss loss, double[][] yTrue, double[][] yPred) {
        return loss.call(Arrays2.f(yTrue), Arrays2.f(yPred));
    }

    @Test
    void theNewLossesAreKerasFormulasAveragedOverTheBatch() {
        // Huber: 0.5 x^2 where |x| <= delta, delta |x| - 0.5 delta^2 beyond; mean over the outputs.
        assertEquals((0.125 + 2.5) / 2, call(new Huber(), new double[][] {{0, 0}}, new double[][] {{0.5, 3}}),
                TOLERANCE);
        assertEquals((0.125 + 4) / 2, call(new Huber(2), new double[][] {{0, 0}}, new double[][] {{0.5, 3}}),
                TOLERANCE);
        assertEquals((Math.log(Math.cosh(1)) + Math.log(Math.cosh(2))) / 2,
                call(Loss.get("log_cosh"), new double[][] {{0, 1}}, new double[][] {{1, -1}}), TOLERANCE);
        // log cosh(x) for a large error is |x| - log 2, finite.
        assertEquals(1000 - Math.log(2), call(new LogCosh(), new double[][] {{0}}, new double[][] {{1000}}), 1e-9);
        assertEquals(0.2 * Math.log(0.2 / 0.5) + 0.8 * Math.log(0.8 / 0.5),
                call(Loss.get("kld"), new double[][] {{0.2, 0.8}}, new double[][] {{0.5, 0.5}}), TOLERANCE);
        assertEquals((2 - Math.log(2) + 1 - 2 * Math.log(1)) / 2,
                call(Loss.get("poisson"), new double[][] {{1, 2}}, new double[][] {{2, 1}}), TOLERANCE);
        // Hinge: 0/1 labels become -1/1 first, as Keras does; -1/1 labels give the same.
        assertEquals((1.3 + 0.6) / 2, call(new Hinge(), new double[][] {{0, 1}}, new double[][] {{0.3, 0.4}}),
                TOLERANCE);
        assertEquals((1.3 + 0.6) / 2, call(new Hinge(), new double[][] {{-1, 1}}, new double[][] {{0.3, 0.4}}),
                TOLERANCE);
        assertEquals((1.69 + 0.36) / 2, call(Loss.get("squared_hinge"), new double[][] {{0, 1}},
                new double[][] {{0.3, 0.4}}), TOLERANCE);
        // Categorical hinge: max(best wrong score - right score + 1, 0).
        assertEquals(0.9, call(new CategoricalHinge(), new double[][] {{0, 1, 0}}, new double[][] {{0.3, 0.5, 0.4}}),
                TOLERANCE);
        assertEquals(0, call(new CategoricalHinge(), new double[][] {{0, 1, 0}}, new double[][] {{0.3, 2, 0.4}}),
                TOLERANCE);
        // Cosine similarity is negative for aligned vectors; a zero vector gives 0, not NaN.
        assertEquals(-1 / Math.sqrt(2), call(new CosineSimilarity(), new double[][] {{1, 0}}, new double[][] {{3, 3}}),
                TOLERANCE);
        assertEquals(1, call(new CosineSimilarity(-1), new double[][] {{1, 2}}, new double[][] {{-2, -4}}), TOLERANCE);
        assertEquals(0, call(new CosineSimilarity(), new double[][] {{1, 2}}, new double[][] {{0, 0}}), TOLERANCE);
        assertEquals(100 * (0.5 + 0.25) / 2, call(Loss.get("mape"), new double[][] {{2, 4}}, new double[][] {{1, 5}}),
                TOLERANCE);
        assertEquals(100 / 1e-7, call(Loss.get("mape"), new double[][] {{0}}, new double[][] {{1}}), 1);
        double log2 = Math.log(2);
        assertEquals((Math.pow(log2 - Math.log(1 + 1e-7), 2) + Math.pow(log2 - Math.log(4), 2)) / 2,
                call(Loss.get("msle"), new double[][] {{0, 3}}, new double[][] {{1, 1}}), TOLERANCE);
        // The mean over the batch of each sample's loss.
        assertEquals((0.125 + (2 - 0.5)) / 2,
                call(new Huber(), new double[][] {{0}, {0}}, new double[][] {{0.5}, {-2}}), TOLERANCE);
    }

    private static INDArray softmax(INDArray logits) {
        INDArray e = Transforms.exp(logits, true);
        return e.divColumnVector(e.sum(true, 1));
    }

    @Test
    void fromLogitsEqualsTheProbabilityFormAfterASoftmaxOrSigmoid() {
        INDArray logits = Arrays2.random(3, 5, 4).castTo(DataType.DOUBLE).muli(3);
        INDArray ids = Arrays2.f(0, 3, 1, 2, 3).castTo(DataType.DOUBLE);
        INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, 5, 4);
        for (int i = 0; i < 5; i++) {
            oneHot.putScalar(i, ids.getInt(i), 1);
        }
        INDArray probabilities = softmax(logits);
        assertEquals(new SparseCategoricalCrossentropy().call(ids, probabilities),
                new SparseCategoricalCrossentropy(true).call(ids, logits), TOLERANCE);
        assertEquals(new CategoricalCrossentropy().call(oneHot, probabilities),
                new CategoricalCrossentropy(true).call(oneHot, logits), TOLERANCE);
        assertEquals(new CategoricalCrossentropy(false, 0.2).call(oneHot, probabilities),
                new CategoricalCrossentropy(true, 0.2).call(oneHot, logits), TOLERANCE);
        INDArray binary = oneHot.getColumns(0, 1).dup();
        INDArray two = logits.getColumns(0, 1).dup();
        assertEquals(new BinaryCrossentropy().call(binary, Transforms.sigmoid(two, true)),
                new BinaryCrossentropy(true).call(binary, two), TOLERANCE);
        assertEquals(new BinaryCrossentropy(false, 0.3).call(binary, Transforms.sigmoid(two, true)),
                new BinaryCrossentropy(true, 0.3).call(binary, two), TOLERANCE);
    }

    @Test
    void largeLogitsGiveFiniteLossesAndGradients() {
        INDArray logits = Arrays2.f(new double[][] {{100, -100, 0}, {-100, 100, 100}}).castTo(DataType.DOUBLE);
        INDArray ids = Arrays2.f(0, 0).castTo(DataType.DOUBLE);
        // Row 1 is right with certainty (loss 0); row 2 puts the class 200 below the best: -log softmax = 200 + log 2.
        assertEquals((0 + 200 + Math.log(2)) / 2, new SparseCategoricalCrossentropy(true).call(ids, logits), 1e-9);
        INDArray yes = Arrays2.f(new double[][] {{1}, {1}, {0}}).castTo(DataType.DOUBLE);
        INDArray x = Arrays2.f(new double[][] {{100}, {-100}, {-100}}).castTo(DataType.DOUBLE);
        assertEquals(100.0 / 3, new BinaryCrossentropy(true).call(yes, x), 1e-9);
        for (Loss loss : List.of(new SparseCategoricalCrossentropy(true), new CategoricalCrossentropy(true, 0.1),
                new BinaryCrossentropy(true, 0.1))) {
            boolean sparse = loss.isSparse();
            INDArray labels = sparse ? ids.reshape(2, 1)
                    : loss instanceof BinaryCrossentropy ? Arrays2.f(new double[][] {{1, 0, 1}, {0, 1, 1}})
                    : Arrays2.f(new double[][] {{0, 1, 0}, {1, 0, 0}});
            INDArray gradient = LossLowering.of(loss, 3).computeGradient(labels.castTo(DataType.DOUBLE), logits.dup(),
                    new ActivationIdentity(), null);
            assertTrue(Double.isFinite(gradient.sumNumber().doubleValue())
                    && Double.isFinite(gradient.amaxNumber().doubleValue()), loss + ": " + gradient);
        }
    }

    @Test
    void labelSmoothingIsKerasFormula() {
        // Binary: y (1 - s) + 0.5 s, so a target of 1 with s = 0.2 becomes 0.9.
        assertEquals(-(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1)),
                call(new BinaryCrossentropy(false, 0.2), new double[][] {{1}}, new double[][] {{0.9}}), TOLERANCE);
        // Categorical: y (1 - s) + s / classes, so [0, 1, 0] with s = 0.3 becomes [0.1, 0.8, 0.1].
        assertEquals(-(0.1 * Math.log(0.2) + 0.8 * Math.log(0.7) + 0.1 * Math.log(0.1)),
                call(new CategoricalCrossentropy(false, 0.3), new double[][] {{0, 1, 0}},
                        new double[][] {{0.2, 0.7, 0.1}}), TOLERANCE);
        // Without smoothing the keras4j forms agree with DL4J's (used then).
        assertEquals(call(new CategoricalCrossentropy(), new double[][] {{0, 1, 0}}, new double[][] {{0.2, 0.7, 0.1}}),
                -Math.log(0.7), TOLERANCE);
    }

    /** Every loss's gradient, by the central difference of its value, at points away from its kinks. */
    @Test
    void everyGradientIsTheDerivativeOfTheValue() {
        INDArray yReal = Arrays2.f(new double[][] {{0.3, 1.2, 2.0}, {0.5, 0.1, 0.7}}).castTo(DataType.DOUBLE);
        INDArray pReal = Arrays2.f(new double[][] {{0.8, 0.2, 3.1}, {0.4, 0.9, 0.6}}).castTo(DataType.DOUBLE);
        INDArray yProbs = Arrays2.f(new double[][] {{0.2, 0.5, 0.3}, {0.6, 0.1, 0.3}}).castTo(DataType.DOUBLE);
        INDArray pProbs = Arrays2.f(new double[][] {{0.3, 0.3, 0.4}, {0.5, 0.2, 0.3}}).castTo(DataType.DOUBLE);
        INDArray oneHot = Arrays2.f(new double[][] {{0, 1, 0}, {1, 0, 0}}).castTo(DataType.DOUBLE);
        INDArray signs = Arrays2.f(new double[][] {{-1, 1, 1}, {1, -1, 1}}).castTo(DataType.DOUBLE);
        INDArray logits = Arrays2.f(new double[][] {{2, -1, 0.5}, {-3, 0.2, 1}}).castTo(DataType.DOUBLE);
        Map<String, INDArray[]> cases = new LinkedHashMap<>();
        cases.put("huber", new INDArray[] {yReal, pReal});
        cases.put("log_cosh", new INDArray[] {yReal, pReal});
        cases.put("kl_divergence", new INDArray[] {yProbs, pProbs});
        cases.put("poisson", new INDArray[] {yReal, pProbs});
        cases.put("hinge", new INDArray[] {signs, pProbs});
        cases.put("squared_hinge", new INDArray[] {signs, pProbs});
        cases.put("categorical_hinge", new INDArray[] {oneHot, pProbs});
        cases.put("cosine_similarity", new INDArray[] {yReal, pReal});
        cases.put("mean_absolute_percentage_error", new INDArray[] {yReal, pReal});
        cases.put("mean_squared_logarithmic_error", new INDArray[] {yReal, pReal});
        cases.put("categorical_crossentropy", new INDArray[] {yProbs, pProbs});
        cases.put("binary_crossentropy", new INDArray[] {yProbs, pProbs});
        cases.put("sparse_categorical_crossentropy", new INDArray[] {Arrays2.f(new double[][] {{2}, {0}})
                .castTo(DataType.DOUBLE), logits});
        for (Map.Entry<String, INDArray[]> e : cases.entrySet()) {
            for (boolean fromLogits : e.getKey().contains("crossentropy") ? new boolean[] {false, true}
                    : new boolean[] {false}) {
                KerasLoss loss = new KerasLoss(e.getKey(), fromLogits, e.getKey().startsWith("sparse") ? 0 : 0.1, 0.5);
                INDArray y = e.getValue()[0];
                INDArray p = fromLogits ? logits : e.getValue()[1];
                INDArray gradient = loss.computeGradient(y, p.dup(), new ActivationIdentity(), null);
                for (int i = 0; i < p.rows(); i++) {
                    for (int j = 0; j < p.columns(); j++) {
                        double h = 1e-6;
                        INDArray up = p.dup();
                        up.putScalar(i, j, p.getDouble(i, j) + h);
                        INDArray down = p.dup();
                        down.putScalar(i, j, p.getDouble(i, j) - h);
                        double numeric = (loss.computeScore(y, up, new ActivationIdentity(), null, false)
                                - loss.computeScore(y, down, new ActivationIdentity(), null, false)) / (2 * h);
                        assertEquals(numeric, gradient.getDouble(i, j), 1e-5 * Math.max(1, Math.abs(numeric)),
                                loss + " at (" + i + ", " + j + ")");
                    }
                }
            }
        }
    }

    @Test
    void backpropThroughAModelWithTheseLossesPassesTheGradientCheck() {
        INDArray x = Arrays2.random(5, 6, 3);
        Sequential huber = Sequential.of(new Input(3), new Dense(4, "tanh"), new Dense(2));
        huber.compile(new SGD(0.1), new Huber(0.5));
        assertTrue(GradientCheck.check(huber, x, Arrays2.random(6, 6, 2).muli(2)));
        Sequential logits = Sequential.of(new Input(3), new Dense(4, "tanh"), new Dense(3));
        logits.compile(new SGD(0.1), new SparseCategoricalCrossentropy(true));
        assertTrue(GradientCheck.check(logits, x, Arrays2.classIds(7, 6, 3)));
        Sequential smoothed = Sequential.of(new Input(3), new Dense(4, "tanh"), new Dense(3, "softmax"));
        smoothed.compile(new SGD(0.1), new CategoricalCrossentropy(false, 0.1));
        INDArray oneHot = Nd4j.eye(3).getRows(0, 1, 2, 0, 1, 2);
        assertTrue(GradientCheck.check(smoothed, x, oneHot));
    }

    @Test
    void aModelTrainedWithEachNewLossLowersIt() {
        INDArray x = Arrays2.f(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        INDArray xor = Arrays2.f(new double[][] {{0, 1}, {1, 0}, {1, 0}, {0, 1}});
        INDArray counts = Arrays2.f(new double[][] {{1, 3}, {2, 0}, {4, 1}, {0, 2}});
        Object[][] cases = {
            {new Huber(), "linear", counts}, {new LogCosh(), "linear", counts}, {new KLDivergence(), "softmax", xor},
            {new Poisson(), "softplus", counts}, {new Hinge(), "tanh", xor}, {new SquaredHinge(), "tanh", xor},
            {new CategoricalHinge(), "linear", xor}, {new CosineSimilarity(), "linear", counts},
            {new MeanAbsolutePercentageError(), "linear", counts.add(1)},
            {new MeanSquaredLogarithmicError(), "softplus", counts},
            {new SparseCategoricalCrossentropy(true), "linear", xor.getColumn(0).dup()},
            {new CategoricalCrossentropy(true, 0.1), "linear", xor},
            {new BinaryCrossentropy(true, 0.1), "linear", xor},
        };
        for (Object[] c : cases) {
            Loss loss = (Loss) c[0];
            Sequential model = Sequential.of(new Input(2), new Dense(8, "tanh"),
                    new Dense(loss.isSparse() ? 2 : 2, (String) c[1]));
            model.compile(new Adam(0.05), loss);
            INDArray y = (INDArray) c[2];
            double before = loss.call(y, model.predict(x));
            List<Double> history = model.fit(x, y, new FitOptions().epochs(15).batchSize(4).verbose(0)).get("loss");
            double after = loss.call(y, model.predict(x));
            assertTrue(after < before && history.get(history.size() - 1) < history.get(0),
                    loss + ": " + before + " -> " + after + ", " + history);
        }
    }

    @Test
    void namesAndConfigsAreKeras() {
        for (String name : List.of("huber", "log_cosh", "logcosh", "kl_divergence", "kld", "poisson", "hinge",
                "squared_hinge", "categorical_hinge", "cosine_similarity", "mape", "msle", "bce")) {
            Loss loss = Loss.get(name);
            assertTrue(loss.hasDefaultArguments());
            assertEquals(loss, Loss.fromConfig(loss.getConfig()));
            assertEquals(loss, Loss.fromKeras(loss.getClassName(), loss.getConfig()));
            assertEquals(loss, Loss.get(loss.getName()));
        }
        assertEquals(Loss.get("mape"), new MeanAbsolutePercentageError());
        assertEquals("huber_loss", new Huber().getConfig().get("name"));
        assertEquals(Map.of("name", "huber_loss", "reduction", "sum_over_batch_size", "delta", 2.0),
                new Huber(2).getConfig());
        Loss logits = new CategoricalCrossentropy(true, 0.1);
        assertEquals(Map.of("name", "categorical_crossentropy", "reduction", "sum_over_batch_size", "from_logits", true,
                "label_smoothing", 0.1, "axis", -1), logits.getConfig());
        assertTrue(!logits.hasDefaultArguments() && logits.isFromLogits());
        assertEquals(logits, Loss.fromConfig(logits.getConfig()));
        assertEquals(new BinaryCrossentropy(true), Loss.fromKeras("BinaryCrossentropy",
                Map.of("from_logits", true, "reduction", "auto", "name", "my_loss")));
        // A keras4j file written before these arguments holds the name only: Keras's defaults.
        assertEquals(new SparseCategoricalCrossentropy(), Loss.fromConfig(Map.of("name",
                "sparse_categorical_crossentropy")));
        assertTrue(!new SparseCategoricalCrossentropy(true).equals(new SparseCategoricalCrossentropy()));
    }

    private static void refused(org.junit.jupiter.api.function.Executable call, String... fragments) {
        Keras4jException e = assertThrows(Keras4jException.class, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), e.getMessage());
        }
    }

    @Test
    void badArgumentsAreRefusedKerasStyle() {
        refused(() -> new Huber(-1), "Huber: delta must be a positive number; received -1.0.");
        refused(() -> new BinaryCrossentropy(false, 1.5), "BinaryCrossentropy: label_smoothing must be between 0 "
                + "and 1; received 1.5.");
        refused(() -> new CategoricalCrossentropy(true, -0.1), "CategoricalCrossentropy: label_smoothing");
        refused(() -> new CosineSimilarity(0), "CosineSimilarity: axis=0 is not supported", "axis=-1");
        refused(() -> Loss.fromKeras("Huber", Map.of("reduction", "sum")), "reduction 'sum' is not supported");
        refused(() -> Loss.fromKeras("SparseCategoricalCrossentropy", Map.of("ignore_class", 0)), "ignore_class=0");
        refused(() -> Loss.fromKeras("Dice", Map.of()), "no Keras loss class 'Dice'", "CosineSimilarity");
        refused(() -> Loss.get("huberr"), "huberr");
        refused(() -> Sequential.of(new Input(2), new Dense(3, "softmax"))
                .compile(new Adam(), new SparseCategoricalCrossentropy(true)),
                "has activation 'softmax'", "from_logits=True", "use 'linear'");
        refused(() -> Sequential.of(new Input(2), new Dense(1, "sigmoid"))
                .compile(new Adam(), new BinaryCrossentropy(true)), "applies the sigmoid itself");
        refused(() -> Sequential.of(new Input(2), new Dense(3))
                .compile(new Adam(), new CategoricalCrossentropy()), "from_logits=True if it gives raw scores");
    }
}
