package keras4j.utils;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.backend.dl4j.ChainLowering;
import keras4j.backend.dl4j.GraphLowering;
import keras4j.training.CompileSettings;
import keras4j.training.DataAdapter;

/**
 * Verifies a model's backpropagation numerically, as the from-scratch textbooks teach: every
 * gradient computed by backprop is compared with the central difference
 * {@code (loss(w + eps) - loss(w - eps)) / (2 eps)}, in double precision. Wraps DL4J's
 * {@code GradientCheckUtil}; works for Sequential and Functional models (merges included).
 *
 * <pre>{@code
 * Sequential model = Sequential.of(new Input(4), new Dense(5, "tanh"), new Dense(3, "softmax"));
 * model.compile("sgd", "categorical_crossentropy");
 * boolean ok = GradientCheck.check(model, x, yOneHot);   // true when backprop is right
 * }</pre>
 *
 * <p>The check runs on a double-precision copy of the model (its current weights), so the model
 * itself is untouched. Use smooth activations (tanh, sigmoid, softmax): ReLU's kink can fail a
 * check spuriously.
 */
public final class GradientCheck {
    private static final double EPSILON = 1e-6;
    private static final double MAX_RELATIVE_ERROR = 1e-3;
    private static final double MIN_ABSOLUTE_ERROR = 1e-8;

    private GradientCheck() {
    }

    /**
     * @param model a compiled model with one input and one output
     * @param x     a few samples' features
     * @param y     their targets, as for {@code fit}
     * @return true when every parameter's gradient agrees with its numerical estimate
     */
    public static boolean check(Model model, INDArray x, INDArray y) {
        return check(model, List.of(x), List.of(y));
    }

    /**
     * @param model a compiled model
     * @param xs    a few samples' features, one array per input
     * @param ys    their targets, one array per output
     * @return true when every parameter's gradient agrees with its numerical estimate
     */
    public static boolean check(Model model, List<INDArray> xs, List<INDArray> ys) {
        if (!model.isCompiled()) {
            throw new Keras4jException("GradientCheck needs a compiled model (it checks the compiled loss); call "
                    + "model.compile(...) first.");
        }
        CompileSettings settings = model.getCompileSettings();
        org.deeplearning4j.nn.api.NeuralNetwork source = model.toDl4j();
        List<int[]> inputShapes = model.getInputShapes();
        DataAdapter data = new DataAdapter(model.getName(), model.getGraph(),
                i -> ChainLowering.flattens(inputShapes.get(i)), settings);
        List<INDArray> inputs = data.inputs(xs, "GradientCheck");
        List<INDArray> targets = data.targets(ys, inputs.get(0).size(0), "GradientCheck");
        DataType defaultType = Nd4j.dataType();
        DataType defaultFloatType = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        long seed = model.getSeed();
        try {
            if (source instanceof MultiLayerNetwork chain) {
                ChainLowering.Chain layers = ChainLowering.Chain.of(model.getGraph());
                ChainLowering.Plan plan = ChainLowering.plan(layers.layers(), layers.shapes(),
                        settings.losses().get(0), new NoOp(), seed, DataType.DOUBLE, false);
                MultiLayerNetwork net = new MultiLayerNetwork(plan.configuration());
                net.init();
                Set<String> frozen = new HashSet<>();
                for (int i = 0; i < layers.layers().size(); i++) {
                    if (!layers.layers().get(i).isTrainable() && plan.dl4jIndex()[i] >= 0) {
                        frozen.add(plan.dl4jIndex()[i] + "_");
                    }
                }
                net.setParams(chain.params().castTo(DataType.DOUBLE));
                return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                        .input(inputs.get(0).castTo(DataType.DOUBLE)).labels(targets.get(0).castTo(DataType.DOUBLE))
                        .epsilon(EPSILON).maxRelError(MAX_RELATIVE_ERROR).minAbsoluteError(MIN_ABSOLUTE_ERROR)
                        .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false)
                        .excludeParams(notTrained(net.paramTable().keySet(), frozen))
                        // Dropout draws the same mask for every evaluation when the seed is reset each time.
                        .callEachIter(n -> Nd4j.getRandom().setSeed(seed)));
            }
            ComputationGraph graph = (ComputationGraph) source;
            GraphLowering.Plan plan = GraphLowering.plan(model.getGraph(), settings.losses(), settings.lossWeights(),
                    new NoOp(), seed, DataType.DOUBLE, false);
            ComputationGraph net = new ComputationGraph(plan.configuration());
            net.init();
            Set<String> frozen = new HashSet<>();
            plan.vertexOf().forEach((layer, vertex) -> {
                if (!layer.isTrainable()) {
                    frozen.add(vertex + "_");
                }
            });
            net.setParams(graph.params().castTo(DataType.DOUBLE));
            return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                    .inputs(doubles(inputs)).labels(doubles(targets))
                    .epsilon(EPSILON).maxRelError(MAX_RELATIVE_ERROR).minAbsoluteError(MIN_ABSOLUTE_ERROR)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false)
                    .excludeParams(notTrained(net.paramTable().keySet(), frozen))
                    .callEachIter(n -> Nd4j.getRandom().setSeed(seed)));
        } finally {
            Nd4j.setDefaultDataTypes(defaultType, defaultFloatType);
        }
    }

    private static INDArray[] doubles(List<INDArray> arrays) {
        return arrays.stream().map(a -> a.castTo(DataType.DOUBLE)).toArray(INDArray[]::new);
    }

    /**
     * BatchNormalization's moving mean and variance are running averages, and a frozen layer's
     * weights are not trained: their gradients are not backprop's to check (the gradients a frozen
     * layer passes on to the layers before it are).
     */
    private static Set<String> notTrained(Set<String> keys, Set<String> frozenPrefixes) {
        Set<String> notTrained = new HashSet<>();
        for (String key : keys) {
            if (key.endsWith("_mean") || key.endsWith("_var") || frozenPrefixes.stream().anyMatch(key::startsWith)) {
                notTrained.add(key);
            }
        }
        return notTrained;
    }
}
