package keras4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.core.type.TypeReference;

import keras4j.Model;
import keras4j.internal.ModelFile;
import keras4j.models.DataSources;
import keras4j.models.ImagePreprocessing;
import keras4j.models.ModelInfo;
import keras4j.models.Recipe;
import keras4j.models.Recipes;
import keras4j.models.Task;
import keras4j.models.TrainedModel;

/** train, train-csv, evaluate and predict, on iris, XOR, the regression table, a CSV and images. */
class TrainingCommandsTest {
    @TempDir
    static Path dir;

    static Path irisRun;

    @BeforeAll
    static void trainIris() {
        irisRun = dir.resolve("iris-run");
        Cli.Run run = Cli.run("train", "iris-mlp", "--epochs", "3", "--out", irisRun.toString()).assertOk();
        assertTrue(run.out().startsWith("Training iris-mlp on iris: 3 epochs, batch size 16, adam(lr=0.001), seed 42"),
                run.out());
        assertTrue(run.out().contains("Epoch 3/3\n6/6 - "), "one line per epoch: " + run.out());
        assertTrue(run.out().contains("Test (30 examples): test_loss: "), run.out());
    }

    static Map<String, Object> json(Path file) throws Exception {
        return ModelFile.json().readValue(Files.readAllBytes(file), new TypeReference<Map<String, Object>>() { });
    }

    @Test
    void trainWritesTheModelAndItsReports() throws Exception {
        for (String name : List.of("model.keras4j", "summary.txt", "history.csv", "metrics.json",
                "history.png", "confusion_matrix.csv", "confusion_matrix.png")) {
            assertTrue(Files.size(irisRun.resolve(name)) > 0, name);
        }
        Map<String, Object> metrics = json(irisRun.resolve("metrics.json"));
        assertEquals("iris-mlp", metrics.get("recipe"));
        assertEquals(3, metrics.get("epochs"));
        assertEquals(30, metrics.get("test_examples"));
        assertTrue(metrics.get("test_loss") instanceof Double && metrics.get("test_accuracy") instanceof Double);
        assertTrue(((Number) metrics.get("wall_seconds")).doubleValue() > 0);
        List<String> history = Files.readAllLines(irisRun.resolve("history.csv"));
        assertEquals("epoch,accuracy,loss,val_accuracy,val_loss", history.get(0));
        assertEquals(4, history.size());
        List<String> confusion = Files.readAllLines(irisRun.resolve("confusion_matrix.csv"));
        assertEquals("true\\predicted,setosa,versicolor,virginica", confusion.get(0));
        BufferedImage chart = ImageIO.read(irisRun.resolve("history.png").toFile());
        assertEquals(1120, chart.getWidth());
        assertNotNull(ImageIO.read(irisRun.resolve("confusion_matrix.png").toFile()));
        double accuracy = (Double) metrics.get("test_accuracy");
        assertEquals(accuracy < 1, Files.exists(irisRun.resolve("misclassified.csv")));
    }

    @Test
    void xorReachesHundredPercentAndRegressionReportsMse() throws Exception {
        Path xor = dir.resolve("xor-run");
        Cli.Run run = Cli.run("train", "xor-mlp", "--seed", "5", "--out", xor.toString()).assertOk();
        assertTrue(run.out().contains("test_accuracy: 1.0000"), run.out());
        assertFalse(run.out().contains("Epoch 1/"), "the recipe trains quietly: " + run.out());
        assertFalse(Files.exists(xor.resolve("misclassified.csv")));
        Path regression = dir.resolve("regression-run");
        Cli.run("train", "linear-regression", "--epochs", "2", "--verbose", "0", "--out", regression.toString())
                .assertOk();
        Map<String, Object> metrics = json(regression.resolve("metrics.json"));
        assertEquals("regression", metrics.get("task"));
        assertEquals(metrics.get("test_loss"), metrics.get("test_mse"));
        assertTrue(metrics.containsKey("test_mae"));
        assertFalse(Files.exists(regression.resolve("confusion_matrix.csv")));
        Cli.Run predicted = Cli.run("predict", regression.resolve("model.keras4j").toString(),
                Files.writeString(dir.resolve("row.csv"), "x1,x2,x3\n5,5,0\n").toString()).assertOk();
        assertTrue(predicted.out().matches("(?s).*row.csv row 1: y = -?[0-9.]+\\n"), predicted.out());
    }

    @Test
    void evaluatePrintsTheScoresOrJson() throws Exception {
        Path model = irisRun.resolve("model.keras4j");
        Cli.Run plain = Cli.run("evaluate", model.toString()).assertOk();
        assertTrue(plain.out().startsWith("Data set: iris (30 examples)\nloss: "), plain.out());
        assertTrue(plain.out().contains("\naccuracy: "), plain.out());
        Cli.Run json = Cli.run("evaluate", model.toString(), "--json").assertOk();
        assertEquals(1, json.out().lines().count());
        Map<String, Object> scores = ModelFile.json().readValue(json.out(), new TypeReference<Map<String, Object>>() { });
        assertEquals(30, scores.get("examples"));
        Map<String, Object> metrics = json(irisRun.resolve("metrics.json"));
        assertEquals((Double) metrics.get("test_accuracy"), (Double) scores.get("accuracy"), 1e-9);
        assertEquals((Double) metrics.get("test_loss"), (Double) scores.get("loss"), 1e-5);
        Cli.run("evaluate", model.toString(), "--dataset", "cifar10").assertUsageError("Unknown data set 'cifar10'");
        Cli.run("evaluate", model.toString(), "--dataset", "xor").assertUsageError("Expected rows of 4 features");
    }

