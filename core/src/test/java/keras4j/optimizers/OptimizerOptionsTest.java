package keras4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Arrays2;
import keras4j.FitOptions;
import keras4j.Functional;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.callbacks.LearningRateScheduler;
import keras4j.graph.KerasTensor;
import keras4j.callbacks.ReduceLROnPlateau;
import keras4j.layers.BatchNormalization;
import keras4j.layers.Dense;
import keras4j.layers.Input;
import keras4j.losses.Loss;
import keras4j.optimizers.schedules.CosineDecay;
import keras4j.optimizers.schedules.PiecewiseConstantDecay;

/** The new optimizers' defaults, configs, schedules during fit and refusals. */
class OptimizerOptionsTest {
    @Test
    void kerassDefaultsAndNames() {
        assertEquals(0.004, new AdamW().getWeightDecay());
        assertEquals(0.95, new Adadelta().getRho());
        assertEquals(1e-7, new Adadelta().getEpsilon());
        assertEquals(0.001, new Adadelta().getLearningRate());
        assertEquals(0.1, new Adagrad().getInitialAccumulatorValue());
        assertEquals(0.0, new RMSprop().getMomentum());
        for (String name : Optimizer.NAMES) {
            Optimizer o = Optimizer.get(name);
            assertEquals(name, o.getName());
            assertEquals(o, Optimizer.fromConfig(o.getConfig()), name);
            assertNull(o.getClipnorm());
        }
    }

    @Test
    void configsCarryKerassKeysAndRoundTrip() {
        List<Optimizer> all = List.of(new AdamW(new CosineDecay(1e-3, 100)).withGlobalClipnorm(1.0),
                new Adamax(0.002).withClipnorm(0.5), new Adadelta(1.0, 0.9, 1e-6).withClipvalue(0.1),
                new RMSprop(0.01, 0.8, 0.5, 1e-6, true), new Adagrad(0.1, 0.2, 1e-6),
                new Adam(0.01).withWeightDecay(0.01), new SGD(new PiecewiseConstantDecay(new double[] {5},
                        new double[] {0.1, 0.01})));
        for (Optimizer o : all) {
            assertEquals(o, Optimizer.fromConfig(o.getConfig()), o.toString());
        }
        Map<String, Object> adamw = all.get(0).getConfig();
        assertEquals(List.of("name", "learning_rate", "weight_decay", "global_clipnorm", "beta_1", "beta_2", "epsilon",
                "amsgrad"),
                List.copyOf(adamw.keySet()));
        assertEquals("CosineDecay", ((Map<?, ?>) adamw.get("learning_rate")).get("class_name"));
        assertEquals(List.of("name", "learning_rate", "rho", "momentum", "epsilon", "centered"),
                List.copyOf(new RMSprop().getConfig().keySet()));
        assertEquals(List.of("name", "learning_rate", "initial_accumulator_value", "epsilon"),
                List.copyOf(new Adagrad().getConfig().keySet()));
        // older keras4j files: Adagrad without initial_accumulator_value started at 0, RMSprop had no momentum
        Map<String, Object> old = new LinkedHashMap<>(Map.of("name", "adagrad", "learning_rate", 0.01, "epsilon", 1e-7));
        assertEquals(new Adagrad(0.01, 0.0, 1e-7), Optimizer.fromConfig(old));
        Map<String, Object> rms = new LinkedHashMap<>(Map.of("name", "rmsprop", "learning_rate", 0.01, "rho", 0.9,
                "epsilon", 1e-7));
        assertEquals(new RMSprop(0.01), Optimizer.fromConfig(rms));
    }

    @Test
    void badArgumentsAreRefused() {
        assertTrue(assertThrows(Keras4jException.class, () -> new RMSprop(0.01, 0.9, 1.0, 1e-7, false))
                .getMessage().contains("RMSprop: invalid momentum=1.0"));
        assertTrue(assertThrows(Keras4jException.class, () -> new AdamW(0.01, -0.1)).getMessage()
                .contains("AdamW: invalid weight_decay=-0.1"));
        assertTrue(assertThrows(Keras4jException.class, () -> new Adam().withClipnorm(0)).getMessage()
                .contains("Adam: invalid clipnorm=0.0"));
        assertTrue(assertThrows(Keras4jException.class, () -> new Adagrad(0.01, -1, 1e-7)).getMessage()
                .contains("invalid initial_accumulator_value=-1.0"));
        assertTrue(assertThrows(Keras4jException.class, () -> new Adadelta(0.01, 1.0, 1e-7)).getMessage()
                .contains("Adadelta: invalid rho=1.0"));
        Map<String, Object> both = new LinkedHashMap<>(new Adam().getConfig());
        both.put("clipnorm", 1.0);
        both.put("clipvalue", 0.5);
        assertTrue(assertThrows(Keras4jException.class, () -> Optimizer.fromConfig(both)).getMessage()
                .contains("Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set"));
        Optimizer clipped = new Adam().withClipnorm(1.0).withClipvalue(0.5);
        assertNull(clipped.getClipnorm(), "the last clipping asked for replaces the one before");
        assertEquals(0.5, clipped.getClipvalue());
    }

