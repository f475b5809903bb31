package keras4j.backend.dl4j;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import keras4j.internal.Activations;
import keras4j.internal.ModelJson;
import keras4j.internal.TrackedLoss;
import keras4j.layers.Conv2D;
import keras4j.layers.Conv2DTranspose;
import keras4j.layers.SeparableConv2D;
import keras4j.layers.Dense;
import keras4j.layers.Layer;

/**
 * Checks that the network of a model file is the one its {@code keras4j.json} describes: the
 * same number and kinds of DL4J layers and input reshaping; for each keras4j layer the DL4J layer
 * holding it has the same name, units (nIn / nOut), kernel, strides, padding, activation, dropout,
 * normalization settings, optimizer, parameter count and every other setting DL4J keeps; the
 * output layer has the same loss. A hand-edited {@code units: 999} over a 1000-unit network is
 * refused here instead of loading a model whose summary lies.
 *
 * <pre>{@code
 * ArchitectureCheck.check(root.get("model").get("layers"), layers, shapes, plan, network,
 *         root.get("compile"));
 * }</pre>
 */
public final class ArchitectureCheck {
    private ArchitectureCheck() {
    }

    /**
     * @param layersJson    keras4j.json's {@code model.layers}, for messages
     * @param layers        the layers read from it, Input first
     * @param shapes        each layer's input shape
     * @param plan          what this keras4j lowers those layers to
     * @param saved         the network read from the file
     * @param compile       keras4j.json's {@code compile}, when the network's updater must be the plan's too;
     *                      else null
     * @throws keras4j.Keras4jException naming the file, the keras4j.json field and the network's value
     */
    public static void check(ModelJson layersJson, List<Layer> layers, List<int[]> shapes, ChainLowering.Plan plan,
                             MultiLayerNetwork saved, ModelJson compile) {
        List<ModelJson> entries = layersJson.elements();
        int planned = plan.configuration().getConfs().size();
        int have = saved.getLayerWiseConfigurations().getConfs().size();
        if (planned != have) {
            throw layersJson.damaged("describes a network of " + planned + " DL4J layers, but network.zip holds "
                    + have);
        }
        for (int i = 0; i < layers.size(); i++) {
            int j = plan.dl4jIndex()[i];
            if (j >= 0) {
                check(entries.get(i), layers.get(i), shapes.get(i), j, plan.configuration().getConf(j).getLayer(),
                        saved, compile);
            }
        }
        for (int j = 0; j < planned; j++) {
            InputPreProcessor wantInput = plan.configuration().getInputPreProcess(j);
            InputPreProcessor gotInput = saved.getLayerWiseConfigurations().getInputPreProcess(j);
            if (!Objects.equals(wantInput, gotInput)) {
                throw layersJson.damaged("give the network's layer " + j + " the input " + wantInput
                        + ", but network.zip gives it " + gotInput);
            }
            Class<?> want = plan.configuration().getConf(j).getLayer().getClass();
            Class<?> got = saved.getLayerWiseConfigurations().getConf(j).getLayer().getClass();
            if (!sameKind(want, got)) {
                throw layersJson.damaged("gives DL4J layer " + j + " the type " + want.getSimpleName()
                        + ", but the network's layer " + j + " is a " + got.getSimpleName());
            }
            Class<?> wantLoss = lossOf(plan.configuration().getConf(j).getLayer());
            Class<?> gotLoss = lossOf(saved.getLayerWiseConfigurations().getConf(j).getLayer());
            if (compile != null && wantLoss != gotLoss) {
                throw compile.get("loss").get("name").damaged("gives DL4J's " + name(wantLoss) + " but the "
                        + "network's layer " + j + " computes " + name(gotLoss));
            }
            if (compile != null && isTracked(plan.configuration().getConf(j).getLayer())
                    != isTracked(saved.getLayerWiseConfigurations().getConf(j).getLayer())) {
                throw layersJson.damaged("describe a keras4j network, but the loss of network.zip's layer " + j
                        + " is not keras4j's (the network was not saved by keras4j)");
            }
        }
    }

