package keras4j.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Supplier;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import keras4j.FitOptions;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.callbacks.History;
import keras4j.losses.Loss;
import keras4j.models.internal.ModelArrays;
import keras4j.optimizers.Optimizer;

/**
 * A ready-made model: the network (built only through keras4j's public API), the data set it
 * learns, its compile settings, its default epochs and batch size, and the test score it reaches.
 * {@link #build()} returns a new, uncompiled model to change at will; {@link #compile} and
 * {@link #train} give it the recipe's settings, which is also what {@code keras4j train} does.
 *
 * <pre>{@code
 * Recipe recipe = Recipes.get("mnist-cnn");
 * Model model = recipe.build();                 // a Sequential (fashion-resnet: a Functional)
 * model.summary(System.out::println);
 * TrainingResult result = recipe.train(model, new TrainOptions().epochs(1));
 * }</pre>
 *
 * <p>Immutable; {@link #build()} makes fresh layers on every call.
 */
public final class Recipe {
    /** The seed of a run unless {@link TrainOptions#seed(long)} says otherwise, so runs repeat. */
    public static final long DEFAULT_SEED = 42;

    private final String name;
    private final String description;
    private final DataSource dataSource;
    private final Supplier<? extends Model> model;
    private final Optimizer optimizer;
    private final String loss;
    private final List<String> metrics;
    private final int epochs;
    private final int batchSize;
    private final double validationSplit;
    private final int verbose;
    private final Double expectedValue;
    private final boolean validateOnTest;

    private Recipe(Builder b) {
        this.name = b.name;
        this.description = Objects.requireNonNull(b.description, "description");
        this.dataSource = Objects.requireNonNull(b.dataSource, "dataSource");
        this.model = Objects.requireNonNull(b.model, "model");
        this.optimizer = Objects.requireNonNull(b.optimizer, "optimizer");
        this.loss = Objects.requireNonNull(b.loss, "loss");
        this.metrics = List.copyOf(b.metrics);
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.validationSplit = b.validationSplit;
        this.verbose = b.verbose;
        this.expectedValue = b.expectedValue;
        this.validateOnTest = b.validateOnTest;
    }

    /**
     * @param name the recipe's name, e.g. {@code mnist-mlp}
     * @return a builder for a new recipe
     */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /**
     * @return a new, uncompiled model, with fresh layers (a {@code Sequential}; fashion-resnet's is a
     *         {@code Functional})
     */
    public Model build() {
        return model.get().setName(name.replace('-', '_'));
    }

    /**
     * Compiles a model with the recipe's optimizer, loss and metrics.
     *
     * @param model a model, usually from {@link #build()}
     */
    public void compile(Model model) {
        compile(model, optimizer);
    }

    /**
     * Compiles a model with another optimizer and the recipe's loss and metrics.
     *
     * @param model     a model
     * @param optimizer the optimizer
     */
    public void compile(Model model, Optimizer optimizer) {
        model.compile(optimizer, Loss.get(loss), metrics.toArray(new String[0]));
    }

    /** @return the result of training a new model with the recipe's settings */
    public TrainingResult train() {
        return train(new TrainOptions());
    }

    /**
     * @param options what to change (epochs, optimizer, seed, ...)
     * @return the result of training a new model
     */
    public TrainingResult train(TrainOptions options) {
        return train(build(), options);
    }

