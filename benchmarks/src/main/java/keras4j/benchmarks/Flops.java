package keras4j.benchmarks;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

import keras4j.Model;
import keras4j.layers.Layer;
import keras4j.models.Recipes;

/**
 * The matrix-multiply work of a benchmark network, counted from its keras4j recipe's layers: each
 * Dense or convolution layer's forward product is {@code 2 x kernel size x output positions}
 * floating-point operations per example. Training counts the forward product, the weight gradient
 * and the input gradient (three products), except for the first layer, whose input gradient no
 * implementation computes. This is the work a float32 GEMM does; element-wise operations,
 * pooling and the optimizer are left out, which is what makes {@code epoch FLOPs / GEMM peak} the
 * time no implementation can beat.
 *
 * <pre>{@code
 * double trainingFlops = Flops.trainingPerExample("mnist-mlp") * 60000;   // 191.8e9
 * }</pre>
 */
final class Flops {
    private Flops() {
    }

    /** @return floating-point operations of one example's forward pass through the network */
    static double inferencePerExample(String network) {
        double total = 0;
        for (double layer : perLayer(network)) {
            total += layer;
        }
        return total;
    }

    /** @return floating-point operations of one example's training step (forward and backward) */
    static double trainingPerExample(String network) {
        double total = 0;
        boolean first = true;
        for (double layer : perLayer(network)) {
            total += (first ? 2 : 3) * layer;
            first = false;
        }
        return total;
    }

    private static List<Double> perLayer(String network) {
        Model model = Recipes.get(network).build();
        int[] shape = model.getInputShape();
        List<Double> flops = new java.util.ArrayList<>();
        for (Layer layer : model.getLayers()) {
            int[] out = layer.computeOutputShape(shape);
            List<INDArray> weights = layer.getWeights();
            if (!weights.isEmpty() && (weights.get(0).rank() == 2 || weights.get(0).rank() == 4)) {
                INDArray kernel = weights.get(0);
                long units = kernel.size(kernel.rank() - 1);
                long positions = 1;
                for (int d : out) {
                    positions *= d;
                }
                flops.add(2.0 * kernel.length() * (positions / units));
            }
            shape = out;
        }
        return flops;
    }
}
