package keras4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Arrays2;
import keras4j.Functional;
import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.Sequential;
import keras4j.graph.KerasTensor;
import keras4j.utils.GradientCheck;

/**
 * Reshape keeps each sample's values in Keras's row-major order: into images a Conv2D reads, out of
 * them, and between other ranks; in Sequential and Functional models, with exact gradients.
 */
class ReshapeTest {
    @TempDir
    Path temp;

    private static final INDArray KERNEL = Arrays2.random(2, 2, 2, 3, 2);
    private static final INDArray BIAS = Arrays2.f(0.1, -0.2);

    /** @return x reshaped as Keras does (row-major), through a 2x2 convolution, flattened */
    private static float[] expected(INDArray x, int h, int w, int c) {
        INDArray images = x.dup('c').reshape('c', x.size(0), h, w, c);
        return ForwardByHandTest.referenceConv(images, KERNEL, BIAS, 1, "valid");
    }

    @Test
    void vectorsAndTablesBecomeImagesAConvolutionReads() {
        for (int[] in : new int[][] {{27}, {9, 3}, {3, 9, 1}}) {
            Sequential model = new Sequential(new Input(in), new Reshape(3, -1, 3), new Conv2D(2, 2).name("c"),
                    new Flatten());
            model.getLayer("c").setWeights(List.of(KERNEL, BIAS));
            long[] shape = new long[in.length + 1];
            shape[0] = 4;
            for (int i = 0; i < in.length; i++) {
                shape[i + 1] = in[i];
            }
            INDArray x = Arrays2.random(3, shape);
            INDArray copy = x.dup();
            assertArrayEquals(expected(x, 3, 3, 3), model.predict(x).reshape(4 * 8).toFloatVector(), 1e-5f,
                    java.util.Arrays.toString(in));
            assertEquals(copy, x, "predict left x as it was");

            KerasTensor t = Input.tensor(in);
            Functional functional = new Functional(t, new Flatten().apply(new Conv2D(2, 2).name("c").apply(
                    new Reshape(3, 3, 3).apply(t))));
            functional.getLayer("c").setWeights(List.of(KERNEL, BIAS));
            assertArrayEquals(expected(x, 3, 3, 3), functional.predict(x).reshape(4 * 8).toFloatVector(), 1e-5f);
        }
    }

    @Test
    void anImageReshapedKeepsItsChannelsLastOrder() {
        INDArray x = Arrays2.random(4, 2, 3, 4, 2);
        INDArray out = Sequential.of(new Input(3, 4, 2), new Reshape(4, -1), new Activation("linear")).predict(x);
        assertArrayEquals(new long[] {2, 4, 6}, out.shape());
        assertEquals(x.dup('c').reshape('c', 2, 4, 6), out);
        INDArray rows = Sequential.of(new Input(3, 4, 2), new Reshape(6, 4), new Softmax(1)).predict(x);
        INDArray e = org.nd4j.linalg.ops.transforms.Transforms.exp(x.dup('c').reshape('c', 2, 6, 4), true);
        assertTrue(e.div(e.sum(true, 1)).equalsWithEps(rows, 1e-5), "Softmax over the reshaped rows");
    }

    @Test
    void gradientsFlowBackThroughReshapesAndTheModelSavesAndLoads() throws Exception {
        Sequential model = Sequential.of(new Input(12), new Reshape(2, 2, 3), new Conv2D(2, 1, "tanh"),
                new Reshape(4, 2), new Reshape(2, 2, 2), new PReLU().alphaInitializer("ones").name("p"),
                new Reshape(8), new Dense(3, "softmax"));
        model.compile("adam", "categorical_crossentropy");
        INDArray x = Arrays2.random(6, 4, 12);
        INDArray y = Nd4j.eye(3).getRows(0, 1, 2, 0);
        assertTrue(GradientCheck.check(model, x, y), "backprop agrees with numerical gradients");
        model.fit(x, y, new keras4j.FitOptions().epochs(1).verbose(0));
        Path file = temp.resolve("reshape.keras4j");
        model.save(file);
        Model loaded = Model.load(file);
        assertEquals(model.predict(x), loaded.predict(x));
        assertEquals(model.summary(), loaded.summary());
        assertTrue(model.summary().contains("(None, 2, 2, 3)"), model.summary());
    }

