package keras4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** ReluBackprop gives exactly DL4J's ReLU backprop, whatever the two arrays' layouts; other activations are DL4J's. */
class ReluBackpropTest {
    @Test
    void equalsDl4jsReluBackprop() {
        Nd4j.getRandom().setSeed(11);
        long[][] shapes = {{100, 1000}, {7, 3}, {4, 6, 6, 5}};
        for (long[] shape : shapes) {
            for (char zOrder : new char[] {'c', 'f'}) {
                for (char eOrder : new char[] {'c', 'f'}) {
                    INDArray z = Nd4j.randn(DataType.FLOAT, shape).dup(zOrder);
                    INDArray epsilon = Nd4j.randn(DataType.FLOAT, shape).dup(eOrder);
                    INDArray expected = new ActivationReLU().backprop(z.dup(zOrder), epsilon).getFirst();
                    INDArray actual = ReluBackprop.into(z, epsilon, new ActivationReLU());
                    assertEquals(expected, actual, java.util.Arrays.toString(shape) + " " + zOrder + "/" + eOrder);
                }
            }
        }
    }

    @Test
    void otherActivationsAreTheirOwn() {
        INDArray z = Nd4j.randn(DataType.FLOAT, 5, 4);
        INDArray epsilon = Nd4j.randn(DataType.FLOAT, 5, 4);
        INDArray capped = new ActivationReLU(6.0, null, null).backprop(z.dup(), epsilon).getFirst();
        assertEquals(capped, ReluBackprop.into(z.dup(), epsilon, new ActivationReLU(6.0, null, null)), "ReLU(max 6)");
        INDArray tanh = new ActivationTanH().backprop(z.dup(), epsilon).getFirst();
        assertEquals(tanh, ReluBackprop.into(z.dup(), epsilon, new ActivationTanH()), "tanh");
        INDArray mine = z.dup();
        assertSame(mine, ReluBackprop.into(mine, epsilon, new ActivationReLU()), "a plain ReLU writes into z");
    }
}
