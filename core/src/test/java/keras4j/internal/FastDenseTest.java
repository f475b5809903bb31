package keras4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import keras4j.Arrays2;

/** FastDense computes what DL4J's DenseLayer computes: same outputs, same training trajectory. */
class FastDenseTest {
    private static MultiLayerNetwork network(boolean fast) {
        DenseLayer first = new DenseLayer.Builder().nOut(32).activation(Activation.RELU).build();
        DenseLayer second = new DenseLayer.Builder().nOut(16).activation(Activation.SIGMOID).build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).updater(new Adam(0.01)).list()
                .layer(fast ? FastDense.of(first) : first)
                .layer(fast ? FastDense.of(second) : second)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.feedForward(10)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void trainsExactlyLikeDl4jsDenseLayer() {
        MultiLayerNetwork plain = network(false);
        MultiLayerNetwork fast = network(true);
        assertTrue(fast.getLayer(0) instanceof FastDense.Impl);
        assertEquals(plain.params(), fast.params());
        for (int step = 0; step < 20; step++) {
            INDArray x = Arrays2.random(step, 8, 10);
            INDArray y = org.nd4j.linalg.factory.Nd4j.eye(3).getRows(step % 3, (step + 1) % 3, 0, 1, 2, 0, 1, 2);
            plain.fit(new DataSet(x, y));
            fast.fit(new DataSet(x, y));
        }
        INDArray difference = plain.params().sub(fast.params());
        assertTrue(difference.amaxNumber().doubleValue() < 1e-6, "max difference " + difference.amaxNumber());
        INDArray x = Arrays2.random(99, 5, 10);
        assertTrue(plain.output(x).sub(fast.output(x)).amaxNumber().doubleValue() < 1e-6);
    }
}