    @Test
    void aScheduleStepsEachBatchAndItsRateIsNotSettable() {
        Sequential model = new Sequential(new Input(3), new Dense(1));
        PiecewiseConstantDecay schedule = new PiecewiseConstantDecay(new double[] {2}, new double[] {0.1, 0.01});
        model.compile(new SGD(schedule), Loss.get("mse"));
        assertEquals(0.1, model.getLearningRate());
        FitOptions options = new FitOptions().epochs(1).batchSize(2).shuffle(false).verbose(0);
        model.fit(Arrays2.random(1, 4, 3), Arrays2.random(2, 4, 1), options);
        assertEquals(0.1, model.getLearningRate(), "2 steps taken: step 2 is still <= the boundary");
        model.fit(Arrays2.random(1, 4, 3), Arrays2.random(2, 4, 1), options);
        assertEquals(0.01, model.getLearningRate(), "4 steps taken");
        assertEquals(4L, model.getOptimizerVariables().get(0).getLong(0));
        assertEquals(1, model.getOptimizerVariables().size(), "Keras keeps no learning_rate variable for a schedule");
        assertTrue(assertThrows(Keras4jException.class, () -> model.setLearningRate(0.5)).getMessage()
                .contains("learning rate is not settable"));
        for (var callback : List.of(new LearningRateScheduler((epoch, lr) -> lr), new ReduceLROnPlateau())) {
            Keras4jException e = assertThrows(Keras4jException.class, () -> model.fit(Arrays2.random(1, 4, 3),
                    Arrays2.random(2, 4, 1), new FitOptions().epochs(1).verbose(0).callbacks(callback)));
            assertTrue(e.getMessage().contains(callback.getClass().getSimpleName() + " sets the learning rate"),
                    e.getMessage());
        }
    }

    @Test
    void clippingSurvivesAChangedLearningRate() {
        // DL4J's setLearningRate puts in an updater of its own; keras4j's clipping must stay
        Sequential a = new Sequential(new Input(3), new Dense(1));
        Sequential b = new Sequential(new Input(3), new Dense(1));
        a.setSeed(3);
        b.setSeed(3);
        a.compile(new SGD(0.5).withClipvalue(1e-3), Loss.get("mse"));
        b.compile(new SGD(0.1).withClipvalue(1e-3), Loss.get("mse"));
        b.setLearningRate(0.5);
        FitOptions options = new FitOptions().epochs(2).batchSize(4).shuffle(false).verbose(0);
        a.fit(Arrays2.random(1, 4, 3), Arrays2.random(2, 4, 1).mul(100), options);
        b.fit(Arrays2.random(1, 4, 3), Arrays2.random(2, 4, 1).mul(100), options);
        assertEquals(a.getWeights(), b.getWeights());
    }

    @Test
    void clippingAndDecayTouchOnlyTrainableWeights() {
        // BatchNormalization's moving statistics and a frozen layer's weights are no trainable variables
        onlyTrainableWeightsMove(false);
        onlyTrainableWeightsMove(true);
    }

    private static void onlyTrainableWeightsMove(boolean functional) {
        INDArray x = Arrays2.random(1, 8, 3);
        INDArray y = Arrays2.random(2, 8, 1);
        List<List<INDArray>> after = new java.util.ArrayList<>();
        for (Optimizer optimizer : List.of(new SGD(0.1), new SGD(0.1).withClipvalue(1e-6),
                new AdamW(0.1, 0.5).withGlobalClipnorm(1e-6))) {
            Dense frozen = new Dense(4);
            BatchNormalization norm = new BatchNormalization();
            Model model;
            if (functional) {
                KerasTensor in = Input.tensor(3);
                model = new Functional(in, new Dense(1).apply(norm.apply(frozen.apply(in))));
            } else {
                model = new Sequential(new Input(3), frozen, norm, new Dense(1));
            }
            model.setSeed(5);
            frozen.trainable(false);
            model.compile(optimizer, Loss.get("mse"));
            List<INDArray> frozenBefore = frozen.getWeights();
            model.fit(x, y, new FitOptions().epochs(1).batchSize(8).verbose(0));
            assertEquals(frozenBefore, frozen.getWeights(), optimizer + ": the frozen layer");
            after.add(norm.getWeights());
        }
        for (int i = 1; i < after.size(); i++) {
            assertEquals(after.get(0).get(2), after.get(i).get(2), "moving_mean, unclipped");
            assertEquals(after.get(0).get(3), after.get(i).get(3), "moving_variance, unclipped and undecayed");
            assertTrue(after.get(0).get(0).sub(after.get(i).get(0)).amaxNumber().doubleValue() > 1e-4,
                    "gamma's step was clipped");
        }
    }
}
