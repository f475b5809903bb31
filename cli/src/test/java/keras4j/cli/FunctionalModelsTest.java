package keras4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.core.type.TypeReference;

import keras4j.Functional;
import keras4j.Model;
import keras4j.datasets.LabeledData;
import keras4j.graph.KerasTensor;
import keras4j.internal.ModelFile;
import keras4j.layers.Concatenate;
import keras4j.layers.Dense;
import keras4j.layers.Input;
import keras4j.models.CsvDataSource;
import keras4j.models.ModelInfo;
import keras4j.models.RecipeData;
import keras4j.models.TablePreprocessing;
import keras4j.models.TrainedModel;

/** summary, evaluate and predict on Functional model files, as on Sequential ones. */
class FunctionalModelsTest {

    /** 30 rows of 4 features, with a header, 10 of each class a, b, c. */
    private static String table() {
        StringBuilder s = new StringBuilder("f1,f2,f3,f4,kind\n");
        for (int i = 0; i < 30; i++) {
            int c = i % 3;
            s.append(String.format(Locale.ROOT, "%.2f,%.2f,%.2f,%.2f,%s%n", c + 0.1 * (i % 5), 2 - c + 0.07 * i,
                    0.5 * c - 0.03 * i, (i * 7 % 11) / 10.0, "abc".charAt(c)));
        }
        return s.toString();
    }

    /** A Functional classifier of the table, saved with the model info the CLI reads. */
    private static Functional saveClassifier(Path csv, Path file) {
        KerasTensor x = Input.tensor(4);
        KerasTensor hidden = new Dense(8, "relu").name("hidden").apply(x);
        KerasTensor kind = new Dense(3, "softmax").name("kind").apply(hidden);
        Functional model = new Functional(x, kind).setName("table_net").setSeed(7);
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        CsvDataSource source = new CsvDataSource(csv);
        new TrainedModel(model, ModelInfo.of("table-net", source, source.load())).save(file);
        return model;
    }

    @Test
    void aFunctionalModelFileIsSummarizedEvaluatedAndPredictedLikeASequentialOne(@TempDir Path dir)
            throws Exception {
        Path csv = Files.writeString(dir.resolve("table.csv"), table());
        Path file = dir.resolve("table.keras4j");
        Functional model = saveClassifier(csv, file);
        RecipeData data = new CsvDataSource(csv).load();
        TablePreprocessing scaling = (TablePreprocessing) data.preprocessing();

        String summary = Cli.run("summary", file.toString()).assertOk().out();
        assertTrue(summary.startsWith("Model: \"table_net\""), summary);
        assertTrue(summary.contains("Connected to") && summary.contains("hidden (Dense)")
                && summary.contains("kind (Dense)") && summary.contains("hidden[0][0]"), summary);
        assertTrue(summary.contains("Total params: 67"), "4*8+8 + 8*3+3: " + summary);

        // predict: one line per row, the in-memory model's top classes (the label column is ignored)
        List<String> lines = Cli.run("predict", "--top", "2", file.toString(), csv.toString()).assertOk().out()
                .lines().toList();
        List<double[]> rows = CsvDataSource.readFeatureRows(csv, ',', data.featureNames());
        assertEquals(30, lines.size(), String.join("\n", lines));
        for (int i = 0; i < rows.size(); i++) {
            INDArray out = model.predict(scaling.transform(scaling.fromRow(rows.get(i)))).getRow(0);
            assertEquals(csv + " row " + (i + 1) + ": " + top(out.toDoubleVector(), data.classNames(), 2),
                    lines.get(i));
        }

        // evaluate on every row of the CSV: the in-memory model's scores
        String json = Cli.run("evaluate", file.toString(), "--dataset", csv.toString(), "--json").assertOk().out();
        Map<String, Object> scores = ModelFile.json().readValue(json, new TypeReference<Map<String, Object>>() { });
        LabeledData all = new CsvDataSource(csv).loadAll(data.classNames());
        Map<String, Double> expected = model.evaluate(scaling.transform(all.x()), all.y().castTo(DataType.FLOAT));
        assertEquals(30, scores.get("examples"));
        assertEquals(expected.get("loss"), ((Number) scores.get("loss")).doubleValue(), 1e-6);
        assertEquals(expected.get("accuracy"), ((Number) scores.get("accuracy")).doubleValue(), 1e-9);

        // and on the test split of the data it was trained on, the default
        String split = Cli.run("evaluate", file.toString()).assertOk().out();
        assertTrue(split.startsWith("Data set: CSV file " + csv.toAbsolutePath() + " (test split) (6 examples)")
                && split.contains("\nloss: ") && split.contains("\naccuracy: "), split);
    }

