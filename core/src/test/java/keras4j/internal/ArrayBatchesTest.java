package keras4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every epoch yields each row once, with its own features, label and weight, although full-size
 * batches are gathered into shared arrays; a shuffled epoch's order depends only on seed and epoch.
 */
class ArrayBatchesTest {
    @Test
    void eachBatchHoldsTheRowsItNames() {
        int rows = 10;
        // Row r: features (r, 2, 2) filled with r; label r % 3; weight r / 10.
        INDArray x = Nd4j.arange(rows).castTo(DataType.FLOAT).reshape(rows, 1, 1).repeat(1, 2).repeat(2, 2);
        INDArray y = Nd4j.arange(rows).castTo(DataType.FLOAT).fmod(3).reshape(rows, 1);
        INDArray w = Nd4j.arange(rows).castTo(DataType.FLOAT).div(10).reshape(rows, 1);
        ArrayBatches batches = new ArrayBatches(java.util.List.of(x.dup('c')), java.util.List.of(y), w, 4, true, 7);
        String firstEpoch = null;
        for (int epoch = 0; epoch < 3; epoch++) {
            batches.startEpoch(epoch % 2);
            Set<Integer> seen = new HashSet<>();
            StringBuilder order = new StringBuilder();
            while (batches.hasNext()) {
                MultiDataSet batch = batches.next();
                INDArray features = batch.getFeatures(0);
                assertEquals(3, features.rank());
                for (int i = 0; i < features.size(0); i++) {
                    int row = features.getInt(i, 0, 0);
                    assertEquals(4 * row, features.slice(i).sumNumber().intValue(), "row " + row + " intact");
                    assertEquals(row % 3, batch.getLabels(0).getInt(i, 0), "label of row " + row);
                    assertEquals(row / 10f, batch.getLabelsMaskArray(0).getFloat(i, 0), 1e-6, "weight of row " + row);
                    assertTrue(seen.add(row), "row " + row + " twice in one epoch");
                    order.append(row).append(' ');
                }
            }
            assertEquals(rows, seen.size());
            if (epoch == 0) {
                firstEpoch = order.toString();
            } else if (epoch == 2) {
                assertEquals(firstEpoch, order.toString(), "epoch 0's order again");
            }
        }
    }
}
