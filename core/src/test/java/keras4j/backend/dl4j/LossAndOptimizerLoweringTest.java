package keras4j.backend.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMAE;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

import keras4j.internal.AdadeltaUpdater;
import keras4j.internal.AdagradUpdater;
import keras4j.internal.AdamaxUpdater;
import keras4j.internal.KerasLoss;
import keras4j.internal.KerasSchedule;
import keras4j.internal.MomentumUpdater;
import keras4j.internal.RMSpropUpdater;
import keras4j.losses.BinaryCrossentropy;
import keras4j.losses.Loss;
import keras4j.losses.SparseCategoricalCrossentropy;
import keras4j.optimizers.Adadelta;
import keras4j.optimizers.Adagrad;
import keras4j.optimizers.Adam;
import keras4j.optimizers.AdamW;
import keras4j.optimizers.Adamax;
import keras4j.optimizers.Nadam;
import keras4j.optimizers.Optimizer;
import keras4j.optimizers.RMSprop;
import keras4j.optimizers.SGD;
import keras4j.optimizers.schedules.CosineDecay;

/** Every loss and optimizer name lowers to the DL4J class it should, with its settings carried over. */
class LossAndOptimizerLoweringTest {
    @Test
    void everyLossNameLowersToItsDl4jLoss() {
        Map<String, Class<?>> expected = Map.of(
                "mean_squared_error", LossMSE.class,
                "mean_absolute_error", LossMAE.class,
                "binary_crossentropy", LossBinaryXENT.class,
                "categorical_crossentropy", LossMCXENT.class,
                "sparse_categorical_crossentropy", LossSparseMCXENT.class);
        for (String name : Loss.NAMES) {
            Loss loss = Loss.get(name);
            // DL4J's own where it equals Keras's; keras4j's KerasLoss (Keras's formula and gradient) otherwise.
            assertEquals(expected.getOrDefault(loss.getName(), KerasLoss.class), LossLowering.of(loss, 1).getClass(),
                    name);
        }
        assertInstanceOf(KerasLoss.class, LossLowering.of(new SparseCategoricalCrossentropy(true), 3));
        assertInstanceOf(KerasLoss.class, LossLowering.of(new BinaryCrossentropy(false, 0.1), 3));
    }

    @Test
    void crossEntropiesKeepKerasEpsilonAndBinaryAveragesOverOutputs() {
        LossBinaryXENT one = (LossBinaryXENT) LossLowering.of(Loss.get("binary_crossentropy"), 1);
        assertEquals(1e-7, one.getClipEps());
        assertNull(one.getWeights(), "one output needs no weights");
        LossBinaryXENT four = (LossBinaryXENT) LossLowering.of(Loss.get("binary_crossentropy"), 4);
        assertEquals(1e-7, four.getClipEps());
        assertEquals(4, four.getWeights().length());
        assertEquals(0.25, four.getWeights().getDouble(3), 1e-9);
        LossMCXENT ce = (LossMCXENT) LossLowering.of(Loss.get("categorical_crossentropy"), 3);
        assertEquals(1e-7, ce.getSoftmaxClipEps());
        assertNull(ce.getWeights());
    }

    @Test
    void sgdLowersByMomentumAndNesterov() {
        Sgd plain = assertInstanceOf(Sgd.class, OptimizerLowering.of(Optimizer.get("sgd")));
        assertEquals(0.01, plain.getLearningRate());
        Nesterovs nesterov = assertInstanceOf(Nesterovs.class, OptimizerLowering.of(new SGD(0.1, 0.8, true)));
        assertEquals(0.1, nesterov.getLearningRate());
        assertEquals(0.8, nesterov.getMomentum());
        assertEquals(new MomentumUpdater(0.1, 0.8), OptimizerLowering.of(new SGD(0.1, 0.8, false)));
    }

