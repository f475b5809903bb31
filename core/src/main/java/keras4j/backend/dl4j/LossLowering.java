package keras4j.backend.dl4j;

import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMAE;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

import keras4j.internal.KerasLoss;
import keras4j.losses.BinaryCrossentropy;
import keras4j.losses.CategoricalCrossentropy;
import keras4j.losses.Huber;
import keras4j.losses.Loss;
import keras4j.losses.MeanAbsoluteError;
import keras4j.losses.MeanSquaredError;
import keras4j.losses.SparseCategoricalCrossentropy;

/**
 * Each keras4j loss's DL4J form, in one place: the DL4J loss function a model's output computes
 * in training, and the value of a loss computed on its own ({@link Loss#call}). DL4J's own losses
 * serve where they equal Keras's (mean squared and absolute error, the cross-entropies with
 * their default arguments); every other loss is {@link KerasLoss}, Keras's formula and its
 * gradient.
 *
 * <pre>{@code
 * ILossFunction bce = LossLowering.of(new BinaryCrossentropy(), 3);   // LossBinaryXENT, each output weighted 1/3
 * double mse = LossLowering.score(Loss.get("mse"), labels, predictions);
 * }</pre>
 */
public final class LossLowering {
    private LossLowering() {
    }

    /**
     * @param loss  a keras4j loss
     * @param units the number of outputs of the layer the loss reads
     * @return a new DL4J loss function computing it
     */
    public static ILossFunction of(Loss loss, int units) {
        if (!loss.hasDefaultArguments() || !(loss instanceof MeanSquaredError || loss instanceof MeanAbsoluteError
                || loss instanceof BinaryCrossentropy || loss instanceof CategoricalCrossentropy
                || loss instanceof SparseCategoricalCrossentropy)) {
            double smoothing = loss instanceof BinaryCrossentropy b ? b.getLabelSmoothing()
                    : loss instanceof CategoricalCrossentropy c ? c.getLabelSmoothing() : 0;
            return new KerasLoss(loss.getName(), loss.isFromLogits(), smoothing,
                    loss instanceof Huber h ? h.getDelta() : 1.0);
        }
        if (loss instanceof MeanSquaredError) {
            return new LossMSE();
        }
        if (loss instanceof MeanAbsoluteError) {
            return new LossMAE();
        }
        if (loss instanceof BinaryCrossentropy) {
            // DL4J sums over the outputs, Keras averages: per-output weights of 1/units make them equal.
            return new LossBinaryXENT(Loss.EPSILON,
                    units == 1 ? null : Nd4j.valueArrayOf(new long[] {1, units}, 1.0 / units, DataType.FLOAT));
        }
        if (loss instanceof CategoricalCrossentropy) {
            return new LossMCXENT(Loss.EPSILON, null);
        }
        if (loss instanceof SparseCategoricalCrossentropy) {
            return new LossSparseMCXENT();
        }
        throw new IllegalArgumentException("LossLowering: no DL4J form for the loss " + loss + ".");
    }

    /**
     * The mean over the batch of a loss, as DL4J computes it.
     *
     * @param loss        a keras4j loss
     * @param labels      the targets, already shaped as DL4J wants them ([batch, outputs], or [batch, 1]
     *                    class ids for sparse losses)
     * @param predictions the predictions [batch, outputs], already clipped where the loss wants it
     * @return the mean loss
     */
    public static double score(Loss loss, INDArray labels, INDArray predictions) {
        return of(loss, (int) predictions.size(1))
                .computeScore(labels, predictions, new ActivationIdentity(), null, true);
    }

    /**
     * Each sample's loss, as DL4J computes it.
     *
     * @param loss        a keras4j loss
     * @param labels      the targets, shaped as for {@link #score}
     * @param predictions the predictions, as for {@link #score}
     * @return the losses [batch, 1]
     */
    public static INDArray scores(Loss loss, INDArray labels, INDArray predictions) {
        return of(loss, (int) predictions.size(1))
                .computeScoreArray(labels, predictions, new ActivationIdentity(), null);
    }
}