    /**
     * Trains a model on the recipe's data and tests it on the test set. An uncompiled model is given
     * the options' seed and compiled with the recipe's settings (and the options' optimizer and
     * learning rate); a compiled one is compiled again only when the options change its optimizer.
     *
     * @param model   a model with one input, which fits the data set, and one output
     * @param options what to change
     * @return the trained model, its history and test scores
     */
    public TrainingResult train(Model model, TrainOptions options) {
        long start = System.nanoTime();
        ModelArrays.requireOneInputAndOutput(model, "Model '" + model.getName() + "'", "recipe '" + name
                + "' trains models with one input and one output.");
        long seed = options.getSeed() != null ? options.getSeed() : DEFAULT_SEED;
        if (!model.isCompiled()) {
            model.setSeed(seed);
            compile(model, optimizerFor(options, optimizer));
        } else if (options.getOptimizer() != null || options.getLearningRate() != null) {
            model.compile(optimizerFor(options, model.getOptimizer()), model.getLoss(),
                    model.getMetrics().toArray(new String[0]));
        }
        RecipeData data = dataSource.load();
        String what = "data set '" + data.dataset() + "'";
        INDArray x = ModelArrays.inputs(data.preprocessing().transform(data.xTrain()), model.getInputShape(), what);
        INDArray y = data.yTrain();
        if (options.getLimit() != null && options.getLimit() < x.size(0)) {
            x = x.get(NDArrayIndex.interval(0, options.getLimit()));
            y = y.get(NDArrayIndex.interval(0, options.getLimit()));
        }
        INDArray targets = ModelArrays.targets(data.task(), y, x, model, what);
        int runEpochs = options.getEpochs() != null ? options.getEpochs() : epochs;
        int runBatchSize = options.getBatchSize() != null ? options.getBatchSize() : batchSize;
        double runSplit = options.getValidationSplit() != null ? options.getValidationSplit() : validationSplit;
        FitOptions fit = new FitOptions().epochs(runEpochs).batchSize(runBatchSize).validationSplit(runSplit)
                .verbose(options.getVerbose() != null ? options.getVerbose() : verbose);
        if (validateOnTest && runSplit == 0) {
            INDArray xTest = ModelArrays.inputs(data.preprocessing().transform(data.xTest()), model.getInputShape(),
                    what);
            fit.validationData(xTest, ModelArrays.targets(data.task(), data.yTest(), xTest, model, what));
        }
        if (options.getOutput() != null) {
            fit.output(options.getOutput());
        }
        options.getCallbacks().forEach(fit::callbacks);
        long fitStart = System.nanoTime();
        options.getFitter().fit(model, x, targets, fit);
        // The model's whole history: a run resumed from a checkpoint reports its earlier epochs too.
        History history = model.getHistory();
        double fitSeconds = (System.nanoTime() - fitStart) / 1e9;

        TrainedModel trained = new TrainedModel(model, ModelInfo.of(name, dataSource, data));
        INDArray outputs = trained.outputs(data.xTest());
        Map<String, Double> scores = scores(model, data, outputs);
        return new TrainingResult(name, trained, data, history, scores, outputs, history.size(), runBatchSize,
                runSplit, seed, trainingRows(x.size(0), runSplit), fitSeconds, (System.nanoTime() - start) / 1e9);
    }

    /** @return the rows {@code fit} trains on once it holds out {@code split} of {@code rows} (as Keras counts) */
    private static int trainingRows(long rows, double split) {
        return (int) (rows - (long) Math.floor(rows * split));
    }

    /**
     * @param options a run's options
     * @return the optimizer a new model trains with under them: the options' (or the recipe's), with
     *         the options' learning rate
     */
    public Optimizer optimizer(TrainOptions options) {
        return optimizerFor(options, optimizer);
    }

    private static Optimizer optimizerFor(TrainOptions options, Optimizer fallback) {
        Optimizer chosen = options.getOptimizer() != null ? options.getOptimizer() : fallback;
        return options.getLearningRate() != null ? chosen.withLearningRate(options.getLearningRate()) : chosen;
    }

    /**
     * The test loss and metrics from one forward pass, as {@code evaluate} computes them (a
     * reconstruction's over every value of every example).
     */
    private static Map<String, Double> scores(Model model, RecipeData data, INDArray outputs) {
        String what = "data set '" + data.dataset() + "'";
        INDArray inputs = data.task() == Task.RECONSTRUCTION ? ModelArrays.inputs(data.preprocessing().transform(
                data.xTest()), model.getInputShape(), what) : null;
        INDArray targets = ModelArrays.perExample(ModelArrays.targets(data.task(), data.yTest(), inputs, model, what));
        outputs = ModelArrays.perExample(outputs);
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("loss", model.getLoss().call(targets, outputs));
        INDArray truth = data.task() == Task.RECONSTRUCTION ? targets.castTo(DataType.DOUBLE)
                : data.yTest().castTo(DataType.DOUBLE).reshape(data.yTest().length(), 1);
        for (String metric : model.getMetrics()) {
            switch (metric) {
                case "accuracy", "acc" -> {
                    if (data.task() == Task.RECONSTRUCTION) {
                        throw new Keras4jException("Accuracy counts right classes; a reconstruction recipe rebuilds "
                                + "its input: report mse or mae instead.");
                    }
                    int[] predicted = ModelArrays.classes(outputs);
                    int[] actual = data.yTest().toIntVector();
                    int right = 0;
                    for (int i = 0; i < actual.length; i++) {
                        right += predicted[i] == actual[i] ? 1 : 0;
                    }
                    scores.put("accuracy", actual.length == 0 ? Double.NaN : (double) right / actual.length);
                }
                case "mae", "mean_absolute_error" -> scores.put("mae",
                        Transforms.abs(outputs.castTo(DataType.DOUBLE).sub(truth)).meanNumber().doubleValue());
                case "mse", "mean_squared_error" -> scores.put("mse",
                        Transforms.pow(outputs.castTo(DataType.DOUBLE).sub(truth), 2).meanNumber().doubleValue());
                default -> throw new Keras4jException("Recipes report accuracy, mae or mse; metric '" + metric
                        + "' is not supported here.");
            }
        }
        return scores;
    }

