package keras4j.benchmarks;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import keras4j.Keras4jException;

/**
 * The benchmark networks written the way a DL4J user writes them (DL4J's own MNIST examples):
 * flattened 784-value images with {@code InputType.convolutionalFlat}, DL4J's default NCHW layout,
 * one-hot labels with negative log-likelihood, Adam(0.001). Same layers and sizes as the keras4j
 * recipes, so the difference in time is the wrapper's.
 *
 * <pre>{@code
 * MultiLayerNetwork net = new MultiLayerNetwork(RawDl4j.configuration("mnist-mlp", 42));
 * }</pre>
 */
public final class RawDl4j {
    private RawDl4j() {
    }

    /**
     * @param network "mnist-mlp", "mnist-cnn" or "lenet5"
     * @param seed    the weights' seed
     * @return the configuration
     */
    public static MultiLayerConfiguration configuration(String network, long seed) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(1e-3, 0.9, 0.999, 1e-7))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .list();
        switch (network) {
            case "mnist-mlp" -> list
                    .layer(new DenseLayer.Builder().nOut(1000).activation(Activation.RELU).build())
                    .layer(output(10));
            case "mnist-cnn" -> list
                    .layer(conv(5, 32, Activation.RELU, ConvolutionMode.Same))
                    .layer(pool(PoolingType.MAX))
                    .layer(conv(2, 64, Activation.RELU, ConvolutionMode.Same))
                    .layer(pool(PoolingType.MAX))
                    .layer(new DropoutLayer.Builder(0.75).build())
                    .layer(new DenseLayer.Builder().nOut(1000).activation(Activation.RELU).build())
                    .layer(output(10));
            case "lenet5" -> list
                    .layer(conv(5, 6, Activation.TANH, ConvolutionMode.Same))
                    .layer(pool(PoolingType.AVG))
                    .layer(conv(5, 16, Activation.TANH, ConvolutionMode.Truncate))
                    .layer(pool(PoolingType.AVG))
                    .layer(new DenseLayer.Builder().nOut(120).activation(Activation.TANH).build())
                    .layer(new DenseLayer.Builder().nOut(84).activation(Activation.TANH).build())
                    .layer(output(10));
            default -> throw new Keras4jException("Unknown benchmark network '" + network
                    + "'; expected mnist-mlp, mnist-cnn or lenet5.");
        }
        return list.setInputType(network.equals("mnist-mlp") ? InputType.feedForward(784)
                : InputType.convolutionalFlat(28, 28, 1)).build();
    }

    private static ConvolutionLayer conv(int kernel, int filters, Activation activation, ConvolutionMode mode) {
        return new ConvolutionLayer.Builder(kernel, kernel).nOut(filters).activation(activation).convolutionMode(mode)
                .build();
    }

    private static SubsamplingLayer pool(PoolingType type) {
        return new SubsamplingLayer.Builder(type).kernelSize(2, 2).stride(2, 2).build();
    }

    private static OutputLayer output(int classes) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD).nOut(classes)
                .activation(Activation.SOFTMAX).build();
    }
}
