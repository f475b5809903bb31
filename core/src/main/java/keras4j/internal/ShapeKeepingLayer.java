package keras4j.internal;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What keras4j's hand-written DL4J layer configurations with weights and an output of their
 * input's shape share ({@link KerasLayerNorm}, {@link KerasNormalization}): DL4J's shape and
 * memory hooks, and building the layer over its parameter view. It holds no JSON fields, so the
 * saved form of its subclasses is theirs alone.
 *
 * <pre>{@code
 * final class MyLayer extends ShapeKeepingLayer {
 *     Layer implementation(NeuralNetConfiguration conf, DataType type) { return new Impl(conf, type); }
 *     public ParamInitializer initializer() { return Params.INSTANCE; }
 * }
 * }</pre>
 */
abstract class ShapeKeepingLayer extends BaseLayer {
    private static final long serialVersionUID = 1L;

    /** @return the layer computing this configuration, before its parameters are bound */
    abstract Layer implementation(NeuralNetConfiguration conf, DataType networkDataType);

    @Override
    public final Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                                   int layerIndex, INDArray layerParamsView, boolean initializeParams,
                                   DataType networkDataType) {
        return LayerConfs.bind(implementation(conf, networkDataType), conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams, initializer());
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        // the shapes are the configuration's
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, inputType)
                .standardMemory(initializer().numParams(this), 0).workingMemory(0, 0, 0, 0)
                .cacheMemory(0, 0).build();
    }
}
