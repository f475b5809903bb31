package keras4j.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Arrays2;
import keras4j.FitOptions;
import keras4j.Functional;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.graph.KerasTensor;
import keras4j.internal.ModelFile;
import keras4j.layers.Activation;
import keras4j.layers.BatchNormalization;
import keras4j.layers.Conv2D;
import keras4j.layers.Dense;
import keras4j.layers.Dropout;
import keras4j.layers.Flatten;
import keras4j.layers.Input;
import keras4j.layers.MaxPooling2D;
import keras4j.optimizers.SGD;

/**
 * Writes the model-file fixtures of {@link OlderModelFilesTest} with the keras4j it runs on, and
 * their predictions beside them. It was run once, by keras4j 0.1.0-SNAPSHOT of 2026-12-01 (before
 * the Model / Functional refactoring), to pin that version's files; and once with the argument
 * {@code gelu}, by the keras4j of 2026-12-15 (format version 2), to pin the files of a keras4j
 * whose Activation and Dropout layers were DL4J's own and whose gelu was DL4J's approximation. Run
 * it again only to add a fixture, never to overwrite one.
 *
 * <pre>{@code
 * java -cp core/target/test-classes:core/target/classes:... keras4j.reliability.FixtureWriter DIR [gelu]
 * }</pre>
 */
final class FixtureWriter {
    private FixtureWriter() {
    }

    /** The inputs whose predictions are pinned: for the CNN [3, 8, 8, 1], for the MLP [3, 6]. */
    static INDArray cnnInput() {
        return Arrays2.random(11, 3, 8, 8, 1);
    }

    static INDArray mlpInput() {
        return Arrays2.random(12, 3, 6);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        if (args.length > 1 && args[1].equals("gelu")) {
            writeGelu(dir);
            return;
        }

        Sequential cnn = Sequential.of(new Input(8, 8, 1), new Conv2D(4, 3, "relu"), new BatchNormalization(),
                new MaxPooling2D(2), new Dropout(0.25), new Flatten(), new Dense(3, "softmax"));
        cnn.setSeed(5);
        cnn.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        cnn.setProperty("fixture", "cnn");
        cnn.fit(cnnX(), cnnY(), new FitOptions().epochs(2).batchSize(8).verbose(0));
        write(dir, "cnn-format1", cnn, cnnInput());
        cnn.fit(cnnX(), cnnY(), continued());
        writePredictions(dir, "cnn-format1.continued", cnn, cnnInput());

        Sequential mlp = Sequential.of(new Input(6), new Dense(5, "tanh"), new Dense(2, "sigmoid"));
        mlp.setSeed(6);
        mlp.compile(new SGD(0.1, 0.9, false), keras4j.losses.Loss.get("binary_crossentropy"), "accuracy");
        mlp.fit(mlpX(), mlpY(), new FitOptions().epochs(3).batchSize(4).verbose(0));
        write(dir, "mlp-sgd-format1", mlp, mlpInput());
        mlp.fit(mlpX(), mlpY(), continued());
        writePredictions(dir, "mlp-sgd-format1.continued", mlp, mlpInput());
    }

    /**
     * A Sequential model and a Functional one with an Activation right after the Input, gelu in a
     * Dense and in an Activation layer, and a Dropout; each trained two epochs with adam.
     */
    private static void writeGelu(Path dir) throws Exception {
        Sequential sequential = Sequential.of(new Input(4), new Activation("tanh"), new Dense(6, "gelu"),
                new Dropout(0.2), new Activation("gelu"), new Dense(3, "softmax"));
        sequential.setSeed(8);
        sequential.compile("adam", "sparse_categorical_crossentropy");
        sequential.fit(geluX(), geluY(), new FitOptions().epochs(2).batchSize(4).verbose(0));
        write(dir, "gelu-sequential-format2", sequential, geluInput());
        sequential.fit(geluX(), geluY(), continued());
        writePredictions(dir, "gelu-sequential-format2.continued", sequential, geluInput());

        KerasTensor x = Input.tensor(4);
        KerasTensor hidden = new Dense(6, "gelu").apply(new Activation("tanh").apply(x));
        KerasTensor classes = new Dense(3, "softmax").apply(new Dropout(0.2).apply(new Activation("gelu")
                .apply(hidden)));
        KerasTensor side = new Dense(2).apply(hidden);
        Functional functional = new Functional(List.of(x), List.of(classes, side));
        functional.setSeed(9);
        functional.compile("adam", "mse");
        functional.fit(List.of(geluX()), geluTargets(), new FitOptions().epochs(2).batchSize(4).verbose(0));
        functional.save(dir.resolve("gelu-functional-format2.keras4j"));
        writePredictions(dir, "gelu-functional-format2", functional);
        functional.fit(List.of(geluX()), geluTargets(), continued());
        writePredictions(dir, "gelu-functional-format2.continued", functional);
    }

    /** The targets of the Functional gelu fixture's two outputs. */
    static List<INDArray> geluTargets() {
        return List.of(Arrays2.random(27, 16, 3), Arrays2.random(28, 16, 2));
    }

    private static void writePredictions(Path dir, String name, Functional model) throws Exception {
        List<INDArray> predicted = model.predict(List.of(geluInput()), 32);
        Files.write(dir.resolve(name + ".predictions.json"), ModelFile.json().writeValueAsBytes(
                List.of(predicted.get(0).toFloatMatrix(), predicted.get(1).toFloatMatrix())));
    }

    static INDArray geluInput() {
        return Arrays2.random(25, 3, 4).mul(3);
    }

    static INDArray geluX() {
        return Arrays2.random(26, 16, 4).mul(3);
    }

    static INDArray geluY() {
        return Arrays2.classIds(27, 16, 3);
    }

    /** The training data of the fixtures, and the epoch that continues their training. */
    static INDArray cnnX() {
        return Arrays2.random(21, 24, 8, 8, 1);
    }

    static INDArray cnnY() {
        return Arrays2.classIds(22, 24, 3);
    }

    static INDArray mlpX() {
        return Arrays2.random(23, 16, 6);
    }

    static INDArray mlpY() {
        return Arrays2.random(24, 16, 2).gt(0).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
    }

    static FitOptions continued() {
        return new FitOptions().epochs(1).batchSize(4).verbose(0);
    }

    private static void write(Path dir, String name, Model model, INDArray input) throws Exception {
        model.save(dir.resolve(name + ".keras4j"));
        writePredictions(dir, name, model, input);
    }

    private static void writePredictions(Path dir, String name, Model model, INDArray input) throws Exception {
        Files.write(dir.resolve(name + ".predictions.json"),
                ModelFile.json().writeValueAsBytes(model.predict(input).toFloatMatrix()));
    }
}
