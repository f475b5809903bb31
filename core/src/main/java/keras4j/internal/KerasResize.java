package keras4j.internal;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code Resizing} (and {@code CenterCrop} of images smaller than its target) as a DL4J
 * layer on channels-last images: a window of the image (the whole image, or a centred crop to the
 * target's aspect ratio) resized to the target size as TensorFlow does ({@link ImageResize}),
 * in training and at inference alike; the gradient goes back to the pixels each output blended.
 * keras4j writes this class's name into saved model files: it keeps it.
 *
 * <pre>{@code
 * KerasResize conf = new KerasResize(14, 14, new int[] {0, 28, 0, 28}, false);   // 28 x 28 to 14 x 14
 * }</pre>
 */
public final class KerasResize extends NoParamLayer {
    private static final long serialVersionUID = 1L;

    /** The target size, the window resized ({top, height, left, width}), nearest or bilinear; JSON fields. */
    private int height;
    private int width;
    private int[] box;
    private boolean nearest;

    /** For DL4J's JSON mapper. */
    public KerasResize() {
    }

    /**
     * @param height  the target height
     * @param width   the target width
     * @param box     the window of the input resized, {@code {top, height, left, width}}
     * @param nearest nearest-neighbour instead of bilinear
     */
    public KerasResize(int height, int width, int[] box, boolean nearest) {
        this.height = height;
        this.width = width;
        this.box = box.clone();
        this.nearest = nearest;
    }

    /** @return the target height */
    public int getHeight() {
        return height;
    }

    /** @return the target width */
    public int getWidth() {
        return width;
    }

    /** @return the window resized, {@code {top, height, left, width}} */
    public int[] getBox() {
        return box.clone();
    }

    /** @return whether the resize is nearest-neighbour */
    public boolean isNearest() {
        return nearest;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return LayerConfs.bind(new Impl(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView,
                initializeParams, initializer());
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        long channels = ((InputType.InputTypeConvolutional) inputType).getChannels();
        return InputType.convolutional(height, width, channels, CNN2DFormat.NHWC);
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
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return new LayerMemoryReport.Builder(layerName, KerasResize.class, inputType, getOutputType(-1, inputType))
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    /** The layer itself. Not thread-safe, like every DL4J layer. */
    static final class Impl extends AbstractLayer<KerasResize> {
        private static final long serialVersionUID = 1L;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public boolean isPretrainLayer() {
            return false;
        }

        @Override
        public void clearNoiseWeightParams() {
        }

        @Override
        public Type type() {
            return Type.CONVOLUTIONAL;
        }

        @Override
        public double calcRegularizationScore(boolean backpropParamsOnly) {
            return 0;
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            KerasResize c = layerConf();
            return workspaceMgr.dup(ArrayType.ACTIVATIONS, ImageResize.resize(input, c.box, c.height, c.width,
                    c.nearest));
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            KerasResize c = layerConf();
            INDArray dx = ImageResize.backward(epsilon, (int) input.size(1), (int) input.size(2), c.box, c.nearest);
            return new Pair<>(new DefaultGradient(), workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dx));
        }
    }
}
