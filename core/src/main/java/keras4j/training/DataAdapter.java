package keras4j.training;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.FitOptions;
import keras4j.Keras4jException;
import keras4j.backend.Session;
import keras4j.graph.LayerGraph;
import keras4j.graph.Node;
import keras4j.internal.ArrayBatches;
import keras4j.internal.Batches;
import keras4j.internal.Data;
import keras4j.internal.StreamBatches;
import keras4j.losses.Loss;

/**
 * Turns what a user passes to {@code fit}, {@code evaluate} and {@code predict} into the
 * backend's batches, against the model's inputs and outputs: one array per input and per output
 * (a single array, a list in order, or a map by name), each checked once with Keras's messages;
 * the validation split; class weights; streamed iterators for a one-input, one-output model.
 *
 * <pre>{@code
 * DataAdapter data = new DataAdapter("functional", graph, session::flattensInput, settings);
 * List<INDArray> xs = data.inputs(List.of(images, metadata), "fit");
 * }</pre>
 */
public final class DataAdapter {
    private final String modelName;
    private final LayerGraph graph;
    private final IntPredicate flattens;
    private final CompileSettings compile;

    /**
     * @param modelName the model's name, for messages
     * @param graph     the model's graph
     * @param flattens  whether the backend takes input {@code i} as one vector per sample
     *                  ({@link Session#flattensInput})
     * @param compile   its compile settings, or null before compile (predict only)
     */
    public DataAdapter(String modelName, LayerGraph graph, IntPredicate flattens, CompileSettings compile) {
        this.modelName = modelName;
        this.graph = graph;
        this.flattens = flattens;
        this.compile = compile;
    }

    /**
     * @param byName arrays by input (or output) name
     * @param names  the model's input (or output) names, in order
     * @param what   "input" or "output"
     * @param call   the call, for messages
     * @return the arrays in the model's order
     */
    public List<INDArray> ordered(Map<String, INDArray> byName, List<String> names, String what, String call) {
        if (byName == null) {
            throw new Keras4jException(call + "() received null instead of a map of arrays by " + what + " name.");
        }
        for (String key : byName.keySet()) {
            if (!names.contains(key)) {
                throw new Keras4jException(call + "() received data for '" + key + "', which is not an " + what
                        + " of model '" + modelName + "'. Its " + what + "s are " + names + ".");
            }
        }
        List<INDArray> out = new ArrayList<>();
        for (String name : names) {
            if (!byName.containsKey(name)) {
                throw new Keras4jException(call + "() received no data for the " + what + " '" + name + "' of model '"
                        + modelName + "'. Pass one array per " + what + ": " + names + ".");
            }
            out.add(byName.get(name));
        }
        return out;
    }

