package keras4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import keras4j.Arrays2;
import keras4j.Sequential;
import keras4j.backend.dl4j.ChainLowering;
import keras4j.layers.Conv2D;
import keras4j.layers.Dense;
import keras4j.layers.Flatten;
import keras4j.layers.Input;

/**
 * NativeConv2D computes what DL4J's ConvolutionLayer computes: same outputs and the same training
 * trajectory (so the same weight, bias and input gradients), in both data layouts, with "same" and
 * "valid" padding, strides, dilation and no bias. The second convolution receives the first one's
 * input gradient, so input gradients are compared too.
 */
class NativeConv2DTest {
    private static MultiLayerNetwork network(boolean nativeOps, CNN2DFormat format, ConvolutionMode mode,
                                             int stride, int dilation, boolean bias) {
        ConvolutionLayer first = new ConvolutionLayer.Builder(3, 3).nOut(5).stride(stride, stride)
                .dilation(dilation, dilation).convolutionMode(mode).dataFormat(format).hasBias(bias)
                .activation(Activation.RELU).build();
        ConvolutionLayer second = new ConvolutionLayer.Builder(2, 2).nOut(4).convolutionMode(mode)
                .dataFormat(format).activation(Activation.TANH).build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(11).updater(new Adam(0.01)).list()
                .layer(nativeOps ? NativeConv2D.of(first) : first)
                .layer(nativeOps ? NativeConv2D.of(second) : second)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(9, 9, 2, format)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @ParameterizedTest(name = "{0} {1} stride {2} dilation {3} bias {4}")
    @CsvSource({"NHWC, Same, 1, 1, true", "NHWC, Truncate, 2, 1, false", "NHWC, Same, 2, 2, true",
        "NCHW, Same, 1, 1, true", "NCHW, Truncate, 1, 2, true"})
    void trainsExactlyLikeDl4jsConvolutionLayer(CNN2DFormat format, ConvolutionMode mode, int stride, int dilation,
                                                boolean bias) {
        MultiLayerNetwork plain = network(false, format, mode, stride, dilation, bias);
        MultiLayerNetwork fast = network(true, format, mode, stride, dilation, bias);
        assertTrue(fast.getLayer(0) instanceof NativeConv2D.Impl);
        assertEquals(plain.params(), fast.params());
        long[] shape = format == CNN2DFormat.NHWC ? new long[] {6, 9, 9, 2} : new long[] {6, 2, 9, 9};
        INDArray probe = Arrays2.random(99, shape);
        assertTrue(plain.output(probe).equalsWithEps(fast.output(probe), 1e-5), "outputs before training");
        for (int step = 0; step < 15; step++) {
            INDArray x = Arrays2.random(step, shape);
            INDArray y = Nd4j.eye(3).getRows(step % 3, (step + 1) % 3, 0, 1, 2, 0);
            plain.fit(new DataSet(x, y));
            fast.fit(new DataSet(x, y));
        }
        double difference = plain.params().sub(fast.params()).amaxNumber().doubleValue();
        assertTrue(difference < 1e-4, "max parameter difference " + difference);
        assertTrue(plain.output(probe).equalsWithEps(fast.output(probe), 1e-4), "outputs after training");
    }

    /** A network saved before Conv2D ran on native operations loads as the native-op layer, state intact. */
    @Test
    void upgradesANetworkSavedWithDl4jsConvolutionLayer() {
        Sequential model = Sequential.of(new Input(6, 6, 1), new Conv2D(3, 3).activation("relu"), new Flatten(),
                new Dense(4, "relu"), new Dense(2, "softmax"));
        model.compile("adam", "sparse_categorical_crossentropy");
        MultiLayerNetwork current = model.toDl4j();
        MultiLayerConfiguration oldConf = current.getLayerWiseConfigurations().clone();
        for (NeuralNetConfiguration layer : oldConf.getConfs()) {
            if (layer.getLayer() instanceof NativeConv2D conv) {
                layer.setLayer(LayerConfs.copy(conv, new ConvolutionLayer(), ConvolutionLayer.class));
            } else if (layer.getLayer() instanceof FastDense dense) {
                layer.setLayer(LayerConfs.copy(dense, new DenseLayer(), DenseLayer.class));
            }
        }
        MultiLayerNetwork old = new MultiLayerNetwork(oldConf);
        old.init(current.params().dup(), true);
        INDArray x = Arrays2.random(1, 5, 6, 6, 1);
        old.fit(new DataSet(x, Nd4j.create(new float[] {0, 1, 1, 0, 1}, 5, 1)));

        ChainLowering.Plan plan = new ChainLowering.Plan(current.getLayerWiseConfigurations(), null, false, null);
        MultiLayerNetwork upgraded = ChainLowering.upgrade(plan, old);
        assertTrue(upgraded.getLayer(0) instanceof NativeConv2D.Impl);
        assertTrue(upgraded.getLayer(1) instanceof FastDense.Impl);
        assertEquals(old.params(), upgraded.params());
        assertEquals(old.getUpdater().getStateViewArray(), upgraded.getUpdater().getStateViewArray());
        assertEquals(oldConf.getIterationCount(), upgraded.getLayerWiseConfigurations().getIterationCount());
        assertTrue(old.output(x).equalsWithEps(upgraded.output(x), 1e-6));
        assertSame(current, ChainLowering.upgrade(plan, current));
    }
}
