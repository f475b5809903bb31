package keras4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras4j.models.TrainedModel;
import keras4j.saving.KerasFiles;

/** train-images on a folder of small coloured PNGs, then evaluate and predict on photos; and its refusals. */
class TrainImagesTest {
    static final List<String> CLASSES = List.of("blue", "green", "red");

    @TempDir
    static Path dir;
    static Path folder;
    static Path run;

    /** {@code perClass} 16x16 PNGs per class, each its class's colour with a lighter square somewhere. */
    static Path folder(Path root, int perClass) throws IOException {
        Color[] colours = {Color.BLUE, Color.GREEN, Color.RED};
        for (int c = 0; c < colours.length; c++) {
            Path sub = Files.createDirectories(root.resolve(CLASSES.get(c)));
            for (int i = 0; i < perClass; i++) {
                BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 16; y++) {
                    for (int x = 0; x < 16; x++) {
                        boolean square = Math.abs(x - i) < 3 && Math.abs(y - 2 * i) < 3;
                        image.setRGB(x, y, (square ? colours[c].brighter().brighter() : colours[c]).getRGB()
                                | (square ? 0x404040 : 0));
                    }
                }
                ImageIO.write(image, "png", sub.resolve("leaf" + i + ".png").toFile());
            }
        }
        return root;
    }

    @BeforeAll
    static void train() throws IOException {
        folder = folder(dir.resolve("leaves"), 5);
        run = dir.resolve("run");
        Cli.Run trained = Cli.run("train-images", folder.toString(), "--size", "16", "--epochs", "2", "--out",
                run.toString()).assertOk();
        assertTrue(trained.out().startsWith("Classes: blue, green, red. Model: CNN on 16x16 RGB images of 3 classes"),
                trained.out());
        assertTrue(trained.out().contains("Training image-cnn on image-folder: 2 epochs, batch size 32, "
                + "adam(lr=0.001), seed 42"), trained.out());
        assertTrue(trained.out().contains("Test (3 examples): test_loss: "), trained.out());
    }

    @Test
    void writesTheRunFolderWithTheFolderAndPreprocessingInTheModel() throws Exception {
        for (String name : List.of("model.keras4j", "summary.txt", "history.csv", "metrics.json", "history.png",
                "confusion_matrix.csv", "confusion_matrix.png")) {
            assertTrue(Files.size(run.resolve(name)) > 0, name);
        }
        Map<String, Object> metrics = TrainingCommandsTest.json(run.resolve("metrics.json"));
        assertEquals("image-cnn", metrics.get("recipe"));
        assertEquals("image-folder", metrics.get("dataset"));
        assertEquals(2, metrics.get("epochs"));
        assertEquals(3, metrics.get("test_examples"));
        assertEquals(12, metrics.get("train_examples"));
        assertTrue(Files.readString(run.resolve("confusion_matrix.csv")).contains("blue"));
        // The held-out images validate every epoch, as Keras's tutorial's validation_data.
        assertEquals("epoch,accuracy,loss,val_accuracy,val_loss", Files.readString(run.resolve("history.csv"))
                .lines().findFirst().orElseThrow());
        keras4j.models.ModelInfo info = keras4j.models.TrainedModel.load(run.resolve("model.keras4j")).info();
        assertEquals(CLASSES, info.classNames());
        assertEquals(new keras4j.models.PhotoPreprocessing(16, 16, 3), info.preprocessing());
        assertEquals(folder.toAbsolutePath().toString(), info.dataset().get("folder"));
        assertEquals(0.2, info.dataset().get("validation_split"));
        assertEquals(42, ((Number) info.dataset().get("seed")).intValue());
    }

    @Test
    void augmentPutsTheTutorialsAugmentationLayersAtTheModelsStart() throws IOException {
        Path augmented = dir.resolve("augmented");
        Cli.Run trained = Cli.run("train-images", folder.toString(), "--size", "16", "--epochs", "1", "--augment",
                "--out", augmented.toString()).assertOk();
        assertTrue(trained.out().contains("(Keras's image classification tutorial): RandomFlip, RandomRotation 0.1, "
                + "RandomZoom 0.1, Conv 16"), trained.out());
        keras4j.Model model = TrainedModel.load(augmented.resolve("model.keras4j")).model();
        assertEquals(List.of("RandomFlip", "RandomRotation", "RandomZoom", "Conv2D"), model.getLayers().subList(0, 4)
                .stream().map(keras4j.layers.Layer::getClassName).toList());
        assertEquals("horizontal", ((keras4j.layers.RandomFlip) model.getLayers().get(0)).getMode());
        Cli.Run predicted = Cli.run("predict", augmented.resolve("model.keras4j").toString(),
                folder.resolve("red").resolve("leaf0.png").toString()).assertOk();
        assertTrue(predicted.out().matches("(?s).*: (blue|green|red) \\(\\d+\\.\\d%\\).*"), predicted.out());
    }

    @Test
    void evaluateAndPredictUseTheSavedModelWithPhotos() throws IOException {
        String model = run.resolve("model.keras4j").toString();
        Cli.Run evaluated = Cli.run("evaluate", model).assertOk();
        assertTrue(evaluated.out().contains("Data set: image folder " + folder.toAbsolutePath() + " (test split) (3 "
                + "examples)"), evaluated.out());
        assertTrue(evaluated.out().contains("accuracy: "), evaluated.out());
        Cli.Run whole = Cli.run("evaluate", model, "--dataset", folder.toString()).assertOk();
        assertTrue(whole.out().contains("(15 examples)"), whole.out());
        // A photo of another size: resized as the folder's images were.
        BufferedImage photo = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                photo.setRGB(x, y, Color.GREEN.getRGB());
            }
        }
        Path jpg = dir.resolve("new-leaf.jpg");
        ImageIO.write(photo, "jpg", jpg.toFile());
        Path png = folder.resolve("red").resolve("leaf0.png");
        Cli.Run predicted = Cli.run("predict", model, jpg.toString(), png.toString(), "--top", "3").assertOk();
        List<String> lines = predicted.out().lines().toList();
        assertEquals(2, lines.size(), predicted.out());
        for (String line : lines) {
            assertTrue(line.matches(".*: (blue|green|red) \\(\\d+\\.\\d%\\), (blue|green|red) \\(\\d+\\.\\d%\\), "
                    + "(blue|green|red) \\(\\d+\\.\\d%\\)"), line);
        }
        Cli.run("predict", model, dir.resolve("rows.csv").toString()).assertUsageError(
                "this model takes images (any size, scaled to 16 x 16), not CSV rows");
    }

    @Test
    void aKerasModelFileIsUsedWithTheFolderItWasTrainedOn() {
        Path keras = dir.resolve("cnn.keras");
        KerasFiles.save(TrainedModel.load(run.resolve("model.keras4j")).model(), keras);
        Cli.Run evaluated = Cli.run("evaluate", keras.toString(), "--dataset", folder.toString()).assertOk();
        assertTrue(evaluated.out().contains("Data set: image folder " + folder + " (15 examples)"), evaluated.out());
        Path png = folder.resolve("blue").resolve("leaf1.png");
        Cli.Run predicted = Cli.run("predict", keras.toString(), png.toString(), "--dataset", folder.toString(),
                "--top", "1").assertOk();
        assertTrue(predicted.out().matches(java.util.regex.Pattern.quote(png.toString())
                + ": (blue|green|red) \\(\\d+\\.\\d%\\)\n"), predicted.out());
    }

    @Test
    void refusesABadFolderWithOneLine() throws IOException {
        Cli.run("train-images", dir.resolve("nowhere").toString()).assertUsageError("does not exist. Give a folder "
                + "with a subfolder of images per class");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Cli.run("train-images", empty.toString()).assertUsageError("has no class subfolders");
        Path one = Files.createDirectories(dir.resolve("one"));
        Files.copy(folder.resolve("red").resolve("leaf0.png"), Files.createDirectories(one.resolve("rust"))
                .resolve("a.png"));
        Cli.run("train-images", one.toString()).assertUsageError("has only one class subfolder, 'rust'");
        Path damaged = folder(dir.resolve("damaged"), 3);
        Path bad = Files.write(damaged.resolve("green").resolve("broken.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8,
                0, 1, 2});
        Cli.run("train-images", damaged.toString(), "--size", "8", "--epochs", "1", "--out",
                dir.resolve("damaged-run").toString()).assertUsageError(bad.toString());
        Cli.run("train-images", folder.toString(), "--size", "4").assertUsageError("--size must be HxW or N");
        Cli.run("train-images", folder.toString(), "--size", "20000x20000").assertUsageError(
                "Use a smaller size (--size");
        assertTrue(Cli.run("train-images", "--help").assertOk().out().contains("--size=HxW|N"));
        Cli.run("train-images", folder.toString(), "--validation-split", "1.5").assertUsageError(
                "The validation split must be between 0 and 1");
    }
}
