package keras4j.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import keras4j.Arrays2;
import keras4j.Sequential;
import keras4j.layers.AveragePooling2D;
import keras4j.layers.BatchNormalization;
import keras4j.layers.Conv2D;
import keras4j.layers.Dense;
import keras4j.layers.Flatten;
import keras4j.layers.Input;
import keras4j.layers.MaxPooling2D;

/**
 * Reusing forward results in backprop (DL4J's cache mode) trains exactly as recomputing them.
 * (Without dropout: recomputing draws dropout masks from the generator a different number of times,
 * so the two runs would see different, equally valid, masks.)
 */
class CacheModeTest {
    private static MultiLayerNetwork network(CacheMode mode) {
        Sequential model = Sequential.of(new Input(8, 8, 2),
                new Conv2D(4, 3).padding("same").activation("relu"), new MaxPooling2D(2),
                new Conv2D(6, 2).strides(2).activation("tanh"), new BatchNormalization(), new AveragePooling2D(1),
                new Flatten(), new Dense(8, "relu"), new Dense(3, "softmax"));
        model.setSeed(3);
        model.compile("adam", "categorical_crossentropy");
        MultiLayerConfiguration conf = model.toDl4j().getLayerWiseConfigurations().clone();
        conf.setCacheMode(mode);
        for (var layer : conf.getConfs()) {
            layer.setCacheMode(mode);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init(model.toDl4j().params().dup(), true);
        return net;
    }

    @Test
    void cachedAndRecomputedBackpropAgree() {
        MultiLayerNetwork cached = network(CacheMode.DEVICE);
        MultiLayerNetwork recomputed = network(CacheMode.NONE);
        for (int step = 0; step < 10; step++) {
            INDArray x = Arrays2.random(step, 6, 8, 8, 2);
            INDArray y = org.nd4j.linalg.factory.Nd4j.eye(3).getRows(0, 1, 2, 0, 1, 2);
            org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(step);
            cached.fit(new DataSet(x, y));
            org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(step);
            recomputed.fit(new DataSet(x, y));
        }
        double difference = cached.params().sub(recomputed.params()).amaxNumber().doubleValue();
        assertTrue(difference < 1e-5, "max parameter difference " + difference);
    }
}
