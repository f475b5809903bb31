package keras4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import keras4j.callbacks.History;
import keras4j.layers.Dense;
import keras4j.layers.Input;
import keras4j.optimizers.Adam;

class XorTest {
    static final double[][] X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    static final int[] Y = {0, 1, 1, 0};

    static Sequential xorModel(long seed) {
        Sequential model = Sequential.of(new Input(2), new Dense(16, "tanh"), new Dense(1, "sigmoid"));
        model.setSeed(seed);
        model.compile(new Adam(0.05), keras4j.losses.Loss.get("binary_crossentropy"), "accuracy");
        return model;
    }

    @Test
    void learnsXorFromAFixedSeed() {
        Sequential model = xorModel(42);
        StringBuilder out = new StringBuilder();
        History history = model.fit(X, Y, new FitOptions().epochs(300).batchSize(4).verbose(2).output(out));
        assertEquals(300, history.size());
        List<Double> loss = history.get("loss");
        assertTrue(loss.get(299) < loss.get(0) / 5, "loss should fall: " + loss.get(0) + " -> " + loss.get(299));
        assertArrayEquals(Y, model.predictClasses(org.nd4j.linalg.factory.Nd4j.createFromArray(X).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)));
        Map<String, Double> scores = model.evaluate(X, Y);
        assertEquals(1.0, scores.get("accuracy"), 1e-9);
        assertTrue(out.toString().startsWith("Epoch 1/300\n1/1 - "), out.toString().substring(0, 80));
        System.out.println(out.toString().lines().skip(598).collect(java.util.stream.Collectors.joining("\n")));
    }
}
