package keras4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Arrays2;
import keras4j.Functional;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.graph.KerasTensor;
import keras4j.layers.Activation;
import keras4j.layers.Dense;
import keras4j.layers.Flatten;
import keras4j.layers.Input;
import keras4j.utils.GradientCheck;

/**
 * gelu is Keras's exact form, value and derivative; softmax runs over a sample's last axis for
 * every rank, and predict returns such samples in their shape. The expected numbers are computed
 * by hand: gelu(x) = x Φ(x), gelu'(x) = Φ(x) + x φ(x), with Φ and φ the standard normal's
 * distribution and density (Keras: {@code keras.activations.gelu(x, approximate=False)}).
 */
class ActivationsTest {
    private static final double[] X = {-3, -2, -1, -0.5, 0, 0.5, 1, 2, 3};
    private static final double[] GELU = {-0.00404969409489031, -0.04550026389635842, -0.15865525393145707,
            -0.15426876936299344, 0, 0.34573123063700656, 0.8413447460685429, 1.9544997361036416, 2.99595030590511};
    private static final double[] GELU_DERIVATIVE = {-0.01194564720418392, -0.08523180107819692,
            -0.08331547058768629, 0.13250487534383712, 0.5, 0.8674951246561629, 1.0833154705876864,
            1.085231801078197, 1.011945647204184};

    @TempDir
    Path temp;

    @Test
    void geluIsKerasExactFormWithItsExactDerivative() {
        INDArray x = Nd4j.createFromArray(X).reshape(1, X.length);
        assertArrayEquals(GELU, Activations.toDl4j("gelu").getActivation(x.dup(), false).toDoubleVector(), 1e-12);
        INDArray gradient = Activations.toDl4j("gelu").backprop(x.dup(), Nd4j.onesLike(x)).getFirst();
        assertArrayEquals(GELU_DERIVATIVE, gradient.toDoubleVector(), 1e-12);
        // The chain rule's epsilon scales it.
        INDArray epsilon = Nd4j.linspace(1, X.length, X.length, DataType.DOUBLE).reshape(1, X.length);
        INDArray scaled = Activations.toDl4j("gelu").backprop(x.dup(), epsilon).getFirst();
        for (int i = 0; i < X.length; i++) {
            assertEquals(GELU_DERIVATIVE[i] * (i + 1), scaled.getDouble(0, i), 1e-12);
        }
    }

    @Test
    void aModelPredictsGeluAndItsGradientsAgreeWithNumericalOnes() throws Exception {
        Sequential model = Sequential.of(new Input(X.length), new Activation("gelu"));
        float[] predicted = model.predict(Nd4j.createFromArray(X).reshape(1, X.length).castTo(DataType.FLOAT))
                .toFloatVector();
        for (int i = 0; i < X.length; i++) {
            assertEquals(GELU[i], predicted[i], 1e-6, "gelu(" + X[i] + ")");
        }

        Sequential trained = Sequential.of(new Input(4), new Dense(5, "gelu"), new Activation("gelu"),
                new Dense(3, "softmax"));
        trained.setSeed(3);
        trained.compile("adam", "sparse_categorical_crossentropy");
        INDArray x = Arrays2.random(1, 6, 4).mul(2);
        INDArray y = Arrays2.classIds(2, 6, 3);
        assertTrue(GradientCheck.check(trained, x, y), "backprop through gelu agrees with numerical gradients");
        Path file = temp.resolve("gelu.keras4j");
        trained.save(file);
        assertEquals(trained.predict(x), Model.load(file).predict(x), "a saved model predicts the same gelu");
    }

    /** @return softmax over the last axis of a [n, rows, last] array, by hand */
    private static double[][][] softmaxByHand(INDArray x) {
        long n = x.size(0);
        long rows = x.length() / n / x.size(x.rank() - 1);
        int last = (int) x.size(x.rank() - 1);
        INDArray runs = x.reshape('c', n, rows, last);
        double[][][] out = new double[(int) n][(int) rows][last];
        for (int b = 0; b < n; b++) {
            for (int r = 0; r < rows; r++) {
                double sum = 0;
                for (int k = 0; k < last; k++) {
                    out[b][r][k] = Math.exp(runs.getDouble(b, r, k));
                    sum += out[b][r][k];
                }
                for (int k = 0; k < last; k++) {
                    out[b][r][k] /= sum;
                }
            }
        }
        return out;
    }

    private static void assertSoftmaxOverLastAxis(INDArray x, INDArray predicted) {
        assertArrayEquals(x.shape(), predicted.shape(), "predict returns samples in their shape");
        double[][][] expected = softmaxByHand(x);
        INDArray runs = predicted.reshape('c', expected.length, expected[0].length, expected[0][0].length);
        for (int b = 0; b < expected.length; b++) {
            for (int r = 0; r < expected[b].length; r++) {
                assertArrayEquals(expected[b][r], runs.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(r), org.nd4j.linalg.indexing.NDArrayIndex.all())
                        .toDoubleVector(), 1e-6, "sample " + b + ", run " + r);
            }
        }
    }

    @Test
    void softmaxRunsOverTheLastAxisOfSamplesOfEveryRank() {
        for (int[] shape : new int[][] {{4, 5}, {2, 3, 2, 3}, {2, 2, 3}, {6}}) {
            long[] batch = Shapes.batched(3, shape);
            INDArray x = Arrays2.random(shape.length, batch).mul(3);
            Sequential sequential = Sequential.of(new Input(shape), new Activation("softmax"));
            assertSoftmaxOverLastAxis(x, sequential.predict(x));
            KerasTensor in = Input.tensor(shape);
            Functional functional = new Functional(in, new Activation("softmax").apply(in));
            assertSoftmaxOverLastAxis(x, functional.predict(x));
        }
    }

    @Test
    void lastAxisSoftmaxBackpropIsEachRunsSoftmaxJacobian() throws Exception {
        INDArray z = Arrays2.random(7, 2, 6).castTo(DataType.DOUBLE);
        INDArray epsilon = Arrays2.random(8, 2, 6).castTo(DataType.DOUBLE);
        INDArray gradient = new LastAxisSoftmax(3).backprop(z.dup(), epsilon).getFirst();
        // Each run of 3: dL/dz = s * (eps - sum(s * eps)).
        double[][][] s = softmaxByHand(z.reshape('c', 2, 2, 3));
        for (int b = 0; b < 2; b++) {
            for (int r = 0; r < 2; r++) {
                double dot = 0;
                for (int k = 0; k < 3; k++) {
                    dot += s[b][r][k] * epsilon.getDouble(b, r * 3 + k);
                }
                for (int k = 0; k < 3; k++) {
                    assertEquals(s[b][r][k] * (epsilon.getDouble(b, r * 3 + k) - dot), gradient.getDouble(b, r * 3 + k),
                            1e-12, "sample " + b + ", run " + r + ", value " + k);
                }
            }
        }
        // A model with it checks its gradients, saves and loads.
        Sequential model = Sequential.of(new Input(2, 3), new Activation("softmax"), new Flatten(),
                new Dense(2, "softmax"));
        model.setSeed(4);
        model.compile("adam", "sparse_categorical_crossentropy");
        INDArray x = Arrays2.random(9, 4, 2, 3).mul(3);
        assertTrue(GradientCheck.check(model, x, Arrays2.classIds(10, 4, 2)));
        Path file = temp.resolve("softmax.keras4j");
        model.save(file);
        assertEquals(model.predict(x), Model.load(file).predict(x), "a saved model predicts the same softmax");
    }
}
