package keras4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.core.type.TypeReference;

import keras4j.Keras4jHome;
import keras4j.Model;
import keras4j.datasets.Datasets;
import keras4j.datasets.FashionMnist;
import keras4j.datasets.Iris;
import keras4j.internal.ModelFile;
import keras4j.models.DataSources;
import keras4j.models.RecipeData;

/**
 * {@code evaluate}, {@code predict} and {@code summary} on Keras's own model files (in
 * {@code src/test/resources/keras4j/keras}, see the NOTICE there): a whole-model {@code .h5}, and a
 * {@code model.to_json()} file with its {@code save_weights} file given with {@code --weights}.
 */
class KerasFilesCommandsTest {
    private static final String MLP = "simple_sparse_xent_mlp_keras_2_";
    private static final String COLUMNS_AS_THEY_ARE = "The columns are fed as they are (not standardized).";

    @TempDir
    static Path dir;

    static Path wholeMlp;
    static Path mlpJson;
    static Path mlpWeights;
    static Path resnetJson;
    static Path resnetWeights;

    @BeforeAll
    static void copyFixtures() throws Exception {
        wholeMlp = fixture(MLP + "model.h5");
        mlpJson = fixture(MLP + "config.json");
        mlpWeights = fixture(MLP + "weights.h5");
        resnetJson = fixture("toyresnet/modelConfig.json");
        resnetWeights = fixture("toyresnet/weights.h5");
    }

