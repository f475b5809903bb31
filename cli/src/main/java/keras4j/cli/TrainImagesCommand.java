package keras4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import keras4j.Keras4jException;
import keras4j.models.ImageFolderDataSource;
import keras4j.models.Recipe;
import keras4j.models.Recipes;

/** {@code keras4j train-images}: a CNN on the user's own folder of photos. */
@Command(name = "train-images", mixinStandardHelpOptions = true,
        description = {"Train a CNN (image-cnn, the shape of Keras's image classification tutorial) on your own "
                + "photos: a folder with a subfolder of images per class (PNG, JPEG, GIF, BMP), e.g. "
                + "leaves/healthy/*.jpg, leaves/rust/*.jpg. As Keras's image_dataset_from_directory does, the files "
                + "are shuffled with --seed and --validation-split of them (default: 0.2) held out: the val_ metrics of every epoch "
                + "and the test set, as in Keras's tutorial; "
                + "every image is resized to --size, so photos of any size and shape can be mixed. The images are "
                + "held in memory while training: a folder that would take more than a quarter of the Java heap is "
                + "refused, with the --size that fits. The run folder is written as by 'keras4j train'; "
                + "'keras4j predict' then reads photos the same way."})
final class TrainImagesCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private Keras4jCommand parent;

    @Parameters(paramLabel = "<folder>", description = "The folder of class subfolders.")
    private Path folder;

    @Option(names = "--size", paramLabel = "HxW|N", defaultValue = "64x64",
            description = "The size every image is resized to (default: ${DEFAULT-VALUE}): small enough "
                    + "that a few thousand photos train in minutes on a CPU and fit in memory, large enough for "
                    + "leaf spots and similar textures. Larger sizes see finer detail but train slower.")
    private String size;

    @Option(names = "--grayscale", description = "Read the images as gray (1 channel) instead of RGB (3).")
    private boolean grayscale;

    @Option(names = "--augment", description = "Augment the training images as Keras's tutorial does: "
            + "RandomFlip(horizontal), RandomRotation(0.1) and RandomZoom(0.1) at the model's start change every "
            + "image at every epoch (evaluate and predict see the images unchanged). Helps a small folder.")
    private boolean augment;

    @Mixin
    private TrainingOptions options;

    @Override
    public Integer call() throws Exception {
        int[] hw = parseSize(size);
        ImageFolderDataSource source = new ImageFolderDataSource(folder).imageSize(hw[0], hw[1]).grayscale(grayscale);
        // --validation-split and --seed split the folder, as Keras's tutorial does; fit holds out nothing more.
        if (options.validationSplit != null) {
            source.validationSplit(options.validationSplit);
            options.validationSplit = null;
        }
        if (options.seed != null) {
            source.seed(options.seed);
        }
        Recipe recipe = Recipes.imageCnn(source, augment);
        spec.commandLine().getOut().println("Classes: " + String.join(", ", recipe.dataSource().load().classNames())
                + ". Model: " + recipe.description() + ".");
        String stem = source.folder().getFileName() == null ? "images" : source.folder().getFileName().toString();
        return new TrainingRun(spec.commandLine(), parent.progressBar()).run(recipe, options, stem + "-cnn");
    }

    /** @return {height, width} from "HxW" or "N" */
    static int[] parseSize(String text) {
        String[] parts = text.strip().toLowerCase(java.util.Locale.ROOT).split("x", -1);
        try {
            if (parts.length == 1 || parts.length == 2) {
                int h = Integer.parseInt(parts[0].strip());
                int w = Integer.parseInt(parts[parts.length - 1].strip());
                if (h >= Recipes.MIN_CNN_SIZE && w >= Recipes.MIN_CNN_SIZE) {
                    return new int[] {h, w};
                }
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new Keras4jException("--size must be HxW or N (pixels, each at least " + Recipes.MIN_CNN_SIZE
                + "), e.g. --size 64 or --size 96x128; received '" + text + "'.");
    }
}