    /** The top classes as predict prints them, most probable first. */
    private static String top(double[] probabilities, List<String> classNames, int k) {
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < probabilities.length; c++) {
            order.add(c);
        }
        order.sort(Comparator.comparingDouble((Integer c) -> probabilities[c]).reversed());
        return order.subList(0, k).stream().map(c -> classNames.get(c) + " (" + String.format(Locale.ROOT, "%.1f%%",
                100 * probabilities[c]) + ")").collect(Collectors.joining(", "));
    }

    @Test
    void modelsWithSeveralInputsOrOutputsAreSummarizedButRefusedByEvaluateAndPredict(@TempDir Path dir)
            throws Exception {
        Path csv = Files.writeString(dir.resolve("table.csv"), table());
        CsvDataSource source = new CsvDataSource(csv);
        String info = ModelInfo.of("two-branch", source, source.load()).toJsonText();

        KerasTensor left = new Input(2).name("left").output();
        KerasTensor right = new Input(2).name("right").output();
        KerasTensor joined = new Concatenate().name("joined").apply(new Dense(3, "relu").name("left_dense")
                .apply(left), new Dense(3, "relu").name("right_dense").apply(right));
        Model branches = new Functional(List.of(left, right), List.of(new Dense(3, "softmax").name("kind")
                .apply(joined))).setSeed(1);
        branches.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        branches.setProperty(ModelInfo.PROPERTY, info);
        Path twoInputs = dir.resolve("branches.keras4j");
        branches.save(twoInputs);

        String summary = Cli.run("summary", twoInputs.toString()).assertOk().out();
        assertTrue(summary.contains("Connected to") && summary.contains("joined (Concatenate)"), summary);
        String joinedRow = summary.lines().filter(l -> l.contains("joined (Concatenate)")).findFirst().orElseThrow();
        assertTrue(joinedRow.contains("left_dense[0][0]"), joinedRow);
        assertTrue(summary.contains("right_dense[0][0]") && summary.contains("left (InputLayer)"), summary);

        KerasTensor x = Input.tensor(4);
        KerasTensor hidden = new Dense(4, "relu").name("hidden").apply(x);
        Model heads = new Functional(List.of(x), List.of(new Dense(3, "softmax").name("kind").apply(hidden),
                new Dense(3, "softmax").name("kind_again").apply(hidden))).setSeed(2);
        heads.compile("adam", "sparse_categorical_crossentropy");
        heads.setProperty(ModelInfo.PROPERTY, info);
        Path twoOutputs = dir.resolve("heads.keras4j");
        heads.save(twoOutputs);
        assertTrue(Cli.run("summary", twoOutputs.toString()).assertOk().out().contains("kind_again (Dense)"));

        for (String[] args : new String[][] {{"evaluate", twoInputs.toString()},
                {"predict", twoInputs.toString(), csv.toString()}}) {
            Cli.Run run = Cli.run(args).assertUsageError("Model file " + twoInputs + " has 2 inputs (left, right) "
                    + "and 1 output (kind); keras4j evaluate and predict");
            assertFalse(run.err().contains("\tat "), run.err());
            assertEquals("", run.out());
        }
        for (String[] args : new String[][] {{"evaluate", twoOutputs.toString()},
                {"predict", twoOutputs.toString(), csv.toString()}}) {
            Cli.run(args).assertUsageError("Model file " + twoOutputs + " has 1 input (" + heads.getInputNames()
                    .get(0) + ") and 2 outputs (kind, kind_again)");
        }
    }
}