    @Test
    void predictGivesTheTopSpeciesForCsvRows() throws Exception {
        Path model = irisRun.resolve("model.keras4j");
        Path withHeader = Files.writeString(dir.resolve("flowers.csv"),
                "sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n"
                        + "6.7,3.0,5.2,2.3,virginica\n");
        Path plain = Files.writeString(dir.resolve("plain.csv"), "5.9,3.0,4.2,1.5\n");
        Cli.Run run = Cli.run("predict", model.toString(), withHeader.toString(), plain.toString(), "--top", "2")
                .assertOk();
        List<String> lines = run.out().lines().toList();
        assertEquals(3, lines.size(), run.out());
        assertTrue(lines.get(0).matches(".*flowers.csv row 1: (setosa|versicolor|virginica) \\([0-9.]+%\\), "
                + "(setosa|versicolor|virginica) \\([0-9.]+%\\)"), lines.get(0));
        assertTrue(lines.get(2).contains("plain.csv row 1: "), lines.get(2));
        Path notes = Files.writeString(dir.resolve("notes.txt"), "hello");
        Cli.run("predict", model.toString(), notes.toString()).assertUsageError("expected a PNG, JPEG");
        Path image = dir.resolve("iris.png");
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", image.toFile());
        Cli.run("predict", model.toString(), image.toString()).assertUsageError("not on images");
    }

    static BufferedImage digit(int size, int type, Color paper, Color ink) {
        BufferedImage image = new BufferedImage(size, size, type);
        Graphics2D g = image.createGraphics();
        g.setColor(paper);
        g.fillRect(0, 0, size, size);
        g.setColor(ink);
        g.setStroke(new BasicStroke(size / 9f));
        g.drawOval(size / 4, size / 5, size / 2, size * 3 / 5);   // a zero
        g.dispose();
        return image;
    }

    @Test
    void predictConvertsAnyImageForAnImageModel() throws Exception {
        Recipe recipe = Recipes.get("mnist-mlp");
        Model model = recipe.build().setSeed(3);
        recipe.compile(model);
        Path file = dir.resolve("digits.keras4j");
        new TrainedModel(model, new ModelInfo("mnist-mlp", Task.CLASSIFICATION, DataSources.mnist().getConfig(),
                DataSources.DIGITS, List.of(), "class", new ImagePreprocessing(28, 28, true, 20))).save(file);
        Path gray = dir.resolve("gray28.png");
        ImageIO.write(digit(28, BufferedImage.TYPE_BYTE_GRAY, Color.BLACK, Color.WHITE), "png", gray.toFile());
        Path rgb = dir.resolve("rgb64.png");
        ImageIO.write(digit(64, BufferedImage.TYPE_INT_RGB, new Color(10, 10, 10), new Color(250, 240, 200)), "png",
                rgb.toFile());
        Path paper = dir.resolve("dark-on-white.jpg");
        ImageIO.write(digit(120, BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.DARK_GRAY), "jpg", paper.toFile());
        Cli.Run run = Cli.run("predict", file.toString(), gray.toString(), rgb.toString(), paper.toString())
                .assertOk();
        List<String> lines = run.out().lines().toList();
        assertEquals(3, lines.size(), run.out());
        for (String line : lines) {
            assertTrue(line.matches(".*\\.(png|jpg): [0-9] \\([0-9.]+%\\), [0-9] \\([0-9.]+%\\), [0-9] \\([0-9.]+%\\)"),
                    line);
        }
    }

    @Test
    void trainCsvTrainsAnMlpOnTheUsersTable() throws Exception {
        StringBuilder s = new StringBuilder("height,weight,kind\n");
        for (int i = 0; i < 60; i++) {
            boolean big = i % 2 == 0;
            s.append(big ? 180 + i % 7 : 150 + i % 5).append(',').append(big ? 80 + i % 9 : 50 + i % 4).append(',')
                    .append(big ? "tall" : "short").append('\n');
        }
        Path csv = Files.writeString(dir.resolve("people.csv"), s.toString());
        Path out = dir.resolve("csv-run");
        Cli.Run run = Cli.run("train-csv", csv.toString(), "--label-column", "kind", "--hidden", "8",
                "--epochs", "3", "--out", out.toString()).assertOk();
        assertTrue(run.out().startsWith("Task: classification (from the labels; choose with --task). Model: MLP 2-8-2 "
                + "on people.csv."), run.out());
        Map<String, Object> metrics = json(out.resolve("metrics.json"));
        assertEquals("csv-mlp", metrics.get("recipe"));
        assertEquals(12, metrics.get("test_examples"));
        Cli.Run evaluated = Cli.run("evaluate", out.resolve("model.keras4j").toString(), "--dataset", csv.toString())
                .assertOk();
        assertTrue(evaluated.out().contains("(60 examples)"), evaluated.out());
        Cli.Run predicted = Cli.run("predict", out.resolve("model.keras4j").toString(), csv.toString(), "--top", "1")
                .assertOk();
        assertEquals(60, predicted.out().lines().count());
        Cli.run("train-csv", csv.toString(), "--label-column", "age").assertUsageError(
                "has no column 'age'. Its columns are height, weight, kind");
        Cli.run("train-csv", csv.toString(), "--hidden", "8,x").assertUsageError("'x' is not an int");
    }
}
