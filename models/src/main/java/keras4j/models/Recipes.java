package keras4j.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import keras4j.Functional;
import keras4j.Keras4jException;
import keras4j.Sequential;
import keras4j.graph.KerasTensor;
import keras4j.layers.Add;
import keras4j.layers.AveragePooling2D;
import keras4j.layers.BatchNormalization;
import keras4j.layers.Conv2D;
import keras4j.layers.Dense;
import keras4j.layers.Dropout;
import keras4j.layers.Flatten;
import keras4j.layers.Input;
import keras4j.layers.LSTM;
import keras4j.layers.Layer;
import keras4j.layers.MaxPooling2D;
import keras4j.layers.RandomFlip;
import keras4j.layers.RandomRotation;
import keras4j.layers.RandomZoom;
import keras4j.layers.ReLU;
import keras4j.layers.UpSampling2D;
import keras4j.optimizers.Adam;
import keras4j.optimizers.AdamW;
import keras4j.optimizers.RMSprop;
import keras4j.optimizers.SGD;
import keras4j.optimizers.schedules.CosineDecay;

/**
 * The recipes keras4j ships, by name. Each expected score is the test accuracy (test mse for
 * regression and reconstruction) measured with the recipe's default settings and seed 42 on a 2-core machine; the
 * README's table has the times.
 *
 * <pre>{@code
 * for (Recipe r : Recipes.all()) System.out.println(r.name() + ": " + r.description());
 * Model model = Recipes.get("lenet5").build();   // a Sequential
 * }</pre>
 */
public final class Recipes {
    private static final String SPARSE_CE = "sparse_categorical_crossentropy";
    private static final Map<String, Recipe> ALL = new LinkedHashMap<>();
    /**
     * fashion-resnet's default epochs, batch size and first learning rate: AdamW's rate falls along a
     * cosine to 0 over those epochs' steps, so epochs beyond them (with {@code --epochs}) train at
     * rate 0 unless a learning rate is given (which makes it constant).
     */
    private static final int RESNET_EPOCHS = 16;
    private static final int RESNET_BATCH = 128;
    private static final double RESNET_LEARNING_RATE = 0.002;
    /** fashion-resnet's steps per epoch: 54,000 training images (10 % held out) in batches of 128. */
    private static final int RESNET_STEPS = (54_000 + RESNET_BATCH - 1) / RESNET_BATCH;
    /** The smallest image side {@link #imageCnn} takes. */
    public static final int MIN_CNN_SIZE = 8;

