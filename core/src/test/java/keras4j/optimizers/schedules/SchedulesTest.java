package keras4j.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import keras4j.Keras4jException;

/** Each schedule's values at chosen steps, worked out from Keras's formulas by hand. */
class SchedulesTest {
    private static final double EPS = 1e-12;

    @Test
    void exponentialDecay() {
        assertEquals(0.1, new ExponentialDecay(0.1, 10, 0.5).valueAt(0), EPS);
        assertEquals(0.1 * Math.sqrt(0.5), new ExponentialDecay(0.1, 10, 0.5).valueAt(5), EPS);
        assertEquals(0.05, new ExponentialDecay(0.1, 10, 0.5, true).valueAt(15), EPS);
        assertEquals(0.025, new ExponentialDecay(0.1, 10, 0.5, true).valueAt(20), EPS);
    }

    @Test
    void piecewiseConstantDecayKeepsAValueUpToAndIncludingItsBoundary() {
        PiecewiseConstantDecay s = new PiecewiseConstantDecay(new double[] {10, 20}, new double[] {1, 0.5, 0.1});
        double[] expected = {1, 1, 0.5, 0.5, 0.1};
        long[] steps = {0, 10, 11, 20, 21};
        for (int i = 0; i < steps.length; i++) {
            assertEquals(expected[i], s.valueAt(steps[i]), EPS, "step " + steps[i]);
        }
    }

    @Test
    void polynomialDecay() {
        PolynomialDecay s = new PolynomialDecay(0.1, 100, 0.01, 2, false);
        assertEquals(0.1, s.valueAt(0), EPS);
        assertEquals(0.09 * 0.25 + 0.01, s.valueAt(50), EPS);
        assertEquals(0.01, s.valueAt(200), EPS);
        PolynomialDecay cycle = new PolynomialDecay(0.1, 100, 0.01, 2, true);
        assertEquals(0.1, cycle.valueAt(0), EPS);
        assertEquals(0.09 * 0.0625 + 0.01, cycle.valueAt(150), EPS, "decay_steps grows to 200");
        assertEquals(0.0001, new PolynomialDecay(0.1, 100).valueAt(100), EPS, "Keras's end_learning_rate");
    }

    @Test
    void inverseTimeDecay() {
        assertEquals(0.05, new InverseTimeDecay(0.1, 10, 0.5).valueAt(20), EPS);
        assertEquals(0.1 / 1.75, new InverseTimeDecay(0.1, 10, 0.5).valueAt(15), EPS);
        assertEquals(0.1 / 1.5, new InverseTimeDecay(0.1, 10, 0.5, true).valueAt(15), EPS);
    }

    @Test
    void cosineDecayWithAndWithoutWarmup() {
        assertEquals(0.05, new CosineDecay(0.1, 100).valueAt(50), EPS);
        assertEquals(0.0, new CosineDecay(0.1, 100).valueAt(300), EPS);
        assertEquals(0.01, new CosineDecay(0.1, 100, 0.1, null, 0).valueAt(100), EPS);
        CosineDecay warm = new CosineDecay(0.0, 100, 0.0, 0.1, 10);
        assertEquals(0.0, warm.valueAt(0), EPS);
        assertEquals(0.05, warm.valueAt(5), EPS);
        assertEquals(0.1, warm.valueAt(10), EPS);
        assertEquals(0.05, warm.valueAt(60), EPS);
        assertEquals(0.0, warm.valueAt(500), EPS);
    }

    @Test
    void cosineDecayRestarts() {
        CosineDecayRestarts s = new CosineDecayRestarts(0.1, 10);   // periods of 10, 20, 40 steps
        assertEquals(0.1, s.valueAt(0), EPS);
        assertEquals(0.05, s.valueAt(5), EPS);
        assertEquals(0.1, s.valueAt(10), EPS, "the second period starts");
        assertEquals(0.05, s.valueAt(20), EPS, "half way through the second");
        assertEquals(0.1, s.valueAt(30), EPS, "the third starts");
        CosineDecayRestarts equal = new CosineDecayRestarts(0.1, 10, 1.0, 0.5, 0.0);
        assertEquals(0.025, equal.valueAt(15), EPS, "the second period, halved, half way");
    }

    @Test
    void configsRoundTripWithKerassKeys() {
        List<LearningRateSchedule> all = List.of(new ExponentialDecay(0.1, 10, 0.5, true),
                new PiecewiseConstantDecay(new double[] {10, 20}, new double[] {1, 0.5, 0.1}),
                new PolynomialDecay(0.1, 100, 0.01, 2, true), new InverseTimeDecay(0.1, 10, 0.5),
                new CosineDecay(0.0, 100, 0.1, 0.1, 10), new CosineDecayRestarts(0.1, 10, 1.5, 0.9, 0.01));
        for (LearningRateSchedule s : all) {
            assertEquals(s, LearningRateSchedule.fromConfig(s.getClassName(), s.getConfig()), s.toString());
            assertTrue(LearningRateSchedule.NAMES.contains(s.getClassName()));
        }
        assertEquals(List.of("initial_learning_rate", "decay_steps", "alpha", "name", "warmup_target", "warmup_steps"),
                List.copyOf(new CosineDecay(0.1, 10).getConfig().keySet()));
        // Keras writes decay_steps as an int and leaves out nothing; warmup_target null is no warmup
        Map<String, Object> keras = Map.of("initial_learning_rate", 0.1, "decay_steps", 100, "alpha", 0.0,
                "name", "CosineDecay", "warmup_steps", 0);
        assertEquals(new CosineDecay(0.1, 100), LearningRateSchedule.fromConfig("CosineDecay", keras));
    }

    @Test
    void badArgumentsAreRefusedWithKerassMessages() {
        assertTrue(assertThrows(Keras4jException.class, () -> new ExponentialDecay(0.1, 0, 0.5)).getMessage()
                .contains("Argument `decay_steps` must be > 0. Received: decay_steps=0"));
        assertTrue(assertThrows(Keras4jException.class, () -> new CosineDecayRestarts(0.1, -1)).getMessage()
                .contains("`first_decay_steps` must be > 0"));
        assertTrue(assertThrows(Keras4jException.class,
                () -> new PiecewiseConstantDecay(new double[] {1, 2}, new double[] {1, 2})).getMessage()
                .contains("The length of boundaries should be 1 less than the length of values"));
        assertTrue(assertThrows(Keras4jException.class, () -> new CosineDecay(0.1, 10, 0.0, 0.2, 0)).getMessage()
                .contains("warmup_steps"));
        assertTrue(assertThrows(Keras4jException.class,
                () -> LearningRateSchedule.fromConfig("CyclicalLearningRate", Map.of())).getMessage()
                .contains("keras4j has ExponentialDecay"));
        assertTrue(assertThrows(Keras4jException.class,
                () -> LearningRateSchedule.fromConfig("ExponentialDecay", Map.of("decay_steps", 1))).getMessage()
                .contains("initial_learning_rate"));
    }
}
