package keras4j.internal;

import java.util.Collection;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's embedding of a sequence of ids (keeping its number of ids, as {@link IdEmbedding}) for
 * Keras's {@code Embedding(mask_zero=True)}: id 0 is padding, and its steps' vectors are zero
 * (DL4J's own masking of the layer, with the mask taken from the ids), so the recurrent layers
 * after it skip them ({@code MaskZeroLayer}); id 0's row gets no gradient. keras4j writes this
 * class's name into saved model files: it keeps it.
 *
 * <pre>{@code
 * EmbeddingSequenceLayer conf = new EmbeddingSequenceLayer.Builder().nIn(1000).nOut(16).inputLength(20).build();
 * list.layer(MaskZeroEmbedding.of(conf));
 * }</pre>
 */
public final class MaskZeroEmbedding extends EmbeddingSequenceLayer {
    private static final long serialVersionUID = 1L;

    /** For DL4J's JSON mapper. */
    public MaskZeroEmbedding() {
    }

    /**
     * @param conf a built DL4J embedding configuration, with its number of ids
     * @return the same configuration, masking id 0
     */
    public static MaskZeroEmbedding of(EmbeddingSequenceLayer conf) {
        return LayerConfs.copy(conf, new MaskZeroEmbedding(), EmbeddingSequenceLayer.class);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (getNIn() <= 0) {
            super.setNIn(inputType, override);
        }
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                      Collection<TrainingListener> trainingListeners, int layerIndex,
                                                      INDArray layerParamsView, boolean initializeParams,
                                                      DataType networkDataType) {
        return LayerConfs.bind(new Impl(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView,
                initializeParams, initializer());
    }

    /** The layer: DL4J's, masked where the id is 0. Not thread-safe, like every DL4J layer. */
    static final class Impl extends org.deeplearning4j.nn.layers.feedforward.embedding.EmbeddingSequenceLayer {
        private static final long serialVersionUID = 1L;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            maskArray = idMask();
            return super.activate(training, workspaceMgr);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            maskArray = idMask();
            return super.backpropGradient(epsilon, workspaceMgr);
        }

        /** @return [batch, timesteps]: 0 where the id is 0, else 1 */
        private INDArray idMask() {
            INDArray ids = input.rank() == 3 ? input.reshape(input.size(0), input.size(2)) : input;
            return ids.neq(0).castTo(DataType.FLOAT).detach();
        }
    }
}