    static {
        add(Recipe.named("xor-mlp")
                .description("XOR with one hidden layer: 2-16-1, tanh then sigmoid")
                .data(DataSources.xor())
                .model(() -> Sequential.of(new Input(2), new Dense(16, "tanh"), new Dense(1, "sigmoid")))
                .compile(new Adam(0.05), "binary_crossentropy", "accuracy")
                .epochs(200).batchSize(4).verbose(0)
                .expected(1.0));
        add(Recipe.named("iris-mlp")
                .description("Iris species from 4 measurements: 3 Dense(32, relu) layers, softmax")
                .data(DataSources.iris())
                .model(() -> Sequential.of(new Input(4), new Dense(32, "relu"), new Dense(32, "relu"),
                        new Dense(32, "relu"), new Dense(3, "softmax")))
                .compile(new Adam(), "categorical_crossentropy", "accuracy")
                .epochs(100).batchSize(16).validationSplit(0.2)
                .expected(0.9));
        add(Recipe.named("mnist-mlp")
                .description("MNIST digits, one hidden layer: Flatten, Dense(1000, relu), softmax")
                .data(DataSources.mnist())
                .model(() -> Sequential.of(new Input(28, 28), new Flatten(), new Dense(1000, "relu"),
                        new Dense(10, "softmax")))
                .compile(new Adam(), SPARSE_CE, "accuracy")
                .epochs(5).batchSize(100).validationSplit(0.1)
                .expected(0.9794));
        add(Recipe.named("mnist-cnn")
                .description("MNIST digits, two convolutions: Conv 32 5x5, pool, Conv 64 2x2, pool, Dropout 0.25, "
                        + "Dense 1000")
                .data(DataSources.mnist())
                .model(() -> Sequential.of(new Input(28, 28, 1),
                        new Conv2D(32, 5).padding("same").activation("relu"), new MaxPooling2D(2),
                        new Conv2D(64, 2).padding("same").activation("relu"), new MaxPooling2D(2),
                        new Dropout(0.25), new Flatten(), new Dense(1000, "relu"), new Dense(10, "softmax")))
                .compile(new Adam(), SPARSE_CE, "accuracy")
                .epochs(2).batchSize(100).validationSplit(0.1)
                .expected(0.9891));
        add(Recipe.named("lenet5")
                .description("LeNet-5 (LeCun et al. 1998) on MNIST: Conv 6 5x5, avg pool, Conv 16 5x5, avg pool, "
                        + "Dense 120, 84, tanh")
                .data(DataSources.mnist())
                .model(() -> Sequential.of(new Input(28, 28, 1),
                        new Conv2D(6, 5).padding("same").activation("tanh"), new AveragePooling2D(2),
                        new Conv2D(16, 5).activation("tanh"), new AveragePooling2D(2), new Flatten(),
                        new Dense(120, "tanh"), new Dense(84, "tanh"), new Dense(10, "softmax")))
                .compile(new Adam(), SPARSE_CE, "accuracy")
                .epochs(2).batchSize(100).validationSplit(0.1)
                .expected(0.9730));
        add(Recipe.named("two-layer-net")
                .description("The textbook net written from scratch: 784-50-10, sigmoid, plain SGD")
                .data(DataSources.mnist())
                .model(() -> Sequential.of(new Input(784), new Dense(50, "sigmoid"), new Dense(10, "softmax")))
                .compile(new SGD(0.1), SPARSE_CE, "accuracy")
                .epochs(17).batchSize(100).validationSplit(0.1)
                .expected(0.9474));
        add(Recipe.named("fashion-mlp")
                .description("Fashion-MNIST clothes, Keras's first tutorial: Flatten, Dense(128, relu), softmax")
                .data(DataSources.fashionMnist())
                .model(() -> Sequential.of(new Input(28, 28), new Flatten(), new Dense(128, "relu"),
                        new Dense(10, "softmax")))
                .compile(new Adam(), SPARSE_CE, "accuracy")
                .epochs(10).batchSize(32).validationSplit(0.1)
                .expected(0.8656));
        add(Recipe.named("fashion-cnn")
                .description("Fashion-MNIST clothes: Conv 32 3x3, pool, Conv 64 3x3, pool, Dropout 0.25, Dense 128")
                .data(DataSources.fashionMnist())
                .model(() -> Sequential.of(new Input(28, 28, 1),
                        new Conv2D(32, 3).activation("relu"), new MaxPooling2D(2),
                        new Conv2D(64, 3).activation("relu"), new MaxPooling2D(2), new Dropout(0.25),
                        new Flatten(), new Dense(128, "relu"), new Dense(10, "softmax")))
                .compile(new Adam(), SPARSE_CE, "accuracy")
                .epochs(2).batchSize(100).validationSplit(0.1)
                .expected(0.8803));
        add(Recipe.named("fashion-resnet")
                .description("Fashion-MNIST clothes, a small residual CNN (Functional, batch norm): RandomFlip "
                        + "horizontal, Conv 24, pool, residual block 24, pool, Conv 48, residual block 48, Flatten, "
                        + "Dropout 0.3")
                .data(DataSources.fashionMnist())
                .model(Recipes::fashionResnet)
                .compile(new AdamW(new CosineDecay(RESNET_LEARNING_RATE, (long) RESNET_EPOCHS * RESNET_STEPS)),
                        SPARSE_CE, "accuracy")
                .epochs(RESNET_EPOCHS).batchSize(RESNET_BATCH).validationSplit(0.1)
                .expected(0.9299));
        add(Recipe.named("mnist-lstm")
                .description("MNIST digits read row by row, Keras's classic: 28 steps of 28 pixels, LSTM(128), "
                        + "softmax")
                .data(DataSources.mnist())
                .model(() -> Sequential.of(new Input(28, 28), new LSTM(128), new Dense(10, "softmax")))
                .compile(new Adam(), SPARSE_CE, "accuracy")
                .epochs(3).batchSize(128).validationSplit(0.1)
                .expected(0.9727));
        add(Recipe.named("fashion-autoencoder")
                .description("Fashion-MNIST clothes rebuilt by a convolutional autoencoder: Conv 16, pool, Conv 8, "
                        + "pool to 7x7x8, then Conv 8, upsample, Conv 16, upsample, Conv 1 sigmoid; Flatten: the "
                        + "784 pixels are the targets")
                .data(DataSources.reconstruction(DataSources.fashionMnist()))
                .model(() -> Sequential.of(new Input(28, 28, 1),
                        new Conv2D(16, 3).padding("same").activation("relu"), new MaxPooling2D(2),
                        new Conv2D(8, 3).padding("same").activation("relu"), new MaxPooling2D(2),
                        new Conv2D(8, 3).padding("same").activation("relu"), new UpSampling2D(2),
                        new Conv2D(16, 3).padding("same").activation("relu"), new UpSampling2D(2),
                        new Conv2D(1, 3).padding("same").activation("sigmoid"), new Flatten()))
                .compile(new Adam(), "mse", "mae")
                .epochs(5).batchSize(128).validationSplit(0.1)
                .expected(0.0109));
        add(Recipe.named("linear-regression")
                .description("A single Dense(1) unit fitting y = 3*x1 - 2*x2 + 0.5*x3 + 4 + noise")
                .data(DataSources.linearRegression())
                .model(() -> Sequential.of(new Input(3), new Dense(1)))
                .compile(new RMSprop(0.05), "mse", "mae")
                .epochs(50).batchSize(32).validationSplit(0.2)
                .expected(0.293));
    }

