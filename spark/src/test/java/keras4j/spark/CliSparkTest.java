package keras4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras4j.cli.Main;
import keras4j.datasets.Iris;
import keras4j.models.TrainedModel;

/** The command line's --spark, in-process: train a recipe on local[2], score a CSV file; bad rows in one line. */
class CliSparkTest {
    @TempDir
    Path temp;

    private record Run(int status, String out, String err) {
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), false).execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void trainsARecipeOnSparkAndScoresACsvFileLikePredict() throws Exception {
        Path run = temp.resolve("iris");
        Run trained = cli("train", "iris-mlp", "--spark", "local[2]", "--epochs", "3", "--out", run.toString());
        assertEquals(0, trained.status(), trained.out() + trained.err());
        assertTrue(trained.out().contains("on Spark local[2]"), trained.out());
        assertTrue(Files.exists(run.resolve("model.keras4j")), trained.out());
        assertEquals(3, TrainedModel.load(run.resolve("model.keras4j")).model().getHistory().size());

        Path input = temp.resolve("flowers.csv");
        List<String> lines = new java.util.ArrayList<>();
        lines.add(String.join(",", Iris.FEATURE_NAMES));
        lines.add("5.1,3.5,1.4,0.2");
        lines.add("6.7,3.0,5.2,2.3");
        lines.add("5.9,3.0,4.2,1.5");
        Files.write(input, lines);
        Path output = temp.resolve("scored.csv");
        Run scored = cli("predict", "--spark", "local[2]", run.resolve("model.keras4j").toString(), input.toString(),
                output.toString());
        assertEquals(0, scored.status(), scored.out() + scored.err());
        assertTrue(scored.out().startsWith("Scored 3 rows of " + input), scored.out());
        assertEquals("", scored.err());
        List<String> written = new java.util.ArrayList<>();
        try (Stream<Path> parts = Files.list(output)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList()) {
                List<String> rows = Files.readAllLines(part);
                written.addAll(rows.subList(1, rows.size()));
                assertEquals(String.join(",", Iris.FEATURE_NAMES) + ",prediction,probability,class", rows.get(0));
            }
        }
        assertEquals(3, written.size());
        // the same classes as 'keras4j predict' (one JVM) gives for these rows
        TrainedModel model = TrainedModel.load(run.resolve("model.keras4j"));
        for (String row : written) {
            String[] cells = row.split(",");
            double[] features = {Double.parseDouble(cells[0]), Double.parseDouble(cells[1]),
                    Double.parseDouble(cells[2]), Double.parseDouble(cells[3])};
            assertEquals(model.predictRow(features, 1).get(0).label(), cells[6], row);
        }

        Files.write(input, List.of(String.join(",", Iris.FEATURE_NAMES), "5.1,3.5,1.4,0.2", "6.7,,5.2,2.3"));
        Run bad = cli("predict", "--spark", "local[2]", run.resolve("model.keras4j").toString(), input.toString(),
                temp.resolve("bad.csv").toString());
        assertEquals(2, bad.status(), bad.out() + bad.err());
        assertEquals("Error: Row 1 of partition 0 of the input table: column 'sepal_width' is empty (null). Fill in "
                + "the missing values.", bad.err().strip());
        assertFalse(bad.err().contains("\tat "), "no stack trace");
    }
}