    @Test
    void adaptiveOptimizersCarryEverySetting() {
        org.nd4j.linalg.learning.config.Adam adam = assertInstanceOf(org.nd4j.linalg.learning.config.Adam.class,
                OptimizerLowering.of(new Adam(0.003, 0.8, 0.99, 1e-5)));
        assertEquals(0.003, adam.getLearningRate());
        assertEquals(0.8, adam.getBeta1());
        assertEquals(0.99, adam.getBeta2());
        assertEquals(1e-5, adam.getEpsilon());
        org.nd4j.linalg.learning.config.Nadam nadam = assertInstanceOf(org.nd4j.linalg.learning.config.Nadam.class,
                OptimizerLowering.of(new Nadam(0.004, 0.7, 0.98, 1e-6)));
        assertEquals(0.004, nadam.getLearningRate());
        assertEquals(0.7, nadam.getBeta1());
        assertEquals(0.98, nadam.getBeta2());
        assertEquals(1e-6, nadam.getEpsilon());
        RmsProp rmsprop = assertInstanceOf(RmsProp.class, OptimizerLowering.of(new RMSprop(0.02, 0.5, 1e-4)));
        assertEquals(0.02, rmsprop.getLearningRate());
        assertEquals(0.5, rmsprop.getRmsDecay());
        assertEquals(1e-4, rmsprop.getEpsilon());
        AdaGrad adagrad = assertInstanceOf(AdaGrad.class, OptimizerLowering.of(new Adagrad(0.05, 0.0, 1e-3)));
        assertEquals(0.05, adagrad.getLearningRate(), "keras4j's Adagrad before initial_accumulator_value");
        assertEquals(1e-3, adagrad.getEpsilon());
        assertEquals(new AdagradUpdater(0.05, 0.1, 1e-3), OptimizerLowering.of(new Adagrad(0.05, 1e-3)));
        assertEquals(new RMSpropUpdater(0.02, 0.5, 0.9, 1e-4, false),
                OptimizerLowering.of(new RMSprop(0.02, 0.5, 0.9, 1e-4, false)));
        assertEquals(new AdamaxUpdater(0.002, 0.8, 0.9, 1e-6), OptimizerLowering.of(new Adamax(0.002, 0.8, 0.9, 1e-6)));
        assertEquals(new AdadeltaUpdater(1.0, 0.9, 1e-6), OptimizerLowering.of(new Adadelta(1.0, 0.9, 1e-6)));
    }

    @Test
    void aScheduleBecomesTheUpdatersSchedule() {
        CosineDecay cosine = new CosineDecay(0.1, 10);
        for (Optimizer optimizer : List.of(new Adam(cosine), new SGD(0.1, 0.9, false).withLearningRate(cosine),
                new Adamax(cosine), new AdamW(cosine))) {
            IUpdater updater = OptimizerLowering.of(optimizer);
            assertEquals(0.05, updater.getLearningRate(5, 0), 1e-12, optimizer.toString());
            assertEquals(new KerasSchedule(cosine), new KerasSchedule(cosine).clone());
        }
    }

    @Test
    void everyOptimizerNameLowersWithKerasDefaults() {
        Map<String, Class<?>> expected = Map.of(
                "sgd", Sgd.class,
                "adam", org.nd4j.linalg.learning.config.Adam.class,
                "nadam", org.nd4j.linalg.learning.config.Nadam.class,
                "rmsprop", RmsProp.class,
                "adagrad", AdagradUpdater.class,
                "adamw", org.nd4j.linalg.learning.config.Adam.class,
                "adamax", AdamaxUpdater.class,
                "adadelta", AdadeltaUpdater.class);
        for (String name : Optimizer.NAMES) {
            IUpdater updater = OptimizerLowering.of(Optimizer.get(name));
            assertEquals(expected.get(name), updater.getClass(), name);
            assertEquals(Optimizer.get(name).getLearningRate(), updater.getLearningRate(0, 0), name);
        }
        assertEquals(1e-7, ((org.nd4j.linalg.learning.config.Adam) OptimizerLowering.of(Optimizer.get("adam")))
                .getEpsilon());
        assertEquals(0.9, ((RmsProp) OptimizerLowering.of(Optimizer.get("rmsprop"))).getRmsDecay());
    }
}
