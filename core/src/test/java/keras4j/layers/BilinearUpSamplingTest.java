package keras4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Functional;
import keras4j.Keras4jException;
import keras4j.Sequential;
import keras4j.graph.KerasTensor;

/**
 * UpSampling2D(interpolation="bilinear") against TensorFlow's half-pixel bilinear resize worked out
 * by hand (output row i reads the input at (i + 0.5) / size - 0.5, clamped to the image), in a
 * Sequential and a Functional model, and its config.
 */
class BilinearUpSamplingTest {
    private static float[] flat(INDArray a) {
        return a.reshape(a.length()).toFloatVector();
    }

    @Test
    void aTwoByTwoImageDoublesAsTensorFlowResizesIt() {
        Sequential model = Sequential.of(new Input(2, 2, 1), new UpSampling2D(2).interpolation("bilinear"));
        INDArray x = Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {1, 2, 2, 1}, 'c');
        // tf.image.resize([[1, 2], [3, 4]], (4, 4), "bilinear")
        assertArrayEquals(new float[] {
            1, 1.25f, 1.75f, 2,
            1.5f, 1.75f, 2.25f, 2.5f,
            2.5f, 2.75f, 3.25f, 3.5f,
            3, 3.25f, 3.75f, 4}, flat(model.predict(x)), 1e-6f);
    }

    @Test
    void unevenFactorsAndChannelsInAFunctionalModel() {
        KerasTensor in = Input.tensor(1, 2, 2);
        KerasTensor out = new UpSampling2D(2, 3).interpolation("Bilinear").apply(in);
        Functional model = new Functional(in, new Activation("linear").apply(out));
        // Channel 0 is [1, 2], channel 1 its tenfold; rows: one row read twice.
        INDArray x = Nd4j.create(new float[] {1, 10, 2, 20}, new long[] {1, 1, 2, 2}, 'c');
        INDArray y = model.predict(x);
        assertArrayEquals(new long[] {1, 2, 6, 2}, y.shape());
        float[] row = {1, 1, 4 / 3f, 5 / 3f, 2, 2};   // columns at -1/3, 0, 1/3, 2/3, 1, 4/3
        float[] expected = new float[24];
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 6; c++) {
                expected[(r * 6 + c) * 2] = row[c];
                expected[(r * 6 + c) * 2 + 1] = 10 * row[c];
            }
        }
        assertArrayEquals(expected, flat(y), 1e-5f);
    }

    @Test
    void theInterpolationIsInTheConfigAndOthersAreRefused() {
        UpSampling2D up = new UpSampling2D(2).interpolation("bilinear");
        assertEquals("bilinear", up.getConfig().get("interpolation"));
        assertEquals("bilinear", ((UpSampling2D) Layer.fromConfig("UpSampling2D", up.getConfig())).getInterpolation());
        assertEquals("nearest", new UpSampling2D().getInterpolation());
        assertThrows(Keras4jException.class, () -> new UpSampling2D().interpolation("bicubic"));
        Keras4jException e = assertThrows(Keras4jException.class, () -> Layer.fromConfig("UpSampling2D",
                Map.of("size", List.of(2, 2), "interpolation", "lanczos5")));
        assertTrue(e.getMessage().contains("lanczos5"), e.getMessage());
    }
}
