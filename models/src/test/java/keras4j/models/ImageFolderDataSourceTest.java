package keras4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.datasets.LabeledData;

/** A folder of photos as a recipe's data: the split, the labels, the refusals, and its preprocessing. */
class ImageFolderDataSourceTest {
    static final List<String> COLOURS = List.of("blue", "green", "red");

    @TempDir
    static Path dir;
    static Path folder;

    /** Writes {@code perClass} PNGs per colour (some 16x16, some 24x12), each a plain colour. */
    static Path colourFolder(Path root, int perClass) throws IOException {
        Color[] colours = {Color.BLUE, Color.GREEN, Color.RED};
        for (int c = 0; c < colours.length; c++) {
            Path sub = Files.createDirectories(root.resolve(COLOURS.get(c)));
            for (int i = 0; i < perClass; i++) {
                BufferedImage image = new BufferedImage(i % 2 == 0 ? 16 : 24, i % 2 == 0 ? 16 : 12,
                        BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < image.getHeight(); y++) {
                    for (int x = 0; x < image.getWidth(); x++) {
                        image.setRGB(x, y, colours[c].getRGB());
                    }
                }
                ImageIO.write(image, "png", sub.resolve("img" + i + ".png").toFile());
            }
        }
        return root;
    }

    @BeforeAll
    static void write() throws IOException {
        folder = colourFolder(dir.resolve("colours"), 5);
    }

    @Test
    void loadsTheSeededSplitResizedWithLabelsThatMatchTheImages() {
        ImageFolderDataSource source = new ImageFolderDataSource(folder).imageSize(8, 10);
        RecipeData data = source.load();
        assertEquals(COLOURS, data.classNames());
        assertArrayEquals(new long[] {12, 8, 10, 3}, data.xTrain().shape());
        assertArrayEquals(new long[] {3, 8, 10, 3}, data.xTest().shape());
        assertTrue(data.isImages());
        assertEquals(new PhotoPreprocessing(8, 10, 3), data.preprocessing());
        for (LabeledData split : List.of(data.train(), data.test())) {
            for (int i = 0; i < split.size(); i++) {
                INDArray image = split.x().get(NDArrayIndex.point(i));
                // blue is channel 2, green 1, red 0: the class of the plain colour each image is.
                int brightest = image.mean(0, 1).argMax().getInt(0);
                assertEquals(2 - split.y().getInt(i), brightest, "image " + i);
                assertEquals(255.0, image.maxNumber().doubleValue(), 1e-3);
            }
        }
        // The same seed splits the same way; another seed differently, as Keras's shuffle does.
        assertEquals(data.yTest(), source.load().yTest());
        assertEquals(data.xTest(), DataSources.fromConfig(source.getConfig()).load().xTest());
        assertEquals(source.getConfig(), DataSources.fromConfig(source.getConfig()).getConfig());
    }

    @Test
    void grayscaleAndLoadAllUseTheModelsClassIds() throws IOException {
        Path two = colourFolder(dir.resolve("two"), 2);
        deleteTree(two.resolve("blue"));
        LabeledData all = new ImageFolderDataSource(folder).grayscale(true).imageSize(8, 8).withFolder(two)
                .loadAll(COLOURS);
        assertArrayEquals(new long[] {4, 8, 8, 1}, all.x().shape());
        // green and red are 1 and 2 among the model's classes, not 0 and 1 as in this folder.
        assertEquals(List.of(1, 1, 2, 2), java.util.Arrays.stream(all.y().toIntVector()).boxed().toList());
        deleteTree(two.resolve("green"));   // one class is enough to evaluate on, though not to train on
        assertEquals(List.of(2, 2), java.util.Arrays.stream(new ImageFolderDataSource(two).loadAll(COLOURS).y()
                .toIntVector()).boxed().toList());
        Keras4jException unknown = assertThrows(Keras4jException.class,
                () -> new ImageFolderDataSource(folder).loadAll(List.of("green", "red")));
        assertTrue(unknown.getMessage().contains("the class subfolder 'blue', which the model does not know"),
                unknown.getMessage());
    }

