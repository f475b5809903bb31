package keras4j.spark.internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Keras4jException;
import keras4j.Model;
import keras4j.backend.dl4j.ChainLowering;
import keras4j.internal.Shapes;

/**
 * Training examples for DL4J's Spark training, checked on the executors: a table's rows become one
 * {@link DataSet} each, shaped as keras4j's network takes them (features {@code [1, n]}, or
 * {@code [1, h, w, c]} for images; labels {@code [1, 1]} class ids for a sparse loss, else
 * {@code [1, units]}); a given RDD of DataSets is checked the same way. A bad row fails the job with
 * a {@link Keras4jException} naming its partition and offset.
 *
 * <pre>{@code
 * Examples examples = Examples.forModel(model, "training data");
 * JavaRDD<DataSet> data = examples.fromTable(table, "features", "label");
 * }</pre>
 */
public final class Examples implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String modelName;
    private final String what;
    /** One example's features as DL4J takes them, with the leading 1. */
    private final long[] featureShape;
    private final int width;
    private final int[] inputShape;
    private final int units;
    private final boolean sparse;
    private final boolean binary;
    private final String lossName;

    private Examples(Model model, String what) {
        if (model.getInputNames().size() != 1 || model.getOutputNames().size() != 1) {
            throw new Keras4jException("Model '" + model.getName() + "' has " + model.getInputNames().size()
                    + " inputs and " + model.getOutputNames().size() + " outputs; keras4j-spark trains and scores "
                    + "models with one input and one output.");
        }
        this.modelName = model.getName();
        this.what = what;
        this.inputShape = model.getInputShape().clone();
        this.width = (int) Shapes.size(inputShape);
        this.featureShape = inputShape.length == 3 && !ChainLowering.flattens(inputShape)
                ? new long[] {1, inputShape[0], inputShape[1], inputShape[2]} : new long[] {1, width};
        int[] out = model.getOutputShape();
        this.units = (int) Shapes.size(out);
        boolean compiled = model.isCompiled();
        this.sparse = compiled && model.getLoss().isSparse();
        this.lossName = compiled ? model.getLoss().getName() : null;
        this.binary = "binary_crossentropy".equals(lossName);
    }

    /**
     * @param model the model the examples are for
     * @param what  the data's description in messages
     * @return the examples' shapes and checks
     */
    public static Examples forModel(Model model, String what) {
        return new Examples(model, what);
    }

    /** @return how many numbers one example's features hold */
    public int width() {
        return width;
    }

    /** @return the model's input shape */
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** @return the features as DL4J takes them for {@code rows} examples */
    public long[] featureShape(long rows) {
        long[] shape = featureShape.clone();
        shape[0] = rows;
        return shape;
    }

    /**
     * @param schema       the table's schema
     * @param featuresCol  its features column
     * @param labelCol     its label column
     * @return the readers of the two columns, checked against the model
     */
    public RowReader[] readers(StructType schema, String featuresCol, String labelCol) {
        RowReader features = RowReader.of(schema, featuresCol, width, inputShape, what, true);
        int labelWidth = sparse ? 1 : units;
        RowReader labels = RowReader.of(schema, labelCol, labelWidth, null, what, true);
        if (labels.isNumber() && labelWidth != 1) {
            throw new Keras4jException("Column '" + labelCol + "' of the " + what + " holds one number per row, but "
                    + "model '" + modelName + "' has " + units + " outputs and the loss " + lossName + " takes " + units
                    + " values per row. Compile with sparse_categorical_crossentropy to train on class ids, or give "
                    + "the labels as arrays of " + units + " values (one-hot).");
        }
        return new RowReader[] {features, labels};
    }

    /**
     * @param partition the partition's index
     * @param rows      its rows
     * @param readers   the readers of {@link #readers}
     * @return one checked example per row
     */
    public Iterator<DataSet> fromRows(int partition, Iterator<Row> rows, RowReader[] readers) {
        TestHooks.atPartitionStart();
        List<DataSet> out = new ArrayList<>();
        long offset = 0;
        while (rows.hasNext()) {
            Row row = rows.next();
            float[] x = readers[0].read(row, partition, offset);
            float[] y = readers[1].read(row, partition, offset);
            checkLabels(y, partition, offset, readers[1]);
            out.add(new DataSet(Nd4j.create(x, featureShape, 'c'), Nd4j.create(y, new long[] {1, y.length}, 'c')));
            offset++;
        }
        return out.iterator();
    }

    /**
     * @param partition the partition's index
     * @param sets      its DataSets (each of one or more examples)
     * @return the same DataSets, each checked
     */
    public Iterator<DataSet> check(int partition, Iterator<DataSet> sets) {
        TestHooks.atPartitionStart();
        List<DataSet> out = new ArrayList<>();
        long offset = 0;
        while (sets.hasNext()) {
            DataSet set = sets.next();
            INDArray x = set.getFeatures();
            INDArray y = set.getLabels();
            if (x == null || y == null) {
                throw badSet(partition, offset, "has no " + (x == null ? "features" : "labels"));
            }
            long n = x.size(0);
            if (x.length() != n * width) {
                throw badSet(partition, offset, "has features of shape " + Arrays.toString(x.shape()) + ": "
                        + (n == 0 ? 0 : x.length() / n) + " values per example, but model '" + modelName + "' takes "
                        + width + " (input shape " + Arrays.toString(inputShape) + ")");
            }
            if (x.rank() != featureShape.length) {
                x = x.reshape('c', featureShape(n));
            }
            long labelWidth = sparse ? 1 : units;
            if (y.size(0) != n || y.length() != n * labelWidth) {
                throw badSet(partition, offset, "has labels of shape " + Arrays.toString(y.shape()) + ", but " + n
                        + " examples of model '" + modelName + "' with loss " + lossName + " need [" + n + ", "
                        + labelWidth + "]" + (sparse ? " (class ids)" : ""));
            }
            if (!finite(x) || !finite(y)) {
                throw badSet(partition, offset, "holds NaN or infinity in its " + (finite(x) ? "labels" : "features")
                        + "; training needs finite numbers");
            }
            out.add(new DataSet(x, y.reshape('c', n, labelWidth), set.getFeaturesMaskArray(),
                    set.getLabelsMaskArray()));
            offset++;
        }
        return out.iterator();
    }

    private static boolean finite(INDArray a) {
        return !a.isNaN().any() && !a.isInfinite().any();
    }

    private Keras4jException badSet(int partition, long offset, String problem) {
        return new Keras4jException("DataSet " + offset + " of partition " + partition + " of the " + what + " "
                + problem + ". Fix or drop it.");
    }

    private void checkLabels(float[] y, int partition, long offset, RowReader labels) {
        if (sparse) {
            float id = y[0];
            if (!(id >= 0 && id < units) || id != Math.floor(id)) {
                throw labels.bad(partition, offset, "holds the class id " + id + ", outside [0, " + units + ")",
                        "Model '" + modelName + "' has " + units + " outputs: labels must be class ids 0 to "
                                + (units - 1) + ".");
            }
        } else if (binary) {
            for (float v : y) {
                if (v < 0 || v > 1) {
                    throw labels.bad(partition, offset, "holds " + v, "binary_crossentropy takes targets in [0, 1].");
                }
            }
        }
    }
}