    private Recipes() {
    }

    private static void add(Recipe.Builder builder) {
        Recipe recipe = builder.create();
        ALL.put(recipe.name(), recipe);
    }

    /** @return every recipe's name, in listing order */
    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /** @return every recipe, in listing order */
    public static List<Recipe> all() {
        return List.copyOf(ALL.values());
    }

    /**
     * @param name a recipe's name, e.g. {@code mnist-mlp}
     * @return the recipe
     */
    public static Recipe get(String name) {
        Recipe recipe = ALL.get(name);
        if (recipe == null) {
            throw new Keras4jException("Unknown recipe '" + name + "'. Recipes: " + String.join(", ", names())
                    + " (keras4j models lists them).");
        }
        return recipe;
    }

    /**
     * An MLP for a user's table: hidden Dense layers with relu, then softmax over the classes
     * (sparse categorical cross-entropy) or one linear unit (mse), trained with Adam.
     *
     * @param source the table
     * @param hidden the hidden layers' sizes, e.g. {@code 64, 64}
     * @return a recipe named {@code csv-mlp}
     */
    public static Recipe tableMlp(CsvDataSource source, int... hidden) {
        RecipeData shape = source.load();
        int features = shape.featureNames().size();
        boolean classification = shape.task() == Task.CLASSIFICATION;
        int classes = shape.classNames().size();
        for (int units : hidden) {
            if (units <= 0) {
                throw new Keras4jException("Hidden layer sizes must be positive; received " + units + ".");
            }
        }
        Recipe.Builder builder = Recipe.named("csv-mlp")
                .description("MLP " + features + "-" + join(hidden) + (classification ? classes : 1) + " on "
                        + source.file().getFileName())
                .data(new LoadedOnce(source, shape))
                .model(() -> {
                    List<keras4j.layers.Layer> layers = new ArrayList<>();
                    layers.add(new Input(features));
                    for (int units : hidden) {
                        layers.add(new Dense(units, "relu"));
                    }
                    layers.add(classification ? new Dense(classes, "softmax") : new Dense(1));
                    return Sequential.of(layers.toArray(new keras4j.layers.Layer[0]));
                })
                .epochs(50).batchSize(32).validationSplit(0.2);
        if (classification) {
            builder.compile(new Adam(), SPARSE_CE, "accuracy");
        } else {
            builder.compile(new Adam(), "mse", "mae");
        }
        return builder.create();
    }

    /**
     * A CNN for a user's folder of photos, the shape of Keras's image classification tutorial: three
     * blocks of Conv2D 3x3 (16, 32 and 64 filters, relu, same padding) and 2x2 max pooling, Dropout
     * 0.2, Flatten, Dense(128, relu) and softmax over the classes; sparse categorical cross-entropy
     * and Adam. The input shape is the images' ({@code height x width x channels}); the pixels are
     * scaled by the data's {@link PhotoPreprocessing} (the tutorial's {@code Rescaling(1./255)}). As
     * in the tutorial, the held-out images are the validation data of every epoch (val_ metrics)
     * as well as the test set.
     *
     * <pre>{@code
     * Recipe recipe = Recipes.imageCnn(new ImageFolderDataSource(Path.of("leaves")));
     * TrainingResult result = recipe.train(new TrainOptions().epochs(10));
     * }</pre>
     *
     * @param source the folder; loaded here, once, to shape the model
     * @return a recipe named {@code image-cnn}
     * @throws Keras4jException when the images are smaller than 8 x 8 (three poolings halve them)
     */
    public static Recipe imageCnn(ImageFolderDataSource source) {
        return imageCnn(source, false);
    }