    @Test
    void refusesWhatCantBeTrainedOn() throws IOException {
        assertRefused(dir.resolve("missing"), "does not exist. Give a folder with a subfolder of images per class");
        Path one = colourFolder(dir.resolve("one"), 2);
        deleteTree(one.resolve("blue"));
        deleteTree(one.resolve("green"));
        assertRefused(one, "has only one class subfolder, 'red', so there is nothing to tell apart");
        assertRefused(Files.createDirectories(dir.resolve("empty")), "has no class subfolders");
        Path tiny = colourFolder(dir.resolve("tiny"), 1);
        assertRefused(tiny, "has 3 images: a validation split of 0.2 holds out 0 of them");
        Path damaged = colourFolder(dir.resolve("damaged"), 3);
        Path bad = Files.write(damaged.resolve("red").resolve("bad.png"), new byte[] {1, 2, 3, 4, 5});
        assertRefused(damaged, bad.toString());
        Keras4jException big = assertThrows(Keras4jException.class,
                () -> new ImageFolderDataSource(folder).imageSize(20_000, 20_000).load());
        assertTrue(big.getMessage().matches(".*holds 15 images, which at 20000x20000 RGB take [0-9,]+ MB in "
                + "memory, more than the [0-9,]+ MB training may use .*Use a smaller size \\(--size [0-9]+ or less, "
                + "or --grayscale\\).*"), big.getMessage());
    }

    private static void assertRefused(Path where, String text) {
        Keras4jException e = assertThrows(Keras4jException.class, () -> new ImageFolderDataSource(where).load());
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void photoPreprocessingReadsAPhotoAsTheFolderWasReadAndRoundTripsItsJson() throws IOException {
        PhotoPreprocessing photos = new PhotoPreprocessing(8, 8, 3);
        INDArray fromFile = photos.fromImage(folder.resolve("red").resolve("img1.png"));   // 24x12, resized
        assertArrayEquals(new long[] {1, 8, 8, 3}, fromFile.shape());
        assertEquals(new ImageFolderDataSource(folder).imageSize(8, 8).loadAll(COLOURS).x()
                .get(NDArrayIndex.interval(11, 12)), fromFile);   // img1 of red, the 12th file in order
        assertEquals(1.0, photos.transform(fromFile).maxNumber().doubleValue(), 1e-6);
        PhotoPreprocessing gray = new PhotoPreprocessing(12, 16, 1);
        assertEquals(gray, Preprocessing.fromConfig(gray.getConfig()));
        assertEquals(Map.of("type", "photo", "height", 12, "width", 16, "channels", 1, "resize", "bilinear",
                "scale", "x / 255"), gray.getConfig());
        ModelInfo info = new ModelInfo("image-cnn", Task.CLASSIFICATION, new ImageFolderDataSource(folder)
                .getConfig(), COLOURS, List.of(), "class", gray);
        ModelInfo back = ModelInfo.fromJsonText(info.toJsonText(), "test");
        assertEquals(gray, back.preprocessing());
        assertEquals(info.dataset(), back.dataSource().getConfig());
        assertThrows(Keras4jException.class, () -> new PhotoPreprocessing(8, 8, 2));
    }

    @Test
    void imageCnnIsShapedByTheData() {
        Recipe recipe = Recipes.imageCnn(new ImageFolderDataSource(folder).imageSize(16, 16));
        Model model = recipe.build();
        assertArrayEquals(new int[] {16, 16, 3}, model.getInputShape());
        assertArrayEquals(new int[] {3}, model.getOutputShape());
        assertEquals("sparse_categorical_crossentropy", recipe.loss());
        // Keras's count: convs 448 + 4640 + 18496, Dense(128) on 2*2*64 = 32896, Dense(3) 387.
        assertEquals(448 + 4640 + 18496 + 32896 + 387, model.countParams());
        Keras4jException small = assertThrows(Keras4jException.class,
                () -> Recipes.imageCnn(new ImageFolderDataSource(folder).imageSize(4, 16)));
        assertTrue(small.getMessage().startsWith("image-cnn needs images of at least 8x8 pixels"), small.getMessage());
    }
}