    /**
     * The check of a Functional model's network: the same vertices, each with the same DL4J
     * configuration (every setting but the optimizer's, unless {@code sameOptimizer}), the same
     * connections and outputs.
     *
     * @param layersJson    keras4j.json's {@code model.layers}, for messages
     * @param plan          what this keras4j lowers the architecture to
     * @param saved         the graph read from the file
     * @param sameOptimizer whether the saved optimizer must be the plan's too
     */
    static void checkGraph(ModelJson layersJson, ComputationGraphConfiguration plan, ComputationGraph saved,
                           boolean sameOptimizer) {
        ComputationGraphConfiguration got = saved.getConfiguration();
        if (!plan.getVertices().keySet().equals(got.getVertices().keySet())) {
            throw layersJson.damaged("describe a graph of the vertices " + new java.util.TreeSet<>(plan.getVertices()
                    .keySet()) + ", but network.zip holds " + new java.util.TreeSet<>(got.getVertices().keySet()));
        }
        if (!plan.getVertexInputs().equals(got.getVertexInputs())
                || !plan.getNetworkInputs().equals(got.getNetworkInputs())
                || !plan.getNetworkOutputs().equals(got.getNetworkOutputs())) {
            throw layersJson.damaged("connect the layers differently than network.zip does");
        }
        for (Map.Entry<String, GraphVertex> e : plan.getVertices().entrySet()) {
            GraphVertex mine = e.getValue();
            GraphVertex theirs = got.getVertices().get(e.getKey());
            String where = "the network's vertex '" + e.getKey() + "'";
            if (mine.getClass() != theirs.getClass()) {
                throw layersJson.damaged("make '" + e.getKey() + "' a " + mine.getClass().getSimpleName() + ", but "
                        + where + " is a " + theirs.getClass().getSimpleName());
            }
            if (mine instanceof LayerVertex w && theirs instanceof LayerVertex g) {
                org.deeplearning4j.nn.conf.layers.Layer want = w.getLayerConf().getLayer();
                org.deeplearning4j.nn.conf.layers.Layer have = g.getLayerConf().getLayer();
                if (!sameKind(want.getClass(), have.getClass())) {
                    throw layersJson.damaged("make '" + e.getKey() + "' a DL4J " + want.getClass().getSimpleName()
                            + ", but " + where + " is a " + have.getClass().getSimpleName());
                }
                String other = firstDifference(want, have);
                if (other != null) {
                    throw layersJson.damaged("describe a layer '" + e.getKey() + "' that is not what " + where
                            + " is: " + other);
                }
                if (sameOptimizer && want instanceof BaseLayer wb && have instanceof BaseLayer hb
                        && wb.getIUpdater() != null && hb.getIUpdater() != null
                        && wb.getIUpdater().getClass() != hb.getIUpdater().getClass()) {
                    throw layersJson.damaged("give '" + e.getKey() + "' DL4J's "
                            + wb.getIUpdater().getClass().getSimpleName() + " but " + where + " was trained with "
                            + hb.getIUpdater().getClass().getSimpleName());
                }
                if (sameOptimizer && isTracked(want) != isTracked(have)) {
                    throw layersJson.damaged("describe a keras4j network, but the loss of " + where + " is not "
                            + "keras4j's (the network was not saved by keras4j)");
                }
            } else if (!NeuralNetConfiguration.mapper().valueToTree(mine)
                    .equals(NeuralNetConfiguration.mapper().valueToTree(theirs))) {
                throw layersJson.damaged("describe a vertex '" + e.getKey() + "' that is not what " + where + " is");
            }
        }
    }

    private static boolean sameKind(Class<?> want, Class<?> got) {
        return want == got || want.getSuperclass() == got;   // Lowering.upgrade's rule
    }

