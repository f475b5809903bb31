package keras4j.backend.dl4j;

import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

import keras4j.internal.AdadeltaUpdater;
import keras4j.internal.AdagradUpdater;
import keras4j.internal.AdamaxUpdater;
import keras4j.internal.KerasSchedule;
import keras4j.internal.MomentumUpdater;
import keras4j.internal.RMSpropUpdater;
import keras4j.optimizers.Adadelta;
import keras4j.optimizers.Adagrad;
import keras4j.optimizers.Adam;
import keras4j.optimizers.AdamW;
import keras4j.optimizers.Adamax;
import keras4j.optimizers.MomentOptimizer;
import keras4j.optimizers.Nadam;
import keras4j.optimizers.Optimizer;
import keras4j.optimizers.RMSprop;
import keras4j.optimizers.SGD;

/**
 * Each keras4j optimizer's DL4J form, in one place: the DL4J updater that moves a network's weights,
 * with the optimizer's parameters carried over unchanged, and its schedule as a {@link KerasSchedule}.
 * Weight decay and gradient clipping aren't the updater's: {@link KerasGradients} applies them.
 *
 * <pre>{@code
 * IUpdater adam = OptimizerLowering.of(new Adam(3e-4));               // DL4J's Adam(3e-4, 0.9, 0.999, 1e-7)
 * IUpdater momentum = OptimizerLowering.of(new SGD(0.01, 0.9, false)); // keras4j's MomentumUpdater
 * }</pre>
 */
public final class OptimizerLowering {
    private OptimizerLowering() {
    }

    /**
     * @param optimizer a keras4j optimizer
     * @return a new DL4J updater doing its steps
     */
    public static IUpdater of(Optimizer optimizer) {
        IUpdater updater = constant(optimizer);
        if (optimizer.getSchedule() != null) {
            updater.setLrAndSchedule(optimizer.getLearningRate(), new KerasSchedule(optimizer.getSchedule()));
        }
        return updater;
    }

    private static IUpdater constant(Optimizer optimizer) {
        double lr = optimizer.getLearningRate();
        if (optimizer instanceof SGD sgd) {
            if (sgd.getMomentum() == 0) {
                return new Sgd(lr);
            }
            // DL4J's Nesterovs is Keras's nesterov=True; plain momentum has no DL4J updater, so keras4j has one.
            return sgd.isNesterov() ? new Nesterovs(lr, sgd.getMomentum()) : new MomentumUpdater(lr, sgd.getMomentum());
        }
        if (optimizer instanceof Adam || optimizer instanceof AdamW) {
            // AdamW: Adam's step; the decoupled weight decay is KerasGradients' (every optimizer's weight_decay)
            MomentOptimizer adam = (MomentOptimizer) optimizer;
            return adam.isAmsgrad() ? new AMSGrad(lr, adam.getBeta1(), adam.getBeta2(), adam.getEpsilon())
                    : new org.nd4j.linalg.learning.config.Adam(lr, adam.getBeta1(), adam.getBeta2(), adam.getEpsilon());
        }
        if (optimizer instanceof Nadam nadam) {
            return new org.nd4j.linalg.learning.config.Nadam(lr, nadam.getBeta1(), nadam.getBeta2(),
                    nadam.getEpsilon());
        }
        if (optimizer instanceof Adamax adamax) {
            // DL4J's AdaMax adds 1e-32 in place of epsilon
            return new AdamaxUpdater(lr, adamax.getBeta1(), adamax.getBeta2(), adamax.getEpsilon());
        }
        if (optimizer instanceof RMSprop rmsprop) {
            if (rmsprop.getMomentum() > 0 || rmsprop.isCentered()) {
                return new RMSpropUpdater(lr, rmsprop.getRho(), rmsprop.getMomentum(), rmsprop.getEpsilon(),
                        rmsprop.isCentered());
            }
            return new RmsProp(lr, rmsprop.getRho(), rmsprop.getEpsilon());
        }
        if (optimizer instanceof Adagrad adagrad) {
            if (adagrad.getInitialAccumulatorValue() > 0) {
                return new AdagradUpdater(lr, adagrad.getInitialAccumulatorValue(), adagrad.getEpsilon());
            }
            // what keras4j's Adagrad was before initial_accumulator_value: files saved so keep training so
            return new AdaGrad(lr, adagrad.getEpsilon());
        }
        if (optimizer instanceof Adadelta adadelta) {
            // DL4J's AdaDelta has no learning rate
            return new AdadeltaUpdater(lr, adadelta.getRho(), adadelta.getEpsilon());
        }
        throw new IllegalArgumentException("OptimizerLowering: no DL4J form for the optimizer " + optimizer + ".");
    }
}
