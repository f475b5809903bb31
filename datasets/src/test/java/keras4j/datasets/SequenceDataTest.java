package keras4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Keras4jException;
import keras4j.datasets.internal.NumpyRandomState;

/** {@link DataUtils#timeseriesDatasetFromArray} and {@link DataUtils#padSequences}, against Keras's documented examples. */
class SequenceDataTest {
    /**
     * Keras's docstring example: data = range(100), sequence_length=10, sampling_rate=2 gives
     * windows [0, 2, ..., 18], [1, 3, ..., 19], ...; with targets data[20:] the first target is 20.
     */
    @Test
    void windowsAreKerasWindows() {
        INDArray data = Nd4j.arange(100).castTo(DataType.FLOAT);
        INDArray targets = data.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(20, 100));
        TimeseriesIterator windows = DataUtils.timeseriesDatasetFromArray(data, targets, 10,
                new TimeseriesOptions().samplingRate(2).batchSize(16));
        DataSet first = windows.next();
        assertArrayEquals(new long[] {16, 10}, first.getFeatures().shape());
        assertArrayEquals(new float[] {0, 2, 4, 6, 8, 10, 12, 14, 16, 18}, first.getFeatures().getRow(0).toFloatVector());
        assertArrayEquals(new float[] {1, 3, 5, 7, 9, 11, 13, 15, 17, 19}, first.getFeatures().getRow(1).toFloatVector());
        assertEquals(20f, first.getLabels().getFloat(0, 0));
        assertEquals(21f, first.getLabels().getFloat(1, 0));
        int count = 16;
        while (windows.hasNext()) {
            count += windows.next().getFeatures().size(0);
        }
        assertEquals(80, count, "min(100 - 9 * 2, 80 targets) windows");
        // stride, start and end index, features: windows of [steps, features] counted from the start index
        INDArray table = Nd4j.arange(40).reshape(20, 2).castTo(DataType.FLOAT);
        TimeseriesIterator strided = DataUtils.timeseriesDatasetFromArray(table, null, 3,
                new TimeseriesOptions().sequenceStride(4).startIndex(2).endIndex(15));
        assertArrayEquals(new long[] {0, 4, 8}, strided.getStartPositions(), "13 steps: starts 0..10, every 4th");
        DataSet batch = strided.next();
        assertArrayEquals(new long[] {3, 3, 2}, batch.getFeatures().shape());
        assertArrayEquals(new float[] {4, 5, 6, 7, 8, 9}, batch.getFeatures().get(
                org.nd4j.linalg.indexing.NDArrayIndex.point(0)).dup().reshape(6).toFloatVector(), "rows 2, 3, 4");
        assertFalse(strided.hasNext());
    }

    @Test
    void shuffledWindowsComeInNumpysOrderAndBadArgumentsAreRefused() {
        INDArray data = Nd4j.arange(30).castTo(DataType.FLOAT);
        TimeseriesIterator shuffled = DataUtils.timeseriesDatasetFromArray(data, data, 5,
                new TimeseriesOptions().shuffle(true).seed(42));
        List<Long> expected = new ArrayList<>(LongStream.range(0, 26).boxed().toList());
        new NumpyRandomState(42).shuffle(expected);
        assertEquals(expected, LongStream.of(shuffled.getStartPositions()).boxed().toList());
        DataSet batch = shuffled.next();
        assertEquals(expected.get(0).floatValue(), batch.getFeatures().getFloat(0, 0));
        assertEquals(expected.get(0).floatValue(), batch.getLabels().getFloat(0, 0), "a window keeps its target");
        Keras4jException e = assertThrows(Keras4jException.class, () -> DataUtils.timeseriesDatasetFromArray(data,
                null, 40, new TimeseriesOptions()));
        assertTrue(e.getMessage().contains("no window of 40 steps"), e.getMessage());
        e = assertThrows(Keras4jException.class, () -> new TimeseriesOptions().samplingRate(0));
        assertTrue(e.getMessage().contains("sampling_rate must be higher than 0"), e.getMessage());
        e = assertThrows(Keras4jException.class, () -> DataUtils.timeseriesDatasetFromArray(data, null, 3,
                new TimeseriesOptions().startIndex(5).endIndex(4)));
        assertTrue(e.getMessage().contains("end_index must be higher than start_index"), e.getMessage());
    }

    /** Keras's pad_sequences: zeros and cuts at the start by default. */
    @Test
    void sequencesArePaddedAndCutAsKerasDoes() {
        int[][] sequences = {{1}, {2, 3}, {4, 5, 6}};
        assertArrayEquals(new int[][] {{0, 0, 1}, {0, 2, 3}, {4, 5, 6}}, DataUtils.padSequences(sequences).toIntMatrix());
        assertArrayEquals(new int[][] {{1, -1}, {2, 3}, {5, 6}},
                DataUtils.padSequences(sequences, 2, "post", "pre", -1).toIntMatrix());
        assertArrayEquals(new int[][] {{1, 0}, {2, 3}, {4, 5}},
                DataUtils.padSequences(sequences, 2, "post", "post", 0).toIntMatrix());
        assertEquals(DataType.INT32, DataUtils.padSequences(sequences).dataType());
        Keras4jException e = assertThrows(Keras4jException.class,
                () -> DataUtils.padSequences(sequences, 2, "middle", "pre", 0));
        assertTrue(e.getMessage().contains("padding must be \"pre\" or \"post\""), e.getMessage());
    }
}