    /**
     * @param xs   one features array per input, in order
     * @param call "fit", "evaluate", "predict" (or a longer description starting so)
     * @return the arrays checked and shaped for the backend
     */
    public List<INDArray> inputs(List<INDArray> xs, String call) {
        List<String> names = graph.getInputNames();
        if (xs == null || xs.size() != names.size()) {
            throw new Keras4jException("Layer \"" + modelName + "\" expects " + names.size() + " input(s), but it "
                    + "received " + (xs == null ? 0 : xs.size()) + " input tensors (in " + call + "()). Pass one "
                    + "array per input " + names + ", as a list in that order or a map by name.");
        }
        List<INDArray> out = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            out.add(Data.features(xs.get(i), graph.getInputShapes().get(i), flattens.test(i),
                    firstLayer(i), call));
        }
        long rows = out.get(0).size(0);
        for (int i = 1; i < out.size(); i++) {
            if (out.get(i).size(0) != rows) {
                throw new Keras4jException("All inputs must have the same number of samples (rows) in " + call
                        + "(): input '" + names.get(0) + "' has " + rows + ", input '" + names.get(i) + "' has "
                        + out.get(i).size(0) + ".");
            }
        }
        return out;
    }

    /**
     * @param ys   one targets array per output, in order
     * @param rows the number of samples in x
     * @param call "fit" or "evaluate" (or longer)
     * @return the arrays checked and shaped for the backend
     */
    public List<INDArray> targets(List<INDArray> ys, long rows, String call) {
        List<String> names = graph.getOutputNames();
        if (ys == null || ys.size() != names.size()) {
            throw new Keras4jException("Model '" + modelName + "' has " + names.size() + " output(s) " + names
                    + ", but " + call + "() received " + (ys == null ? 0 : ys.size()) + " target array(s). Pass one "
                    + "array of targets per output, as a list in that order or a map by name.");
        }
        List<INDArray> out = new ArrayList<>();
        for (int i = 0; i < ys.size(); i++) {
            out.add(Data.labels(ys.get(i), rows, compile.losses().get(i), graph.getOutputTensors().get(i).getShape()[0],
                    names.get(i), call));
        }
        return out;
    }

    /** @return the name of the layer that first reads input {@code i}, for messages */
    private String firstLayer(int i) {
        Node input = graph.getInputs().get(i);
        List<Node> readers = graph.consumersOf(input);
        return readers.isEmpty() ? input.getName() : readers.get(0).getName();
    }

    /**
     * The batches and validation batches of a {@code fit} on arrays.
     *
     * @param xs      the inputs, checked
     * @param ys      the targets, checked
     * @param options batch size, shuffling, validation, class weights
     * @param seed    the shuffling seed
     * @return the training batches and the validation supplier (null without validation)
     */
    public Fit fit(List<INDArray> xs, List<INDArray> ys, FitOptions options, long seed) {
        INDArray weights = sampleWeights(xs, ys, options);
        Supplier<Iterator<MultiDataSet>> validation = null;
        if (options.getValidationIterator() != null) {
            validation = validation(options.getValidationIterator());
        } else if (options.getValidationX() != null || options.getValidationY() != null) {
            List<INDArray> valX = inputs(options.getValidationX(), "fit (validation_data)");
            List<INDArray> valY = targets(options.getValidationY(), valX.get(0).size(0), "fit (validation_data)");
            validation = () -> arrayBatches(valX, valY, keras4j.Model.DEFAULT_INFERENCE_BATCH_SIZE);
        } else if (options.getValidationSplit() > 0) {
            long n = xs.get(0).size(0);
            long split = n - (long) Math.floor(n * options.getValidationSplit());
            if (split <= 0 || split >= n) {
                throw new Keras4jException("validationSplit=" + options.getValidationSplit() + " of " + n + " samples "
                        + "leaves " + (split <= 0 ? "no training" : "no validation") + " samples. Use more data or a "
                        + "different split.");
            }
            List<INDArray> valX = rows(xs, split, n);
            List<INDArray> valY = rows(ys, split, n);
            INDArray valWeights = weights == null ? null : Data.rows(weights, split, n).dup('c');
            xs = rows(xs, 0, split);
            ys = rows(ys, 0, split);
            weights = weights == null ? null : Data.rows(weights, 0, split).dup('c');
            validation = () -> arrayBatches(valX, valY, valWeights, keras4j.Model.DEFAULT_INFERENCE_BATCH_SIZE);
        }
        return new Fit(new ArrayBatches(xs, ys, weights, options.getBatchSize(), options.isShuffle(), seed),
                validation);
    }

    /** @return the per-sample loss weights of a fit on arrays, [n, 1], from sampleWeight or classWeight; or null */
    private INDArray sampleWeights(List<INDArray> xs, List<INDArray> ys, FitOptions options) {
        INDArray weights = options.getSampleWeight();
        if (weights == null) {
            return classWeights(ys, options.getClassWeight());
        }
        if (!options.getClassWeight().isEmpty()) {
            throw new Keras4jException("fit() takes classWeight or sampleWeight, not both (as Keras). Multiply the "
                    + "class weights into the sample weights instead.");
        }
        long n = xs.get(0).size(0);
        if (weights.size(0) != n) {
            throw new Keras4jException("sampleWeight holds " + weights.size(0) + " weights but x holds " + n
                    + " samples. Pass one weight per sample.");
        }
        for (int i = 0; i < ys.size(); i++) {
            if (ys.get(i).rank() > 2) {
                throw new Keras4jException("sampleWeight weighs outputs with one target row per sample; output '"
                        + graph.getOutputNames().get(i) + "' of model '" + modelName + "' has targets of shape "
                        + java.util.Arrays.toString(ys.get(i).shape()) + ". Flatten that output or train without "
                        + "sampleWeight.");
            }
        }
        return weights;
    }

    /**
     * The batches of a {@code fit} on a streamed iterator.
     *
     * @param data    the user's iterator
     * @param options validation data and the rest
     * @return the training batches and the validation supplier (null without validation)
     */
    public Fit fit(DataSetIterator data, FitOptions options) {
        if (options.getValidationSplit() > 0 || !options.getClassWeight().isEmpty()
                || options.getSampleWeight() != null) {
            throw new Keras4jException("validationSplit, classWeight and sampleWeight need in-memory arrays; with a "
                    + "DataSetIterator pass validation data with FitOptions.validationData(...) and weigh samples in "
                    + "the iterator (its DataSets' labels masks).");
        }
        Supplier<Iterator<MultiDataSet>> validation = null;
        if (options.getValidationIterator() != null) {
            validation = validation(options.getValidationIterator());
        } else if (options.getValidationX() != null) {
            List<INDArray> valX = inputs(options.getValidationX(), "fit (validation_data)");
            List<INDArray> valY = targets(options.getValidationY(), valX.get(0).size(0), "fit (validation_data)");
            validation = () -> arrayBatches(valX, valY, keras4j.Model.DEFAULT_INFERENCE_BATCH_SIZE);
        }
        return new Fit(stream(data, "fit"), validation);
    }

    /** The batches of one fit: training, and validation at each epoch's end (or null). */
    public record Fit(Batches batches, Supplier<Iterator<MultiDataSet>> validation) {
    }

    private Supplier<Iterator<MultiDataSet>> validation(DataSetIterator source) {
        StreamBatches checked = stream(source, "fit");
        return () -> {
            if (source.resetSupported()) {
                source.reset();
            }
            return checked(source, checked, "validation data");
        };
    }

    /**
     * @param data a user's iterator, for a model with one input and one output
     * @param call the call, for messages
     * @return its batches, checked
     */
    public StreamBatches stream(DataSetIterator data, String call) {
        if (graph.getInputs().size() != 1 || graph.getOutputs().size() != 1) {
            throw new Keras4jException(call + "() with a DataSetIterator takes a model with one input and one output; "
                    + "model '" + modelName + "' has " + graph.getInputs().size() + " and "
                    + graph.getOutputs().size() + ". Pass arrays, one per input and output.");
        }
        return new StreamBatches(data, graph.getInputShapes().get(0), flattens.test(0),
                compile.losses().get(0), graph.getOutputTensors().get(0).getShape()[0], firstLayer(0),
                graph.getOutputNames().get(0));
    }

    /** @return the iterator's batches, each checked and shaped for the backend, rewound first */
    public Iterator<MultiDataSet> evaluation(DataSetIterator data) {
        if (data.resetSupported()) {
            data.reset();
        }
        return checked(data, stream(data, "evaluate"), "evaluate()");
    }

    private static Iterator<MultiDataSet> checked(DataSetIterator source, StreamBatches checker, String what) {
        return new Iterator<>() {
            private int batch;

            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public MultiDataSet next() {
                return checker.check(source.next(), what + " (batch " + batch++ + " of the DataSetIterator)");
            }
        };
    }

    /** @return views of consecutive rows of checked arrays, batch by batch */
    public static Iterator<MultiDataSet> arrayBatches(List<INDArray> xs, List<INDArray> ys, int batchSize) {
        return arrayBatches(xs, ys, null, batchSize);
    }

    /** @return consecutive rows of checked arrays, batch by batch, each output's loss weighed by {@code weights} */
    private static Iterator<MultiDataSet> arrayBatches(List<INDArray> xs, List<INDArray> ys, INDArray weights,
                                                        int batchSize) {
        long n = xs.get(0).size(0);
        return new Iterator<>() {
            private long from;

            @Override
            public boolean hasNext() {
                return from < n;
            }

            @Override
            public MultiDataSet next() {
                long to = Math.min(n, from + batchSize);
                INDArray[] masks = null;
                if (weights != null) {
                    masks = new INDArray[ys.size()];
                    java.util.Arrays.fill(masks, Data.rows(weights, from, to).dup('c'));
                }
                MultiDataSet batch = new org.nd4j.linalg.dataset.MultiDataSet(
                        rows(xs, from, to).toArray(new INDArray[0]), rows(ys, from, to).toArray(new INDArray[0]),
                        null, masks);
                from = to;
                return batch;
            }
        };
    }

    private static List<INDArray> rows(List<INDArray> arrays, long from, long to) {
        List<INDArray> out = new ArrayList<>();
        for (INDArray a : arrays) {
            out.add(Data.rows(a, from, to).dup('c'));
        }
        return out;
    }

    private INDArray classWeights(List<INDArray> ys, Map<Integer, Double> classWeight) {
        if (classWeight.isEmpty()) {
            return null;
        }
        if (ys.size() != 1) {
            throw new Keras4jException("classWeight is for a model with one output; model '" + modelName + "' has "
                    + ys.size() + ". Weigh the samples of each output instead.");
        }
        INDArray labels = ys.get(0);
        Loss loss = compile.losses().get(0);
        INDArray ids = loss.isSparse() ? labels : labels.size(1) == 1 ? labels.gt(0.5).castTo(DataType.FLOAT)
                : labels.argMax(1).castTo(DataType.FLOAT);
        float[] classes = ids.toFloatVector();
        float[] weights = new float[classes.length];
        for (int i = 0; i < classes.length; i++) {
            weights[i] = classWeight.getOrDefault((int) classes[i], 1.0).floatValue();
        }
        return Nd4j.createFromArray(weights).reshape(weights.length, 1);
    }

    /** @return a list holding one array, for the single-input and single-output calls */
    public static List<INDArray> one(INDArray array) {
        List<INDArray> list = new ArrayList<>();
        list.add(array);
        return list;
    }
}