    /**
     * {@link #imageCnn(ImageFolderDataSource)}, with the data augmentation of Keras's tutorial when
     * {@code augment}: RandomFlip("horizontal"), RandomRotation(0.1) and RandomZoom(0.1) at the
     * model's start, which change the training images at every epoch and pass images through
     * unchanged in evaluate and predict.
     *
     * <pre>{@code
     * Recipe recipe = Recipes.imageCnn(new ImageFolderDataSource(Path.of("leaves")), true);
     * }</pre>
     *
     * @param source  the folder; loaded here, once, to shape the model
     * @param augment whether to augment the training images
     * @return a recipe named {@code image-cnn}
     */
    public static Recipe imageCnn(ImageFolderDataSource source, boolean augment) {
        PhotoPreprocessing photos = source.preprocessing();
        int h = photos.height();
        int w = photos.width();
        if (h < MIN_CNN_SIZE || w < MIN_CNN_SIZE) {
            throw new Keras4jException("image-cnn needs images of at least " + MIN_CNN_SIZE + "x" + MIN_CNN_SIZE
                    + " pixels (its three 2x2 poolings halve them three times); received " + h + "x" + w + ". Use a "
                    + "larger size.");
        }
        RecipeData data = source.load();
        int classes = data.classNames().size();
        int c = photos.channels();
        return Recipe.named("image-cnn")
                .description("CNN on " + h + "x" + w + " " + photos.colorName() + " images of " + classes + " classes "
                        + "(Keras's image classification tutorial): " + (augment ? "RandomFlip, RandomRotation 0.1, "
                        + "RandomZoom 0.1, " : "") + "Conv 16, 32, 64 3x3 with 2x2 pools, Dropout 0.2, Dense 128")
                .data(new LoadedOnce(source, data))
                .model(() -> {
                    List<Layer> layers = new ArrayList<>(List.of(new Input(h, w, c)));
                    if (augment) {
                        layers.addAll(List.of(new RandomFlip("horizontal"), new RandomRotation(0.1),
                                new RandomZoom(0.1)));
                    }
                    layers.addAll(List.of(new Conv2D(16, 3).padding("same").activation("relu"), new MaxPooling2D(2),
                            new Conv2D(32, 3).padding("same").activation("relu"), new MaxPooling2D(2),
                            new Conv2D(64, 3).padding("same").activation("relu"), new MaxPooling2D(2),
                            new Dropout(0.2), new Flatten(), new Dense(128, "relu"), new Dense(classes, "softmax")));
                    return Sequential.of(layers.toArray(new Layer[0]));
                })
                .compile(new Adam(), SPARSE_CE, "accuracy")
                .epochs(10).batchSize(32).validateOnTest(true)
                .create();
    }

    /**
     * fashion-resnet's network: a random left-right flip of each training image (a mirrored
     * garment is still the same garment; identity when predicting), a 3x3 convolution with 24
     * filters, batch norm and relu, max pooling, a residual block (two such convolutions, the second
     * without relu, added to the block's input, then relu), pooling, a wider convolution (48
     * filters) and a second block, then Flatten, dropout and softmax.
     */
    private static Functional fashionResnet() {
        KerasTensor x = Input.tensor(28, 28, 1);
        KerasTensor y = new RandomFlip("horizontal").apply(x);
        y = convBn(y, 24, true);                              // 28 x 28 x 24
        y = new MaxPooling2D(2).apply(y);                     // 14 x 14 x 24
        y = residualBlock(y, 24);
        y = new MaxPooling2D(2).apply(y);                     // 7 x 7 x 24
        y = convBn(y, 48, true);                              // 7 x 7 x 48
        y = residualBlock(y, 48);
        y = new Flatten().apply(y);                           // 2352
        y = new Dropout(0.3).apply(y);
        return new Functional(x, new Dense(10, "softmax").apply(y));
    }

    /** Two 3x3 convolutions with batch norm, the input added back before the last relu (He et al. 2015). */
    private static KerasTensor residualBlock(KerasTensor x, int filters) {
        KerasTensor y = convBn(x, filters, true);
        y = convBn(y, filters, false);
        return new ReLU().apply(new Add().apply(x, y));
    }

    /** A 3x3 same-padded convolution without bias, batch norm, and relu when asked. */
    private static KerasTensor convBn(KerasTensor x, int filters, boolean relu) {
        KerasTensor y = new Conv2D(filters, 3).padding("same").useBias(false).apply(x);
        y = new BatchNormalization().apply(y);
        return relu ? new ReLU().apply(y) : y;
    }

    private static String join(int[] hidden) {
        StringBuilder s = new StringBuilder();
        for (int units : hidden) {
            s.append(units).append('-');
        }
        return s.toString();
    }

    /** A user's source (a table, a folder) whose data was already read to shape the model: the run reuses it. */
    private record LoadedOnce(DataSource source, RecipeData data) implements DataSource {
        @Override
        public String name() {
            return source.name();
        }

        @Override
        public String description() {
            return source.description();
        }

        @Override
        public Task task() {
            return data.task();
        }

        @Override
        public RecipeData load() {
            return data;
        }

        @Override
        public Map<String, Object> getConfig() {
            return source.getConfig();
        }
    }
}
