package keras4j.reliability;

import java.nio.file.Files;
import java.nio.file.Path;

import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Arrays2;
import keras4j.Keras4jException;
import keras4j.Sequential;
import keras4j.layers.Dense;
import keras4j.layers.Input;

/**
 * What {@link ModelFileLimitsTest} runs in a child JVM with a small heap:
 * {@code load FILE} prints "loaded" or "refused: MESSAGE"; {@code big FILE INPUTS UNITS} builds a
 * Dense model of INPUTS x UNITS weights, saves it, loads it back and prints "ok" when the loaded
 * model predicts exactly like the saved one.
 */
public final class ModelFileChild {
    private ModelFileChild() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[1]);
        try {
            if (args[0].equals("load")) {
                Sequential.load(file);
                System.out.println("loaded");
            } else {
                int inputs = Integer.parseInt(args[2]);
                Sequential model = Sequential.of(new Input(inputs), new Dense(Integer.parseInt(args[3])));
                model.setSeed(1);
                model.compile("sgd", "mse");
                INDArray x = Arrays2.random(2, 3, inputs);
                INDArray expected = model.predict(x);
                model.save(file);
                long size = Files.size(file);
                Sequential loaded = Sequential.load(file);
                System.out.println((expected.equals(loaded.predict(x)) ? "ok" : "different") + " params="
                        + loaded.countParams() + " file=" + size + " heap=" + Runtime.getRuntime().maxMemory());
            }
        } catch (Keras4jException e) {
            System.out.println("refused: " + e.getMessage());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
