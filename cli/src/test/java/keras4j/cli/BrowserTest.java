package keras4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;

import keras4j.Model;
import keras4j.cli.serve.ModelServer;
import keras4j.datasets.FashionMnist;
import keras4j.internal.ModelFile;
import keras4j.models.DataSources;
import keras4j.models.ImagePreprocessing;
import keras4j.models.ModelInfo;
import keras4j.models.Prediction;
import keras4j.models.Recipe;
import keras4j.models.Recipes;
import keras4j.models.Task;
import keras4j.models.TrainedModel;

/**
 * {@code keras4j serve}'s page in a real browser: Debian's chromium, headless, driven by
 * playwright-core ({@code src/test/browser}). It uploads, drops and pastes Fashion-MNIST test
 * images and draws a digit on the pad, and checks the page shows the label and probability the model gives, with the
 * bars, the image as the model saw it and the time, and that the page asks nothing of the internet.
 * {@code .ci/run} installs chromium and playwright-core and makes this test required
 * ({@code KERAS4J_BROWSER_TEST=required}); elsewhere it is skipped when they aren't installed.
 */
class BrowserTest {
    private static final Path BROWSER = Path.of("src", "test", "browser");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    @TempDir
    static Path dir;

    @BeforeAll
    static void requireBrowser() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isDirectory(BROWSER.resolve("node_modules")
                .resolve("playwright-core"));
        String hint = "chromium (apt-get install chromium) and playwright-core (npm ci --prefix cli/src/test/browser) "
                + "are needed; .ci/run installs both";
        if ("required".equals(System.getenv("KERAS4J_BROWSER_TEST"))) {
            assertTrue(installed, hint);
        }
        assumeTrue(installed, hint);
    }

    private static TrainedModel model(String name, List<String> classes, String dataset) throws Exception {
        Recipe recipe = Recipes.get("mnist-mlp");
        Model model = recipe.build().setSeed(21);
        recipe.compile(model);
        Path file = dir.resolve(name + ".keras4j");
        new TrainedModel(model, new ModelInfo("mnist-mlp", Task.CLASSIFICATION, dataset.equals("mnist")
                ? DataSources.mnist().getConfig() : DataSources.fashionMnist().getConfig(), classes, List.of(),
                "class", new ImagePreprocessing(28, 28, true, dataset.equals("mnist") ? 20 : 28))).save(file);
        return TrainedModel.load(file);
    }

    /** @return what the page showed, after the script drove it */
    private static JsonNode drive(TrainedModel model, String mode, Path image, Path screenshot) throws Exception {
        ModelServer server = new ModelServer(model, "m", 5);
        server.start("127.0.0.1", 0);
        try {
            Process node = new ProcessBuilder("node", BROWSER.resolve("serve-page.mjs").toString(), server.url(), mode,
                    image == null ? "-" : image.toString(), screenshot.toString()).redirectErrorStream(true).start();
            String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(node.waitFor(120, TimeUnit.SECONDS), "the browser finished");
            assertEquals(0, node.exitValue(), out);
            String last = out.strip().lines().reduce((a, b) -> b).orElse("");
            return ModelFile.json().readTree(last);
        } finally {
            server.stop();
        }
    }

    private static void assertShows(JsonNode shown, List<Prediction> top, Path screenshot) throws Exception {
        assertEquals(top.get(0).label() + " (" + String.format(Locale.ROOT, "%.1f", 100 * top.get(0).value()) + " %)",
                shown.get("answer").asText(), shown.toString());
        for (int k = 0; k < top.size(); k++) {
            assertEquals(top.get(k).label(), shown.get("labels").get(k).asText(), "bar " + k);
        }
        assertEquals(top.size(), shown.get("bars").asInt());
        assertTrue(shown.get("seen").asBoolean(), "the image as the model sees it");
        assertTrue(shown.get("time").asText().matches("Predicted in [0-9.]+ ms on the server\\."), shown.toString());
        assertEquals("", shown.get("error").asText());
        assertEquals(0, shown.get("offline").size(), "the page asks nothing of other hosts: " + shown);
        BufferedImage shot = ImageIO.read(screenshot.toFile());
        assertTrue(shot.getWidth() >= 400 && shot.getHeight() > 400, "a phone-sized screenshot");
    }

    /** A Fashion-MNIST test image picked with the file chooser, dropped on the page, or pasted. */
    @Test
    void aFashionMnistImageUploadedDroppedOrPastedShowsTheModelsAnswer() throws Exception {
        TrainedModel model = model("fashion", FashionMnist.CLASS_NAMES, "fashion-mnist");
        INDArray pixels = FashionMnist.loadData().xTest();
        for (int i = 0; i < 3; i++) {
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    image.getRaster().setSample(x, y, 0, (int) Math.round(pixels.getDouble(i, y, x)));
                }
            }
            Path png = dir.resolve("fashion-test-" + i + ".png");
            ImageIO.write(image, "png", png.toFile());
            String mode = List.of("upload", "drop", "paste").get(i);
            Path screenshot = dir.resolve(mode + ".png");
            JsonNode shown = drive(model, mode, png, screenshot);
            assertShows(shown, model.predictImage(ImageIO.read(png.toFile()), 5), screenshot);
        }
    }

    @Test
    void aDigitDrawnOnThePadShowsTheModelsAnswer() throws Exception {
        TrainedModel model = model("digits", DataSources.DIGITS, "mnist");
        Path screenshot = dir.resolve("draw.png");
        JsonNode shown = drive(model, "draw", null, screenshot);
        assertEquals(5, shown.get("bars").asInt(), shown.toString());
        assertTrue(shown.get("answer").asText().matches("[0-9] \\([0-9.]+ %\\)"), shown.toString());
        assertEquals("", shown.get("error").asText());
        assertEquals(0, shown.get("offline").size());
    }
}
