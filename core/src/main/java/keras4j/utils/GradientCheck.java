package keras4j.utils;

import java.util.List;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import keras4j.Keras4jException;
import keras4j.Sequential;
import keras4j.internal.Data;
import keras4j.internal.Lowering;
import keras4j.layers.Input;
import keras4j.layers.Layer;

/**
 * Verifies a model's backpropagation numerically, as the from-scratch textbooks teach: every
 * gradient computed by backprop is compared with the central difference
 * {@code (loss(w + eps) - loss(w - eps)) / (2 eps)}, in double precision. Wraps DL4J's
 * {@code GradientCheckUtil}.
 *
 * <pre>{@code
 * Sequential model = Sequential.of(new Input(4), new Dense(5, "tanh"), new Dense(3, "softmax"));
 * model.compile("sgd", "categorical_crossentropy");
 * boolean ok = GradientCheck.check(model, x, yOneHot);   // true when backprop is right
 * }</pre>
 *
 * <p>The check runs on a double-precision copy of the model (its current weights when compiled),
 * so the model itself is untouched. Use smooth activations (tanh, sigmoid, softmax): ReLU's kink
 * can fail a check spuriously.
 */
public final class GradientCheck {
    private static final double EPSILON = 1e-6;
    private static final double MAX_RELATIVE_ERROR = 1e-3;
    private static final double MIN_ABSOLUTE_ERROR = 1e-8;

    private GradientCheck() {
    }

    /**
     * @param model a compiled model
     * @param x     a few samples' features
     * @param y     their targets, as for {@code fit}
     * @return true when every parameter's gradient agrees with its numerical estimate
     */
    public static boolean check(Sequential model, INDArray x, INDArray y) {
        if (!model.isCompiled()) {
            throw new Keras4jException("GradientCheck needs a compiled model (it checks the compiled loss); call "
                    + "model.compile(...) first.");
        }
        List<Layer> layers = new java.util.ArrayList<>();
        layers.add(new Input(model.getInputShape()));
        layers.addAll(model.getLayers());
        List<int[]> shapes = new java.util.ArrayList<>();
        int[] shape = model.getInputShape();
        for (Layer layer : layers) {
            shapes.add(shape);
            shape = layer.computeOutputShape(shape);
        }
        Lowering.Plan plan = Lowering.plan(layers, shapes, model.getLoss(), new NoOp(), model.getSeed(),
                DataType.DOUBLE, false);
        DataType defaultType = Nd4j.dataType();
        DataType defaultFloatType = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            MultiLayerNetwork net = new MultiLayerNetwork(plan.configuration());
            net.init();
            net.setParams(model.toDl4j().params().castTo(DataType.DOUBLE));
            INDArray features = Data.features(x, model.getInputShape(), plan.flattenInput(),
                    model.getLayers().get(0).getName(), "GradientCheck").castTo(DataType.DOUBLE);
            INDArray labels = Data.labels(y, features.size(0), model.getLoss(), model.getOutputShape()[0],
                    model.getLayers().get(model.getLayers().size() - 1).getName(), "GradientCheck")
                    .castTo(DataType.DOUBLE);
            long seed = model.getSeed();
            // BatchNormalization's moving mean and variance are running averages, not trained by gradients.
            java.util.Set<String> notTrained = new java.util.HashSet<>();
            for (String key : net.paramTable().keySet()) {
                if (key.endsWith("_mean") || key.endsWith("_var")) {
                    notTrained.add(key);
                }
            }
            return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(features)
                    .labels(labels).epsilon(EPSILON).maxRelError(MAX_RELATIVE_ERROR).minAbsoluteError(MIN_ABSOLUTE_ERROR)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false).excludeParams(notTrained)
                    // Dropout draws the same mask for every evaluation when the seed is reset each time.
                    .callEachIter(n -> Nd4j.getRandom().setSeed(seed)));
        } finally {
            Nd4j.setDefaultDataTypes(defaultType, defaultFloatType);
        }
    }
}