    static Path fixture(String name) throws Exception {
        Path file = dir.resolve(name.replace('/', '_'));
        try (InputStream in = KerasFilesCommandsTest.class.getResourceAsStream("/keras4j/keras/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    private static Map<String, Object> json(Cli.Run run) throws Exception {
        return ModelFile.json().readValue(run.assertOk().out(), new TypeReference<Map<String, Object>>() { });
    }

    private static double number(Map<String, Object> json, String key) {
        return ((Number) json.get(key)).doubleValue();
    }

    @Test
    void aWholeModelIsScoredWithItsOwnSparseLossAndItsJsonWithWeightsAlike() throws Exception {
        Map<String, Object> whole = json(Cli.run("evaluate", wholeMlp.toString(), "--dataset", "iris", "--json"));
        assertEquals("iris", whole.get("dataset"));
        assertEquals(30, whole.get("examples"));
        assertEquals(List.of(COLUMNS_AS_THEY_ARE), whole.get("notes"), "compiled by Keras: " + whole);

        // By hand: Keras's sparse categorical cross-entropy and accuracy of the model's outputs on iris's test rows.
        RecipeData iris = DataSources.iris().load();
        INDArray p = Model.load(wholeMlp).predict(iris.xTest());
        double loss = 0;
        int right = 0;
        for (int i = 0; i < iris.testSize(); i++) {
            int label = iris.yTest().getInt(i);
            loss -= Math.log(Math.max(p.getDouble(i, label), 1e-7));
            right += p.getRow(i).argMax().getInt(0) == label ? 1 : 0;
        }
        assertEquals(loss / iris.testSize(), number(whole, "loss"), 1e-5, whole.toString());
        assertEquals((double) right / iris.testSize(), number(whole, "accuracy"), 1e-9, whole.toString());

        Map<String, Object> pair = json(Cli.run("evaluate", mlpJson.toString(), "--weights", mlpWeights.toString(),
                "--dataset", "iris", "--json"));
        assertEquals(List.of(COLUMNS_AS_THEY_ARE, "The model has no compile settings: its loss and metrics are taken "
                + "to be categorical_crossentropy and accuracy."), pair.get("notes"));
        assertEquals(number(whole, "loss"), number(pair, "loss"), 1e-5, "one-hot labels score as sparse ones do");
        assertEquals(number(whole, "accuracy"), number(pair, "accuracy"), 1e-9);

        Cli.Run quick = Cli.run("evaluate", wholeMlp.toString(), "--dataset", "iris", "--limit", "10").assertOk();
        assertTrue(quick.out().startsWith("Note: " + COLUMNS_AS_THEY_ARE + "\nData set: iris (10 examples)\nloss: ")
                && quick.out().contains("\naccuracy: "), quick.out());

        Path csv = dir.resolve("flowers.csv");
        Files.writeString(csv, "sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n"
                + "4.9,3.0,1.4,0.2,setosa\n7.0,3.2,4.7,1.4,versicolor\n6.4,3.2,4.5,1.5,versicolor\n"
                + "6.3,3.3,6.0,2.5,virginica\n5.8,2.7,5.1,1.9,virginica\n");
        Cli.Run rows = Cli.run("evaluate", mlpJson.toString(), "--weights", mlpWeights.toString(), "--dataset",
                csv.toString()).assertOk();
        assertTrue(rows.out().contains("Data set: " + csv + " (6 examples)\nloss: "), rows.out());
    }

    @Test
    void predictAndSummaryReadBothKindsOfKerasFile() throws Exception {
        Path rows = dir.resolve("rows.csv");
        Files.writeString(rows, "petal_width,petal_length,sepal_width,sepal_length\n0.2,1.4,3.5,5.1\n2.3,5.2,3.0,6.7\n");
        for (String[] model : new String[][] {{wholeMlp.toString()},
                {mlpJson.toString(), "--weights", mlpWeights.toString()}}) {
            String[] args = new String[model.length + 6];
            System.arraycopy(new String[] {"predict", "--top", "2", "--dataset", "iris"}, 0, args, 0, 5);
            System.arraycopy(model, 0, args, 5, model.length);
            args[args.length - 1] = rows.toString();
            Cli.Run run = Cli.run(args).assertOk();
            List<String> lines = run.out().lines().toList();
            assertEquals(2, lines.size(), run.out());
            for (int i = 0; i < 2; i++) {
                String line = lines.get(i);
                assertTrue(line.startsWith(rows + " row " + (i + 1) + ": "), line);
                assertEquals(2, Iris.SPECIES.stream().filter(line::contains).count(), line);
            }
            assertTrue(run.err().contains("Note: " + COLUMNS_AS_THEY_ARE), run.err());

            String[] summary = new String[model.length + 1];
            summary[0] = "summary";
            System.arraycopy(model, 0, summary, 1, model.length);
            String table = Cli.run(summary).assertOk().out();
            assertTrue(table.contains("dense_1 (Dense)") && table.contains("activation_1 (Activation)")
                    && table.contains("Total params: 15"), table);
        }
    }

    @Test
    void theFunctionalToyResNetReadsFromItsJsonAndWeights() {
        String summary = Cli.run("summary", resnetJson.toString(), "--weights", resnetWeights.toString()).assertOk()
                .out();
        assertTrue(summary.contains("(Add)") && summary.contains("Connected to")
                && summary.contains("Total params: 222,666"), summary);
        Cli.run("evaluate", resnetJson.toString(), "--weights", resnetWeights.toString(), "--dataset", "iris")
                .assertUsageError("Model 'toy_resnet' takes inputs of shape (None, 28, 28, 1) (28 x 28 images with 1 "
                        + "channel), but data set 'iris' holds rows of 4 columns (sepal_length, sepal_width, "
                        + "petal_length, petal_width): a model for them takes (None, 4).");
    }

    /**
     * On a few real Fashion-MNIST test images, when the data set is in the user's keras4j cache
     * (only read: nothing is fetched), as the datasets module's RealDataTest reads it; skipped otherwise.
     */
    @Test
    void theToyResNetEvaluatesOnFashionMnistAndPredictsImageFiles() throws Exception {
        String testHome = System.getProperty(Keras4jHome.PROPERTY);
        String env = System.getenv(Keras4jHome.ENVIRONMENT_VARIABLE);
        System.setProperty(Keras4jHome.PROPERTY, env != null && !env.isBlank() ? env
                : Path.of(System.getProperty("user.home"), ".keras4j").toString());
        try {
            assumeTrue(Datasets.status(FashionMnist.NAME).available(), "Fashion-MNIST is not on this machine; "
                    + "'keras4j datasets --fetch fashion-mnist' fetches it");
            evaluateAndPredictFashion();
        } finally {
            if (testHome == null) {
                System.clearProperty(Keras4jHome.PROPERTY);
            } else {
                System.setProperty(Keras4jHome.PROPERTY, testHome);
            }
        }
    }

    private void evaluateAndPredictFashion() throws Exception {
        Cli.Run run = Cli.run("evaluate", resnetJson.toString(), "--weights", resnetWeights.toString(), "--dataset",
                "fashion-mnist", "--limit", "20").assertOk();
        List<String> lines = run.out().lines().toList();
        assertEquals(List.of("Note: Pixels are scaled to 0..1 (x / 255.0), as Keras's examples feed them.",
                "Note: The output layer 'dense_7' has no activation (it gives logits): a softmax is put after it, as "
                        + "from_logits=True means.",
                "Note: The model has no compile settings: its loss and metrics are taken to be "
                        + "categorical_crossentropy and accuracy.",
                "Data set: fashion-mnist (20 examples)"), lines.subList(0, 4), run.out());
        assertTrue(lines.get(4).matches("loss: \\d+\\.\\d{4}") && lines.get(5).matches("accuracy: [01]\\.\\d{4}"),
                run.out());

        Path folder = Files.createDirectories(dir.resolve("images"));
        for (String name : new String[] {"tall", "wide"}) {
            BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, 40, 40);
            g.setColor(Color.DARK_GRAY);
            g.fillRect(name.equals("tall") ? 14 : 4, name.equals("tall") ? 2 : 14, name.equals("tall") ? 12 : 32,
                    name.equals("tall") ? 36 : 12);
            g.dispose();
            ImageIO.write(image, "png", folder.resolve(name + ".png").toFile());
        }
        Cli.Run predicted = Cli.run("predict", resnetJson.toString(), "--weights", resnetWeights.toString(),
                "--dataset", "fashion-mnist", folder.resolve("tall.png").toString(),
                folder.resolve("wide.png").toString()).assertOk();
        List<String> answers = predicted.out().lines().toList();
        assertEquals(2, answers.size(), predicted.out());
        for (String answer : answers) {
            assertTrue(answer.matches(".*(tall|wide)\\.png: .+ \\(\\d+\\.\\d%\\), .+ \\(\\d+\\.\\d%\\), .+ "
                    + "\\(\\d+\\.\\d%\\)"), answer);
            assertEquals(3, FashionMnist.CLASS_NAMES.stream().filter(c -> answer.contains(c + " (")).count(), answer);
        }
    }

    @Test
    void whatAKerasFileLacksIsAskedForInOneLine() throws Exception {
        String noData = "holds no data set (nor class names or input preprocessing), as Keras's model files never do: "
                + "name the one it was trained on with --dataset mnist, fashion-mnist, iris, xor, linear-regression, "
                + "a CSV file or a folder of images.";
        Cli.run("evaluate", wholeMlp.toString()).assertUsageError("Model file " + wholeMlp + " " + noData);
        Cli.run("predict", mlpJson.toString(), "--weights", mlpWeights.toString(), "rows.csv")
                .assertUsageError("Model file " + mlpJson + " " + noData);

        String noWeights = "Model file " + mlpJson + " is a Keras architecture (model.to_json()) without weights: give "
                + "its weights file (model.save_weights) with --weights FILE.";
        Cli.run("evaluate", mlpJson.toString(), "--dataset", "iris").assertUsageError(noWeights);
        Cli.run("predict", mlpJson.toString(), "--dataset", "iris", "rows.csv").assertUsageError(noWeights);
        Cli.run("summary", mlpJson.toString()).assertUsageError(noWeights);

        String ownWeights = "--weights goes with a Keras architecture file (model.to_json()), but " + wholeMlp + " is "
                + "an HDF5 file, a whole Keras model, which holds its own weights. Drop --weights.";
        Cli.run("evaluate", wholeMlp.toString(), "--weights", mlpWeights.toString(), "--dataset", "iris")
                .assertUsageError(ownWeights);
        Cli.run("summary", wholeMlp.toString(), "--weights", mlpWeights.toString()).assertUsageError(ownWeights);
        Cli.run("summary", "iris-mlp", "--weights", mlpWeights.toString()).assertUsageError("not with a recipe "
                + "('iris-mlp'). Drop --weights.");
        Path missing = dir.resolve("missing.h5");
        Cli.run("summary", mlpJson.toString(), "--weights", missing.toString()).assertUsageError("The weights file "
                + missing + " (--weights) does not exist.");

        Cli.run("evaluate", fixture("cnn_batch_norm.h5").toString(), "--dataset", "xor").assertUsageError("Model "
                + "'sequential' takes inputs of shape (None, 10, 10, 3) (10 x 10 images with 3 channels), but data "
                + "set 'xor' holds rows of 2 columns (x1, x2): a model for them takes (None, 2).");
        Cli.run("evaluate", wholeMlp.toString(), "--dataset", "linear-regression").assertUsageError("takes inputs of "
                + "shape (None, 4) (rows of 4 values), but data set 'linear-regression' holds rows of 3 columns");
        Cli.run("evaluate", wholeMlp.toString(), "--dataset", "iris", "--limit", "0").assertUsageError("--limit must "
                + "be at least 1");

        Path keras4jModel = PredictImagesTest.saveImageModel(Files.createDirectories(dir.resolve("own")));
        Cli.run("predict", keras4jModel.toString(), "--dataset", "mnist", "a.png").assertUsageError("Model file "
                + keras4jModel + " says what it was trained on (data set 'mnist'); --dataset is for a model file "
                + "that doesn't, as Keras's don't. Drop --dataset.");
    }
}
