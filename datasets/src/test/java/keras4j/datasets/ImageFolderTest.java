package keras4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.ImagePreProcessingScaler;

import keras4j.FitOptions;
import keras4j.Keras4jException;
import keras4j.Sequential;
import keras4j.datasets.internal.NumpyRandomState;
import keras4j.layers.Conv2D;
import keras4j.layers.Dense;
import keras4j.layers.Flatten;
import keras4j.layers.Input;

/**
 * {@link DataUtils#imageDatasetFromDirectory}: Keras's listing, labels, NumPy's seeded shuffle and
 * split, TensorFlow's resize, and clear refusals.
 */
class ImageFolderTest {
    @TempDir
    Path dir;

    /** Writes a {@code w x h} image whose pixel (x, y) is {@code value(x, y)} on every channel. */
    private static Path image(Path file, int w, int h, int type, java.util.function.IntBinaryOperator value)
            throws Exception {
        BufferedImage image = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = value.applyAsInt(x, y);
                if (type == BufferedImage.TYPE_BYTE_GRAY) {
                    image.getRaster().setSample(x, y, 0, v);
                } else {
                    image.setRGB(x, y, 0xff000000 | (v << 16) | ((255 - v) << 8) | (v / 2));
                }
            }
        }
        Files.createDirectories(file.getParent());
        String name = file.getFileName().toString();
        ImageIO.write(image, name.substring(name.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT)
                .replace("jpg", "jpeg"), file.toFile());
        return file;
    }

    /** Three classes: cat (3 files, one in a subfolder), dog (2), fox (4); plus what Keras skips. */
    private Path folder() throws Exception {
        Path root = dir.resolve("animals");
        image(root.resolve("cat/b.png"), 4, 3, BufferedImage.TYPE_BYTE_GRAY, (x, y) -> 10 * x + y);
        image(root.resolve("cat/a.PNG"), 5, 5, BufferedImage.TYPE_INT_RGB, (x, y) -> 20 * y);
        image(root.resolve("cat/sub/c.bmp"), 2, 2, BufferedImage.TYPE_INT_RGB, (x, y) -> 100);
        image(root.resolve("dog/z.png"), 8, 8, BufferedImage.TYPE_BYTE_GRAY, (x, y) -> 7);
        image(root.resolve("dog/y.gif"), 3, 3, BufferedImage.TYPE_BYTE_GRAY, (x, y) -> 200);
        for (int i = 0; i < 4; i++) {
            int shade = 50 * i;
            image(root.resolve("fox/f" + i + ".png"), 6, 4, BufferedImage.TYPE_BYTE_GRAY, (x, y) -> shade);
        }
        Files.writeString(root.resolve("cat/notes.txt"), "not an image");
        image(root.resolve(".hidden/h.png"), 2, 2, BufferedImage.TYPE_BYTE_GRAY, (x, y) -> 1);
        Files.writeString(root.resolve("README.png.txt"), "a file beside the classes");
        return root;
    }

    @Test
    void filesAreListedAndLabelledAsKerasListsThem() throws Exception {
        Path root = folder();
        ImageFolderIterator data = DataUtils.imageDatasetFromDirectory(root, new ImageFolderOptions().shuffle(false));
        assertEquals(List.of("cat", "dog", "fox"), data.getClassNames());
        assertEquals(List.of("cat/a.PNG", "cat/b.png", "cat/sub/c.bmp", "dog/y.gif", "dog/z.png", "fox/f0.png",
                "fox/f1.png", "fox/f2.png", "fox/f3.png"), data.getFilePaths().stream()
                .map(p -> root.relativize(p).toString().replace('\\', '/')).toList());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 2, 2, 2, 2}, data.getFileLabels());
        assertEquals("Found 9 files belonging to 3 classes.", data.toString());
        DataSet batch = data.next();
        assertArrayEquals(new long[] {9, 256, 256, 3}, batch.getFeatures().shape());
        assertArrayEquals(new long[] {9, 1}, batch.getLabels().shape());
        assertFalse(data.hasNext());
        // classNames picks and orders the classes, as Keras's class_names does
        ImageFolderIterator two = DataUtils.imageDatasetFromDirectory(root, new ImageFolderOptions().shuffle(false)
                .classNames(List.of("fox", "cat")).labelMode("categorical").imageSize(2, 2).batchSize(4));
        assertEquals(7, two.getFilePaths().size());
        INDArray labels = two.next().getLabels();
        assertEquals(List.of(1.0, 0.0), List.of(labels.getDouble(0, 0), labels.getDouble(0, 1)), "fox first");
    }

    /** Keras's split: NumPy's RandomState(seed).shuffle of the file list, the last share for validation. */
    @Test
    void aSeededSplitIsDisjointCompleteAndRepeatable() throws Exception {
        Path root = folder();
        ImageFolderOptions base = new ImageFolderOptions().seed(123).validationSplit(0.34).imageSize(4, 4);
        ImageFolderIterator train = DataUtils.imageDatasetFromDirectory(root, base.subset("training"));
        ImageFolderIterator val = DataUtils.imageDatasetFromDirectory(root,
                new ImageFolderOptions().seed(123).validationSplit(0.34).imageSize(4, 4).subset("validation"));
        assertEquals(6, train.getFilePaths().size(), "9 - int(0.34 * 9)");
        assertEquals(3, val.getFilePaths().size());
        Set<Path> all = new HashSet<>(train.getFilePaths());
        all.addAll(val.getFilePaths());
        assertEquals(9, all.size(), "disjoint, and every file is on one side");
        List<Path> listed = new ArrayList<>(DataUtils.imageDatasetFromDirectory(root,
                new ImageFolderOptions().shuffle(false)).getFilePaths());
        new NumpyRandomState(123).shuffle(listed);
        assertEquals(listed.subList(0, 6), train.getFilePaths());
        assertEquals(listed.subList(6, 9), val.getFilePaths());
        assertEquals("Found 9 files belonging to 3 classes; using 6 files for training.", train.toString());
        Keras4jException e = assertThrows(Keras4jException.class, () -> DataUtils.imageDatasetFromDirectory(root,
                new ImageFolderOptions().validationSplit(0.2).subset("training")));
        assertTrue(e.getMessage().contains("give a seed"), e.getMessage());
        e = assertThrows(Keras4jException.class, () -> DataUtils.imageDatasetFromDirectory(root,
                new ImageFolderOptions().validationSplit(0.2).seed(1)));
        assertTrue(e.getMessage().contains("validationSplit and subset go together"), e.getMessage());
    }

    /** The permutations of Python's own NumPy (installed with h5py by .ci/run), for several sizes and seeds. */
    @Test
    void theShuffleIsNumpysRandomStateShuffle() throws Exception {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Process check;
        try {
            check = new ProcessBuilder(python, "-c", "import numpy").redirectErrorStream(true).start();
            check.getInputStream().readAllBytes();
        } catch (java.io.IOException e) {
            check = null;
        }
        assumeTrue(check != null && check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0,
                "Python 3 with NumPy is not installed here (.ci/run installs python3-h5py, which brings it)");
        int[] sizes = {1, 2, 7, 50, 1000};
        long[] seeds = {0, 42, 123, 999_999, 4_294_967_295L};
        String script = "import numpy as np\n"
                + "for n in " + java.util.Arrays.toString(sizes) + ":\n"
                + "    for s in " + java.util.Arrays.toString(seeds) + ":\n"
                + "        x = list(range(n)); np.random.RandomState(s).shuffle(x); print(' '.join(map(str, x)))\n";
        Process p = new ProcessBuilder(python, "-c", script).redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join("\n", lines));
        int line = 0;
        for (int n : sizes) {
            for (long seed : seeds) {
                List<Integer> x = new ArrayList<>(IntStream.range(0, n).boxed().toList());
                new NumpyRandomState(seed).shuffle(x);
                assertEquals(lines.get(line++), String.join(" ", x.stream().map(String::valueOf).toList()),
                        "n=" + n + " seed=" + seed);
            }
        }
    }

    /** tf.image.resize (bilinear, half-pixel centres) of [[0, 10], [20, 30]] to 4 x 4, and gray samples as stored. */
    @Test
    void imagesAreResizedAsTensorFlowResizesThem() throws Exception {
        Path root = dir.resolve("tiny");
        int[][] values = {{0, 10}, {20, 30}};
        image(root.resolve("only/one.png"), 2, 2, BufferedImage.TYPE_BYTE_GRAY, (x, y) -> values[y][x]);
        ImageFolderIterator data = DataUtils.imageDatasetFromDirectory(root, new ImageFolderOptions()
                .colorMode("grayscale").imageSize(4, 4));
        INDArray x = data.next().getFeatures();
        assertArrayEquals(new long[] {1, 4, 4, 1}, x.shape());
        float[][] expected = {{0, 2.5f, 7.5f, 10}, {5, 7.5f, 12.5f, 15}, {15, 17.5f, 22.5f, 25}, {20, 22.5f, 27.5f, 30}};
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(expected[r][c], x.getFloat(0, r, c, 0), 1e-5f, "(" + r + ", " + c + ")");
            }
        }
        // at its own size an image comes back as stored, 0..255 (Keras doesn't scale); RGB as three channels
        Path rgb = dir.resolve("rgb");
        image(rgb.resolve("k/p.png"), 3, 2, BufferedImage.TYPE_INT_RGB, (px, py) -> 40 * px + py);
        INDArray pixels = DataUtils.imageDatasetFromDirectory(rgb, new ImageFolderOptions().imageSize(2, 3)).next()
                .getFeatures();
        assertEquals(List.of(81f, 174f, 40f), List.of(pixels.getFloat(0, 1, 2, 0), pixels.getFloat(0, 1, 2, 1),
                pixels.getFloat(0, 1, 2, 2)), "v = 81: (v, 255 - v, v / 2)");
        INDArray grayFromRgb = DataUtils.imageDatasetFromDirectory(rgb, new ImageFolderOptions().imageSize(2, 3)
                .colorMode("grayscale")).next().getFeatures();
        assertEquals(0.299f * 81 + 0.587f * 174 + 0.114f * 40, grayFromRgb.getFloat(0, 1, 2, 0), 1e-3f);
    }

    @Test
    void badFoldersAndFilesAreRefusedClearly() throws Exception {
        Keras4jException e = assertThrows(Keras4jException.class,
                () -> DataUtils.imageDatasetFromDirectory(dir.resolve("nowhere")));
        assertTrue(e.getMessage().contains("no such folder"), e.getMessage());
        Path empty = Files.createDirectories(dir.resolve("empty/a"));
        e = assertThrows(Keras4jException.class, () -> DataUtils.imageDatasetFromDirectory(empty.getParent()));
        assertTrue(e.getMessage().contains("no images found in 0 files in 1 class folders [a]")
                && e.getMessage().contains(".bmp, .gif, .jpeg, .jpg, .png"), e.getMessage());
        Path root = folder();
        e = assertThrows(Keras4jException.class, () -> DataUtils.imageDatasetFromDirectory(root,
                new ImageFolderOptions().labelMode("binary")));
        assertTrue(e.getMessage().contains("needs exactly 2 classes; the folder has 3 [cat, dog, fox]"),
                e.getMessage());
        e = assertThrows(Keras4jException.class, () -> new ImageFolderOptions().colorMode("cmyk"));
        assertTrue(e.getMessage().contains("color_mode must be one of rgb, grayscale, rgba"), e.getMessage());
        Path damaged = Files.write(root.resolve("dog/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2});
        ImageFolderIterator data = DataUtils.imageDatasetFromDirectory(root, new ImageFolderOptions().shuffle(false)
                .imageSize(4, 4));
        e = assertThrows(Keras4jException.class, data::next);
        assertTrue(e.getMessage().contains(damaged.toString()), "the file is named: " + e.getMessage());
    }

    @Test
    void aModelTrainsOnTheFolderBatchByBatch() throws Exception {
        Path root = folder();
        ImageFolderIterator train = DataUtils.imageDatasetFromDirectory(root, new ImageFolderOptions()
                .colorMode("grayscale").imageSize(8, 8).batchSize(4).seed(7));
        train.setPreProcessor(new ImagePreProcessingScaler(0, 1));
        Sequential model = new Sequential(new Input(8, 8, 1), new Conv2D(2, 3, "relu"), new Flatten(),
                new Dense(3, "softmax"));
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        model.fit(train, new FitOptions().epochs(2).verbose(0));
        assertEquals(List.of(1, 2), model.getHistory().getEpochs().stream().map(e -> e + 1).toList());
        train.reset();
        INDArray scaled = train.next().getFeatures();
        assertTrue(scaled.maxNumber().doubleValue() <= 1.0 && scaled.minNumber().doubleValue() >= 0.0);
        assertEquals(3, model.predict(scaled).size(1));
    }
}