    @Test
    void permuteTransposesEachSamplesAxes() {
        INDArray tables = Arrays2.random(5, 3, 4, 5);
        INDArray out = Sequential.of(new Input(4, 5), new Permute(2, 1), new Activation("linear")).predict(tables);
        assertEquals(tables.permute(0, 2, 1).dup('c'), out);
        INDArray images = Arrays2.random(6, 2, 3, 4, 2);
        KerasTensor t = Input.tensor(3, 4, 2);
        Functional model = new Functional(t, new Permute(3, 1, 2).apply(t));
        assertEquals(images.permute(0, 3, 1, 2).dup('c'), model.predict(images));
        // Into a convolution, and back through it with exact gradients.
        Sequential conv = Sequential.of(new Input(3, 4, 2), new Permute(2, 3, 1), new Conv2D(2, 2, "tanh"),
                new Permute(3, 2, 1), new Flatten(), new Dense(3, "softmax"));
        conv.compile("adam", "categorical_crossentropy");
        assertTrue(GradientCheck.check(conv, Arrays2.random(7, 4, 3, 4, 2), Nd4j.eye(3).getRows(0, 1, 2, 0)));
        Keras4jException bad = assertThrows(Keras4jException.class, () -> new Permute(1, 3));
        assertTrue(bad.getMessage().startsWith("Permute: Invalid permutation argument `dims` for Permute Layer."),
                bad.getMessage());
        Keras4jException rank = assertThrows(Keras4jException.class, () -> new Permute(2, 1).name("p")
                .computeOutputShape(new int[] {3, 4, 2}));
        assertTrue(rank.getMessage().contains("layer 'p' (Permute)") && rank.getMessage().contains("ndim=3"),
                rank.getMessage());
    }

    @Test
    void aModelOfOnlyShapeLayersOrEndingInAPermutePredicts() {
        INDArray x = Arrays2.random(4, 2, 3, 4, 2);
        assertEquals(x.dup('c').reshape('c', 2, 24), Sequential.of(new Input(3, 4, 2), new Flatten()).predict(x));
        assertEquals(x.dup('c').reshape('c', 2, 4, 6), Sequential.of(new Input(3, 4, 2), new Reshape(4, 6))
                .predict(x));
        assertEquals(x.permute(0, 2, 1, 3).dup('c'), Sequential.of(new Input(3, 4, 2), new Permute(2, 1, 3))
                .predict(x));
        assertEquals(x.permute(0, 3, 2, 1).dup('c').reshape('c', 2, 24), Sequential.of(new Input(3, 4, 2),
                new Activation("linear"), new Permute(3, 2, 1), new Reshape(24)).predict(x));
    }

    @Test
    void repeatVectorRepeatsEachSampleAndSumsItsGradients() throws Exception {
        INDArray x = Arrays2.random(8, 3, 4);
        INDArray repeated = Sequential.of(new Input(4), new RepeatVector(2)).predict(x);
        assertArrayEquals(new long[] {3, 2, 4}, repeated.shape());
        for (int copy = 0; copy < 2; copy++) {
            assertEquals(x, repeated.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(copy), org.nd4j.linalg.indexing.NDArrayIndex.all()));
        }
        KerasTensor t = Input.tensor(4);
        assertEquals(repeated, new Functional(t, new RepeatVector(2).apply(t)).predict(x));
        Sequential model = Sequential.of(new Input(4), new Dense(3, "tanh"), new RepeatVector(2), new Permute(2, 1),
                new Flatten(), new Dense(3, "softmax"));
        model.compile("adam", "categorical_crossentropy");
        INDArray y = Nd4j.eye(3).getRows(0, 1, 2);
        assertTrue(GradientCheck.check(model, x, y), "backprop agrees with numerical gradients");
        Path file = temp.resolve("repeat.keras4j");
        model.save(file);
        assertEquals(model.predict(x), Model.load(file).predict(x));
        Keras4jException n = assertThrows(Keras4jException.class, () -> new RepeatVector(0));
        assertEquals("RepeatVector: Argument `n` should be a positive integer. Received: n=0.", n.getMessage());
        Keras4jException rank = assertThrows(Keras4jException.class, () -> new RepeatVector(2).computeOutputShape(
                new int[] {2, 3}));
        assertTrue(rank.getMessage().contains("(RepeatVector)") && rank.getMessage().contains("ndim=2"),
                rank.getMessage());
    }

    @Test
    void badTargetShapesGetKerasMessages() {
        Keras4jException twoUnknown = assertThrows(Keras4jException.class, () -> new Reshape(-1, 2, -1));
        assertTrue(twoUnknown.getMessage().startsWith("Reshape: target_shape can contain at most one dimension of -1"),
                twoUnknown.getMessage());
        assertThrows(Keras4jException.class, () -> new Reshape(0, 3));
        Keras4jException size = assertThrows(Keras4jException.class, () -> new Reshape(5, 5).name("r")
                .computeOutputShape(new int[] {24}));
        assertTrue(size.getMessage().contains("layer 'r' (Reshape)") && size.getMessage().contains("(None, 24)")
                && size.getMessage().contains("The total size of the tensor must be unchanged"), size.getMessage());
        Keras4jException indivisible = assertThrows(Keras4jException.class, () -> new Reshape(-1, 5)
                .computeOutputShape(new int[] {24}));
        assertTrue(indivisible.getMessage().contains("a multiple of 5 values"), indivisible.getMessage());
        assertEquals(List.of(2, -1), new Reshape(2, -1).getConfig().get("target_shape"));
        assertArrayEquals(new int[] {2, 12}, ((Reshape) Layer.fromConfig("Reshape", Map.of("target_shape",
                List.of(2, -1)))).computeOutputShape(new int[] {4, 6}));
    }
}