    /** @return the name, e.g. {@code mnist-mlp} */
    public String name() {
        return name;
    }

    /** @return one line about the model */
    public String description() {
        return description;
    }

    /** @return where the examples come from */
    public DataSource dataSource() {
        return dataSource;
    }

    /** @return classification, regression or reconstruction */
    public Task task() {
        return dataSource.task();
    }

    /** @return the optimizer it compiles with */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** @return the loss's Keras name */
    public String loss() {
        return loss;
    }

    /** @return the metrics it compiles with */
    public List<String> metrics() {
        return metrics;
    }

    /** @return the default number of epochs */
    public int epochs() {
        return epochs;
    }

    /** @return the default batch size */
    public int batchSize() {
        return batchSize;
    }

    /** @return the fraction of training examples held out for validation */
    public double validationSplit() {
        return validationSplit;
    }

    /** @return the number of weights of {@link #build()}'s model */
    public long countParams() {
        return build().countParams();
    }

    /** @return the metric {@link #expectedValue()} is of: "accuracy", or "mse" for regression and reconstruction */
    public String expectedMetric() {
        return task() == Task.CLASSIFICATION ? "accuracy" : "mse";
    }

    /** @return the test score measured with the default settings, if measured */
    public OptionalDouble expectedValue() {
        return expectedValue == null ? OptionalDouble.empty() : OptionalDouble.of(expectedValue);
    }

    @Override
    public String toString() {
        return "Recipe(" + name + ")";
    }

    /** Collects a recipe's parts; {@link #create()} checks and returns it. */
    public static final class Builder {
        private final String name;
        private String description;
        private DataSource dataSource;
        private Supplier<? extends Model> model;
        private Optimizer optimizer;
        private String loss;
        private List<String> metrics = List.of();
        private int epochs = 1;
        private int batchSize = 32;
        private double validationSplit;
        private int verbose = 1;
        private Double expectedValue;
        private boolean validateOnTest;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** @param text one line about the model @return this */
        public Builder description(String text) {
            this.description = text;
            return this;
        }

        /** @param source the data @return this */
        public Builder data(DataSource source) {
            this.dataSource = source;
            return this;
        }

        /**
         * @param factory makes a new uncompiled model on every call: a {@code Sequential}, or a
         *                {@code Functional} with one input and one output
         * @return this
         */
        public Builder model(Supplier<? extends Model> factory) {
            this.model = factory;
            return this;
        }

        /**
         * @param opt     the optimizer
         * @param lossName the loss's Keras name
         * @param names   the metrics
         * @return this
         */
        public Builder compile(Optimizer opt, String lossName, String... names) {
            Loss.get(lossName);
            this.optimizer = opt;
            this.loss = lossName;
            this.metrics = List.of(names);
            return this;
        }

        /** @param count default epochs @return this */
        public Builder epochs(int count) {
            this.epochs = count;
            return this;
        }

        /** @param size default batch size @return this */
        public Builder batchSize(int size) {
            this.batchSize = size;
            return this;
        }

        /** @param fraction the training fraction held out for validation @return this */
        public Builder validationSplit(double fraction) {
            this.validationSplit = fraction;
            return this;
        }

        /**
         * @param level 1 (progress bar) by default; 0 for recipes whose many tiny epochs would flood
         *              the screen (a {@link TrainOptions#verbose(int)} of 2 still shows them)
         * @return this
         */
        public Builder verbose(int level) {
            this.verbose = level;
            return this;
        }

        /**
         * @param value the test accuracy (test mse for regression and reconstruction) measured with the
         *              default settings
         * @return this
         */
        public Builder expected(double value) {
            this.expectedValue = value;
            return this;
        }

        /**
         * @param onTest whether, when no validation split is asked for, the test set gives the
         *               val_ metrics of every epoch, as Keras's image classification tutorial passes
         *               its held-out images as {@code validation_data} (default false)
         * @return this
         */
        public Builder validateOnTest(boolean onTest) {
            this.validateOnTest = onTest;
            return this;
        }

        /** @return the recipe */
        public Recipe create() {
            return new Recipe(this);
        }
    }
}
