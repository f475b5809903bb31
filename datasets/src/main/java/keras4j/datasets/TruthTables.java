package keras4j.datasets;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The XOR, AND and OR truth tables, as Keras users write them for their first network:
 * x {@code [[0,0],[0,1],[1,0],[1,1]]} and y the gate's output, one class id per row.
 *
 * <pre>{@code
 * LabeledData xor = TruthTables.xor();   // x [4, 2], y [0, 1, 1, 0]
 * INDArray yColumn = xor.y().reshape(4, 1);   // for one sigmoid output unit
 * }</pre>
 */
public final class TruthTables {
    private static final float[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};

    private TruthTables() {
    }

    /** @return x {@code [4, 2]}, y {@code [0, 1, 1, 0]} */
    public static LabeledData xor() {
        return table(0, 1, 1, 0);
    }

    /** @return x {@code [4, 2]}, y {@code [0, 0, 0, 1]} */
    public static LabeledData and() {
        return table(0, 0, 0, 1);
    }

    /** @return x {@code [4, 2]}, y {@code [0, 1, 1, 1]} */
    public static LabeledData or() {
        return table(0, 1, 1, 1);
    }

    private static LabeledData table(float... outputs) {
        return new LabeledData(Nd4j.createFromArray(INPUTS), Nd4j.createFromArray(outputs));
    }
}
