package keras4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras4j.Keras4jHome;
import keras4j.datasets.Datasets;
import keras4j.datasets.FashionMnist;

/**
 * The residual, recurrent and autoencoder recipes on the command line: listed, summarized, and the
 * autoencoder's run folder (a reconstruction has no confusion matrix, but a grid of rebuilt images).
 */
class RecipeKindsTest {
    @TempDir
    Path dir;

    @Test
    void modelsListsThemAndSummaryShowsTheirLayers() {
        String listed = Cli.run("models").assertOk().out();
        for (String name : List.of("fashion-resnet", "mnist-lstm", "fashion-autoencoder")) {
            assertTrue(listed.lines().anyMatch(line -> line.startsWith(name + " ")), listed);
        }
        assertTrue(listed.lines().anyMatch(line -> line.startsWith("fashion-resnet ") && line.contains("86,818")
                && line.contains("adamw")), listed);
        String resnet = Cli.run("summary", "fashion-resnet").assertOk().out();
        assertTrue(resnet.contains("Connected to") && resnet.contains("add (Add)")
                && resnet.contains("Total params: 86,818"), resnet);
        String lstm = Cli.run("summary", "mnist-lstm").assertOk().out();
        assertTrue(lstm.contains("lstm (LSTM)") && lstm.contains("(None, 128)") && lstm.contains("80,384"), lstm);
        String autoencoder = Cli.run("summary", "fashion-autoencoder").assertOk().out();
        assertTrue(autoencoder.contains("up_sampling2d_1 (UpSampling2D)") && autoencoder.contains("(None, 784)"),
                autoencoder);
    }

    /**
     * On 200 real Fashion-MNIST training images, when the data set is in the user's keras4j cache
     * (only read: nothing is fetched); skipped otherwise.
     */
    @Test
    void theAutoencodersRunFolderShowsReconstructionsAndEvaluateScoresThem() throws Exception {
        String testHome = System.getProperty(Keras4jHome.PROPERTY);
        String env = System.getenv(Keras4jHome.ENVIRONMENT_VARIABLE);
        System.setProperty(Keras4jHome.PROPERTY, env != null && !env.isBlank() ? env
                : Path.of(System.getProperty("user.home"), ".keras4j").toString());
        try {
            assumeTrue(Datasets.status(FashionMnist.NAME).available(), "Fashion-MNIST is not on this machine; "
                    + "'keras4j datasets --fetch fashion-mnist' fetches it");
            trainEvaluateAndPredict();
        } finally {
            if (testHome == null) {
                System.clearProperty(Keras4jHome.PROPERTY);
            } else {
                System.setProperty(Keras4jHome.PROPERTY, testHome);
            }
        }
    }

    private void trainEvaluateAndPredict() throws Exception {
        Path run = dir.resolve("autoencoder");
        Cli.Run trained = Cli.run("train", "fashion-autoencoder", "--limit", "200", "--epochs", "1", "--out",
                run.toString()).assertOk();
        assertTrue(trained.out().contains("Test (10000 examples): test_loss: ") && trained.out().contains("test_mae: "),
                trained.out());
        for (String name : List.of("model.keras4j", "summary.txt", "history.csv", "metrics.json", "history.png",
                "reconstructions.png")) {
            assertTrue(Files.size(run.resolve(name)) > 0, name);
        }
        assertFalse(Files.exists(run.resolve("confusion_matrix.csv")), "no classes, no confusion matrix");
        assertFalse(Files.exists(run.resolve("misclassified.png")));
        Map<String, Object> metrics = TrainingCommandsTest.json(run.resolve("metrics.json"));
        assertEquals("reconstruction", metrics.get("task"));
        assertEquals("mean_squared_error", metrics.get("loss"));
        double mse = (Double) metrics.get("test_mse");
        assertEquals(metrics.get("test_loss"), mse, "the loss is the mse");
        assertTrue(mse > 0 && mse < 1, "pixels 0..1: " + mse);
        BufferedImage grid = ImageIO.read(run.resolve("reconstructions.png").toFile());
        assertTrue(grid.getHeight() > 4 * 28 * 4, "four rows: originals, rebuilt, originals, rebuilt");

        String evaluated = Cli.run("evaluate", run.resolve("model.keras4j").toString(), "--limit", "50").assertOk()
                .out();
        assertTrue(evaluated.contains("Data set: fashion-mnist (50 examples)") && evaluated.contains("\nmae: "),
                evaluated);

        Path image = dir.resolve("shirt.png");
        BufferedImage shirt = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        shirt.setRGB(10, 10, 0xFFFFFF);
        ImageIO.write(shirt, "png", image.toFile());
        Cli.run("predict", run.resolve("model.keras4j").toString(), image.toString())
                .assertUsageError("rebuilds its input images, it doesn't classify them");
    }
}