    private static void check(ModelJson entry, Layer layer, int[] inputShape, int j,
                              org.deeplearning4j.nn.conf.layers.Layer want, MultiLayerNetwork saved,
                              ModelJson compile) {
        org.deeplearning4j.nn.conf.layers.Layer got = saved.getLayerWiseConfigurations().getConf(j).getLayer();
        ModelJson config = entry.get("config");
        String theirs = "the network's layer " + j;
        if (!sameKind(want.getClass(), got.getClass())) {
            throw entry.damaged("is a " + layer.getClassName() + " (DL4J " + want.getClass().getSimpleName()
                    + "), but " + theirs + " is a " + got.getClass().getSimpleName());
        }
        if (!Objects.equals(want.getLayerName(), got.getLayerName())) {
            throw config.get("name").damaged("is '" + want.getLayerName() + "' but " + theirs + " is named '"
                    + got.getLayerName() + "'");
        }
        if (want instanceof FeedForwardLayer w && got instanceof FeedForwardLayer g) {
            String units = layer instanceof Dense ? "units" : layer instanceof Conv2D || layer instanceof Conv2DTranspose
                    || layer instanceof SeparableConv2D ? "filters" : null;
            if (w.getNOut() != g.getNOut()) {
                throw (units == null ? entry : config.get(units)).damaged((units == null ? "has " : "is ")
                        + w.getNOut() + (units == null ? " outputs" : "") + " but " + theirs + " has " + g.getNOut()
                        + " " + (units == null ? "outputs" : units));
            }
            if (w.getNIn() != g.getNIn()) {
                throw entry.damaged("(" + layer.getClassName() + " '" + layer.getName() + "') takes " + w.getNIn()
                        + " inputs, from the layers before it, but " + theirs + " takes " + g.getNIn());
            }
        }
        if (want instanceof ConvolutionLayer w && got instanceof ConvolutionLayer g) {
            same(config.get("kernel_size"), w.getKernelSize(), g.getKernelSize(), theirs + "'s kernel is");
            same(config.get("strides"), w.getStride(), g.getStride(), theirs + "'s strides are");
            same(config.get("padding"), w.getConvolutionMode(), g.getConvolutionMode(), theirs + "'s padding is");
        }
        if (want instanceof SubsamplingLayer w && got instanceof SubsamplingLayer g) {
            same(entry.get("class_name"), w.getPoolingType(), g.getPoolingType(), theirs + " pools with");
            same(config.get("pool_size"), w.getKernelSize(), g.getKernelSize(), theirs + "'s pool size is");
            same(config.get("strides"), w.getStride(), g.getStride(), theirs + "'s strides are");
            same(config.get("padding"), w.getConvolutionMode(), g.getConvolutionMode(), theirs + "'s padding is");
        }
        if (want instanceof DropoutLayer && got instanceof DropoutLayer) {
            // the key of the random layers' draw; an augmentation's is its whole config
            String key = layer instanceof keras4j.layers.GaussianNoise ? "stddev"
                    : layer instanceof keras4j.layers.ImageAugmentation ? null : "rate";
            same(key == null ? config : config.get(key), want.getIDropout(), got.getIDropout(),
                    theirs + "'s dropout is");
        }
        if (want instanceof BatchNormalization w && got instanceof BatchNormalization g) {
            same(config.get("momentum"), w.getDecay(), g.getDecay(), theirs + "'s decay is");
            same(config.get("epsilon"), w.getEps(), g.getEps(), theirs + "'s eps is");
        }
        IActivation activation = Activations.isEarlierForm(activation(want), activation(got)) ? activation(want)
                : activation(got);
        same(config.get("activation"), activation(want), activation, theirs + "'s activation is");
        if (compile != null && want instanceof BaseLayer w && got instanceof BaseLayer g && w.getIUpdater() != null
                && g.getIUpdater() != null && w.getIUpdater().getClass() != g.getIUpdater().getClass()) {
            throw compile.get("optimizer").get("name").damaged("gives DL4J's "
                    + w.getIUpdater().getClass().getSimpleName() + " but " + theirs + " was trained with "
                    + g.getIUpdater().getClass().getSimpleName());
        }
        String other = firstDifference(want, got);
        if (other != null) {
            throw entry.damaged("(" + layer.getClassName() + " '" + layer.getName() + "') is not what " + theirs
                    + " is: " + other);
        }
        long params = layer.countParams(inputShape);
        long theirParams = saved.getLayer(j).numParams();
        if (params != theirParams) {
            throw entry.damaged("(" + layer.getClassName() + " '" + layer.getName() + "') has " + params
                    + " parameters but " + theirs + " has " + theirParams);
        }
    }

