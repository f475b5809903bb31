package keras4j.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Keras4jException;
import keras4j.graph.KerasTensor;
import keras4j.graph.Node;
import keras4j.internal.Shapes;
import keras4j.internal.WeightStore;

/**
 * A building block of a model, with Keras's name, arguments and defaults: added to a
 * {@link keras4j.Sequential}, or applied to symbolic tensors to build a {@link keras4j.Functional}
 * model. A layer is configuration: its output shape and parameter count follow from its input
 * shape, and its weights exist once the model holding it is built.
 *
 * <pre>{@code
 * Layer dense = new Dense(64, "relu");
 * int[] out = dense.computeOutputShape(new int[] {784});   // {64}
 * long params = dense.countParams(new int[] {784});        // 50240
 * KerasTensor hidden = new Dense(64, "relu").apply(Input.tensor(784));
 * }</pre>
 *
 * <p>Layers are named like Keras when added to a model ({@code dense}, {@code dense_1}, ...)
 * unless given a name. Not thread-safe; a layer belongs to one model, at one place in it (keras4j
 * does not share a layer's weights between two places).
 */
public abstract sealed class Layer
        permits Input, Dense, BaseConv2D, Pooling2D, GlobalAveragePooling2D, Flatten, Dropout, BatchNormalization,
        Activation, Merge, ReLU, LeakyReLU, PReLU, ELU, Softmax, GlobalMaxPooling2D, Reshape, Permute, RepeatVector,
        Recurrent, Embedding,
        Conv1D, Pooling1D, GlobalMaxPooling1D, GlobalAveragePooling1D, UpSampling2D, ZeroPadding2D, Cropping2D,
        UpSampling1D, ZeroPadding1D, Cropping1D,
        RandomLayer, LayerNormalization, Rescaling, Normalization, Resizing, CenterCrop,
        Bidirectional, Masking, TimeDistributed {

    static {
        WeightStore.Binder.install(new WeightStore.Binder() {
            @Override
            protected void doBind(Layer layer, WeightStore store) {
                layer.store = store;
                if (store != null) {
                    layer.bound();
                }
            }

            @Override
            protected boolean doIsBound(Layer layer) {
                return layer.store != null;
            }
        });
    }

    private String name;
    private WeightStore store;
    private boolean trainable = true;

    Layer() {
    }

    /** @return the layer's name, or null until it is named or added to a model */
    public String getName() {
        return name;
    }

    /**
     * Names the layer; names must be unique within a model.
     *
     * @param name a non-blank name
     */
    protected void setName(String name) {
        if (name == null || name.isBlank()) {
            throw new Keras4jException("A layer name must not be empty; received " + (name == null ? "null" : "'"
                    + name + "'") + ". Leave the name unset to get Keras's automatic name ('" + defaultName() + "').");
        }
        if (name.contains("/")) {
            throw new Keras4jException("A layer name can't contain '/' (it separates a nested model's name from its "
                    + "layers'); received '" + name + "'.");
        }
        checkNotCompiled();
        this.name = name;
    }

    /**
     * Names the layer (fluent form for subclasses; each returns its own type).
     *
     * @param name a non-blank name, unique within the model
     * @return this layer
     */
    public abstract Layer name(String name);

    /** @return the prefix of Keras's automatic name, e.g. "dense", "max_pooling2d" */
    public abstract String defaultName();

    /**
     * The shape this layer produces for a given input shape, both without the batch axis.
     *
     * @param inputShape e.g. {@code {28, 28, 1}}
     * @return the output shape
     * @throws Keras4jException when the input shape does not fit this layer, explaining the fix
     */
    public abstract int[] computeOutputShape(int[] inputShape);

    /**
     * The output shape for the layer's inputs: one for most layers, several for merge layers
     * ({@link Add}, {@link Concatenate}, ...).
     *
     * @param inputShapes one shape per input, without the batch axis
     * @return the output shape
     * @throws Keras4jException when the inputs don't fit this layer, explaining the fix
     */
    public int[] computeOutputShape(List<int[]> inputShapes) {
        return computeOutputShape(single(inputShapes));
    }

    /**
     * The shapes of all the layer's outputs: the one of {@link #computeOutputShape(List)} for most
     * layers; a recurrent layer with {@code returnState} adds its final states', a Bidirectional
     * with merge mode null has its two directions'.
     *
     * @param inputShapes one shape per input, without the batch axis
     * @return one shape per output, in Keras's order
     */
    public List<int[]> computeOutputShapes(List<int[]> inputShapes) {
        return List.of(computeOutputShape(inputShapes));
    }

    /** @return how many tensors the layer returns: 1 but with returnState or a Bidirectional's null merge mode */
    int countOutputs() {
        return 1;
    }

    /** @return the only input shape of a one-input layer, or a Keras-style refusal */
    int[] single(List<int[]> inputShapes) {
        if (this instanceof Input) {
            return null;
        }
        if (inputShapes.size() != 1) {
            throw new Keras4jException("Layer '" + (name == null ? defaultName() : name) + "' (" + getClassName()
                    + ") takes exactly 1 input, but was called on " + inputShapes.size() + ". Merge tensors first, "
                    + "e.g. new Concatenate().apply(a, b).");
        }
        return inputShapes.get(0);
    }

    /** @param inputShape the input shape, without the batch axis @return the number of weights */
    public long countParams(int[] inputShape) {
        return 0;
    }

    /** @param inputShapes one shape per input @return the number of weights */
    public long countParams(List<int[]> inputShapes) {
        return countParams(single(inputShapes));
    }

    /**
     * @param inputShape the input shape, without the batch axis
     * @return how many of {@link #countParams} are not trained by gradient descent: all of them when
     *         the layer is frozen ({@link #trainable(boolean)}), else its statistics (BatchNormalization's
     *         moving mean and variance)
     */
    public long countNonTrainableParams(int[] inputShape) {
        return trainable ? countStatistics(inputShape) : countParams(inputShape);
    }

    /** @param inputShapes one shape per input @return how many weights are not trained */
    public long countNonTrainableParams(List<int[]> inputShapes) {
        return countNonTrainableParams(single(inputShapes));
    }

    /** @param inputShape the input shape @return the weights that are statistics, never trained */
    long countStatistics(int[] inputShape) {
        return 0;
    }

    /**
     * Freezes or unfreezes the layer's weights, as Keras's {@code layer.trainable = False}: a frozen
     * layer's weights don't change in {@code fit}, and it runs in inference mode (a frozen
     * BatchNormalization normalizes with its moving statistics). As in Keras, the change takes
     * effect at the next {@code compile}.
     *
     * @param trainable false to freeze
     * @return this layer
     */
    public Layer trainable(boolean trainable) {
        this.trainable = trainable;
        return this;
    }

    /** @return false when the layer is frozen */
    public boolean isTrainable() {
        return trainable;
    }

    /**
     * Calls the layer on symbolic tensors, Keras's {@code layer(x)}: records where the layer sits in a
     * Functional model and returns its output. A layer is applied once (keras4j does not share
     * weights between two places of a model).
     *
     * <pre>{@code
     * KerasTensor x = Input.tensor(784);
     * KerasTensor y = new Dense(10, "softmax").apply(new Dense(64, "relu").apply(x));
     * }</pre>
     *
     * @param inputs the input tensors: one, or several for a merge layer
     * @return the output tensor
     * @throws Keras4jException when the layer is already used, or the inputs don't fit it
     */
    public KerasTensor apply(KerasTensor... inputs) {
        return apply(List.of(inputs));
    }

    /** @param inputs the input tensors @return the output tensor @see #apply(KerasTensor...) */
    public KerasTensor apply(List<KerasTensor> inputs) {
        if (countOutputs() != 1) {
            String label = name == null ? defaultName() : name;
            throw new Keras4jException("Layer '" + label + "' (" + getClassName() + ") returns " + countOutputs()
                    + " tensors (returnState(true): the output, then the final states; or a Bidirectional's two "
                    + "outputs); apply returns one. Call "
                    + "applyAll(...) instead: List<KerasTensor> outs = layer.applyAll(x).");
        }
        return applyAll(inputs).get(0);
    }

    /**
     * Calls the layer on symbolic tensors and returns all its outputs, Keras's
     * {@code output, state_h, state_c = layer(x)}: a recurrent layer with {@code returnState(true)}
     * returns its output and then its final states (LSTM's h and c; GRU's and SimpleRNN's h); any
     * other layer its one output.
     *
     * <pre>{@code
     * KerasTensor x = Input.tensor(20, 3);
     * List<KerasTensor> outs = new LSTM(16).returnState(true).applyAll(x);
     * KerasTensor output = outs.get(0), h = outs.get(1), c = outs.get(2);
     * }</pre>
     *
     * @param inputs the input tensors
     * @return the output tensors, in Keras's order
     * @throws Keras4jException when the layer is already used, or the inputs don't fit it
     */
    public List<KerasTensor> applyAll(KerasTensor... inputs) {
        return applyAll(List.of(inputs));
    }

    /** @param inputs the input tensors @return the output tensors @see #applyAll(KerasTensor...) */
    public List<KerasTensor> applyAll(List<KerasTensor> inputs) {
        if (this instanceof Input) {
            throw new Keras4jException("An Input takes no inputs; use its tensor: Input.tensor(shape) or "
                    + "new Input(shape).output().");
        }
        Node node = Node.of(this, inputs);
        Node.claim(this, node);
        return node.getOutputs();
    }

    /** @return Keras's class name, e.g. "Dense" */
    public String getClassName() {
        return getClass().getSimpleName();
    }

    /** @return the layer's configuration with Keras's keys, enough to recreate it */
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name);
        if (!trainable) {
            config.put("trainable", false);   // written only when false: files of trainable models are unchanged
        }
        addConfig(config);
        return config;
    }

    /** @param config receives the layer's own keys */
    abstract void addConfig(Map<String, Object> config);

    /**
     * Recreates a layer from its class name and {@link #getConfig()} output.
     *
     * @param className Keras's class name, e.g. "Dense"
     * @param config    the layer's configuration
     * @return the layer
     */
    public static Layer fromConfig(String className, Map<String, Object> config) {
        Layer layer = switch (className) {
            case "Input", "InputLayer" -> Input.fromConfig(config);
            case "Dense" -> Dense.fromConfig(config);
            case "Conv2D", "Convolution2D" -> Conv2D.fromConfig(config);
            case "Conv2DTranspose", "Convolution2DTranspose" -> Conv2DTranspose.fromConfig(config);
            case "DepthwiseConv2D" -> DepthwiseConv2D.fromConfig(config);
            case "SeparableConv2D", "SeparableConvolution2D" -> SeparableConv2D.fromConfig(config);
            case "MaxPooling2D", "MaxPool2D" -> MaxPooling2D.fromConfig(config);
            case "AveragePooling2D", "AvgPool2D" -> AveragePooling2D.fromConfig(config);
            case "GlobalAveragePooling2D" -> new GlobalAveragePooling2D();
            case "Flatten" -> new Flatten();
            case "Dropout" -> Dropout.fromConfig(config);
            case "BatchNormalization" -> BatchNormalization.fromConfig(config);
            case "Activation" -> new Activation((String) config.get("activation"));
            case "ReLU" -> ReLU.fromConfig(config);
            case "LeakyReLU" -> LeakyReLU.fromConfig(config);
            case "PReLU" -> PReLU.fromConfig(config);
            case "ELU" -> ELU.fromConfig(config);
            case "Softmax" -> Softmax.fromConfig(config);
            case "GlobalMaxPooling2D", "GlobalMaxPool2D" -> new GlobalMaxPooling2D();
            case "Reshape" -> Reshape.fromConfig(config);
            case "Permute" -> Permute.fromConfig(config);
            case "RepeatVector" -> RepeatVector.fromConfig(config);
            case "SimpleRNN" -> SimpleRNN.fromConfig(config);
            case "LSTM" -> LSTM.fromConfig(config);
            case "GRU" -> GRU.fromConfig(config);
            case "Bidirectional" -> Bidirectional.fromConfig(config);
            case "Masking" -> Masking.fromConfig(config);
            case "TimeDistributed" -> TimeDistributed.fromConfig(config);
            case "Embedding" -> Embedding.fromConfig(config);
            case "Conv1D", "Convolution1D" -> Conv1D.fromConfig(config);
            case "MaxPooling1D", "MaxPool1D" -> MaxPooling1D.fromConfig(config);
            case "AveragePooling1D", "AvgPool1D" -> AveragePooling1D.fromConfig(config);
            case "GlobalMaxPooling1D", "GlobalMaxPool1D" -> new GlobalMaxPooling1D();
            case "GlobalAveragePooling1D", "GlobalAvgPool1D" -> new GlobalAveragePooling1D();
            case "UpSampling2D" -> UpSampling2D.fromConfig(config);
            case "ZeroPadding2D" -> ZeroPadding2D.fromConfig(config);
            case "Cropping2D" -> Cropping2D.fromConfig(config);
            case "UpSampling1D" -> UpSampling1D.fromConfig(config);
            case "ZeroPadding1D" -> ZeroPadding1D.fromConfig(config);
            case "Cropping1D" -> Cropping1D.fromConfig(config);
            case "SpatialDropout1D" -> SpatialDropout1D.fromConfig(config);
            case "SpatialDropout2D" -> SpatialDropout2D.fromConfig(config);
            case "GaussianNoise" -> GaussianNoise.fromConfig(config);
            case "GaussianDropout" -> GaussianDropout.fromConfig(config);
            case "RandomFlip" -> RandomFlip.fromConfig(config);
            case "RandomRotation" -> RandomRotation.fromConfig(config);
            case "RandomTranslation" -> RandomTranslation.fromConfig(config);
            case "RandomZoom" -> RandomZoom.fromConfig(config);
            case "RandomContrast" -> RandomContrast.fromConfig(config);
            case "LayerNormalization" -> LayerNormalization.fromConfig(config);
            case "Rescaling" -> Rescaling.fromConfig(config);
            case "Normalization" -> Normalization.fromConfig(config);
            case "Resizing" -> Resizing.fromConfig(config);
            case "CenterCrop" -> CenterCrop.fromConfig(config);
            default -> {
                Layer merge = Merge.mergeFromConfig(className, config);
                if (merge == null) {
                    throw new Keras4jException("Unknown layer class '" + className + "' in a saved model. "
                            + "This keras4j knows Input, Dense, Conv2D, Conv2DTranspose, DepthwiseConv2D, "
                            + "SeparableConv2D, MaxPooling2D, AveragePooling2D, "
                            + "GlobalAveragePooling2D, GlobalMaxPooling2D, Conv1D, MaxPooling1D, AveragePooling1D, "
                            + "GlobalMaxPooling1D, GlobalAveragePooling1D, UpSampling1D/2D, ZeroPadding1D/2D, "
                            + "Cropping1D/2D, Flatten, Reshape, Permute, RepeatVector, SimpleRNN, LSTM, GRU, "
                            + "Bidirectional, Masking, TimeDistributed, Embedding, "
                            + "Dropout, SpatialDropout1D/2D, GaussianNoise, GaussianDropout, RandomFlip, "
                            + "RandomRotation, RandomTranslation, RandomZoom, RandomContrast, BatchNormalization, "
                            + "LayerNormalization, Activation, ReLU, LeakyReLU, PReLU, ELU, Softmax, Rescaling, "
                            + "Normalization, Resizing, CenterCrop, Add, "
                            + "Subtract, Multiply, Average, Maximum, Minimum and Concatenate; the file may come from "
                            + "a newer keras4j.");
                }
                yield merge;
            }
        };
        Object name = config.get("name");
        if (name != null) {
            layer.setName((String) name);
        }
        Object trainable = config.get("trainable");
        if (trainable != null) {
            if (!(trainable instanceof Boolean flag)) {
                throw new Keras4jException("'trainable' must be true or false; received " + trainable + ".");
            }
            layer.trainable(flag);
        }
        return layer;
    }

    /**
     * The layer's weights in Keras's layout (Dense: kernel [in, out], bias [out]; Conv2D: kernel
     * [kh, kw, in, out], bias [out]; BatchNormalization: gamma, beta, moving mean, moving variance).
     *
     * @return copies of the weights; empty for a layer without weights
     * @throws Keras4jException if the layer is in no model that starts with an Input
     */
    public List<INDArray> getWeights() {
        if (store == null) {
            if (!hasWeights()) {
                return new ArrayList<>();
            }
            build();
        }
        return store.getWeights(this);
    }

    /** Builds the model the layer belongs to, which creates its weights; refused when it has none. */
    private void build() {
        keras4j.Model model = Node.modelOf(this);
        if (model == null) {
            throw notBuilt();
        }
        model.build();
        if (store == null) {
            throw notBuilt();
        }
    }

    /**
     * Sets the layer's weights, in the order and layout of {@link #getWeights()}.
     *
     * @param weights the new values
     * @throws Keras4jException on a count or shape mismatch, or when the layer is in no model yet
     */
    public void setWeights(List<INDArray> weights) {
        if (store == null) {
            if (!hasWeights() && weights.isEmpty()) {
                return;
            }
            build();
        }
        store.setWeights(this, weights);
    }

    /** Called once the layer's weights exist (its model is built): a layer may set weights it holds for then. */
    void bound() {
    }

    /** @return true when the layer has weights of its own */
    boolean hasWeights() {
        return false;
    }

    /** Refuses a change of configuration once the layer is part of a compiled model. */
    void checkNotCompiled() {
        if (store != null) {
            throw new Keras4jException("Layer '" + name + "' is part of a compiled model; its configuration can no "
                    + "longer change. Build a new layer (and model) instead.");
        }
    }

    private Keras4jException notBuilt() {
        return new Keras4jException("Layer '" + (name == null ? defaultName() : name) + "' has no weights yet: "
                + "weights are created when the layer is part of a model that starts with an Input (add it to a "
                + "Sequential model, or build a Functional model over it).");
    }

    /** Builds the Keras-style message for an input shape the layer can't take. */
    /**
     * Keras's {@code axis} argument of the normalization layers, as one block of sample axes.
     *
     * @param axis       the axes, counting the batch axis as 0 (negative from the end)
     * @param inputShape the sample shape (no batch axis)
     * @param what       what the axes do, for the message: "normalizes", "keeps"
     * @param example    how to fix axes apart, ending the message
     * @return the first and one past the last sample axis (0 = the first after the batch)
     */
    int[] axisBlock(int[] axis, int[] inputShape, String what, String example) {
        int[] sample = new int[axis.length];
        for (int i = 0; i < axis.length; i++) {
            int a = axis[i] < 0 ? axis[i] + inputShape.length + 1 : axis[i];
            if (a < 1 || a > inputShape.length) {
                throw incompatible(inputShape, "an input with axis " + axis[i] + " (axis counts the batch axis as 0)",
                        "Use axes in [1, " + inputShape.length + "] or [-" + inputShape.length + ", -1].");
            }
            sample[i] = a - 1;
        }
        java.util.Arrays.sort(sample);
        for (int i = 1; i < sample.length; i++) {
            if (sample[i] != sample[i - 1] + 1) {
                throw incompatible(inputShape, "axes next to each other (keras4j " + what + " one block of axes)",
                        "Received axis=" + java.util.Arrays.toString(axis) + example);
            }
        }
        return new int[] {sample[0], sample[sample.length - 1] + 1};
    }

    Keras4jException incompatible(int[] inputShape, String expected, String fix) {
        return new Keras4jException("Input 0 of layer '" + (name == null ? defaultName() : name) + "' ("
                + getClassName() + ") is incompatible with the layer: expected " + expected + ", but received input "
                + "with shape " + Shapes.withBatch(inputShape) + "." + (fix == null ? "" : " " + fix));
    }

    /** Checks a constructor argument. */
    static void require(boolean ok, String layerClass, String message) {
        if (!ok) {
            throw new Keras4jException(layerClass + ": " + message);
        }
    }

    /** @return a compact description, e.g. "Dense(name=dense, units=64, activation=relu)" */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(getClassName()).append('(');
        String sep = "";
        for (Map.Entry<String, Object> e : getConfig().entrySet()) {
            if (e.getValue() != null) {
                s.append(sep).append(e.getKey()).append('=').append(e.getValue());
                sep = ", ";
            }
        }
        return s.append(')').toString();
    }

    /**
     * @return a number of a layer's config, or {@code otherwise} when the key is absent
     * @throws Keras4jException when the value is not a number
     */
    static double number(String layerClass, Map<String, Object> config, String key, double otherwise) {
        Object value = config.get(key);
        if (value == null && !config.containsKey(key)) {
            return otherwise;
        }
        require(value instanceof Number, layerClass, key + " must be a number; received " + key + "=" + value + ".");
        return ((Number) value).doubleValue();
    }

    static int[] ints(Object value) {
        if (value instanceof int[] array) {
            return array.clone();
        }
        List<?> list = (List<?>) value;
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) list.get(i)).intValue();
        }
        return out;
    }

    static List<Integer> list(int[] values) {
        List<Integer> out = new ArrayList<>();
        for (int v : values) {
            out.add(v);
        }
        return out;
    }
}