    /**
     * Compares everything else DL4J keeps of a layer (formats, dilation, padding, regularization,
     * ...), as JSON; the optimizer's settings are left out, as training changes its learning rate,
     * and so is an activation an earlier keras4j wrote ({@link Activations#isEarlierForm}), and the
     * weight initialization (it drew the saved weights only; earlier keras4j versions wrote DL4J's
     * for {@code glorot_normal}, {@code he_normal} and {@code random_normal}).
     *
     * @return "its KEY is X, not Y" for the first field that differs, or null
     */
    private static String firstDifference(org.deeplearning4j.nn.conf.layers.Layer want,
                                          org.deeplearning4j.nn.conf.layers.Layer got) {
        ObjectNode w = NeuralNetConfiguration.mapper().valueToTree(want);
        ObjectNode g = NeuralNetConfiguration.mapper().valueToTree(got);
        List<String> ignored = new java.util.ArrayList<>(List.of("@class", "iupdater", "biasUpdater", "weightInitFn"));
        if (Activations.isEarlierForm(activation(want), activation(got))) {
            ignored.add("activationFn");
        }
        for (String key : ignored) {
            w.remove(key);
            g.remove(key);
        }
        if (w.equals(g)) {
            return null;
        }
        java.util.Set<String> keys = new java.util.TreeSet<>();
        w.fieldNames().forEachRemaining(keys::add);
        g.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            if (!Objects.equals(w.get(key), g.get(key))) {
                return "its " + key + " is " + g.get(key) + ", not " + w.get(key);
            }
        }
        return "their configurations differ";
    }

    /** @return the class of an output layer's loss (unwrapped from keras4j's tracking), else null */
    private static Class<?> lossOf(org.deeplearning4j.nn.conf.layers.Layer layer) {
        ILossFunction loss = rawLoss(layer);
        if (loss instanceof TrackedLoss tracked) {
            loss = tracked.getDelegate();
        }
        return loss == null ? null : loss.getClass();
    }

    private static boolean isTracked(org.deeplearning4j.nn.conf.layers.Layer layer) {
        return rawLoss(layer) instanceof TrackedLoss;
    }

    private static ILossFunction rawLoss(org.deeplearning4j.nn.conf.layers.Layer layer) {
        return layer instanceof BaseOutputLayer out ? out.getLossFn()
                : layer instanceof LossLayer l ? l.getLossFn() : null;
    }

    private static String name(Class<?> type) {
        return type == null ? "no loss" : type.getSimpleName();
    }

    private static IActivation activation(org.deeplearning4j.nn.conf.layers.Layer layer) {
        if (layer instanceof BaseLayer base) {
            return base.getActivationFn();
        }
        if (layer instanceof org.deeplearning4j.nn.conf.layers.ActivationLayer a) {
            return a.getActivationFn();
        }
        return null;
    }

    private static void same(ModelJson field, Object want, Object got, String theirs) {
        String w = want instanceof int[] a ? Arrays.toString(a) : String.valueOf(want);
        String g = got instanceof int[] a ? Arrays.toString(a) : String.valueOf(got);
        if (!w.equals(g)) {
            throw field.damaged("gives " + w + " but " + theirs + " " + g);
        }
    }
}
