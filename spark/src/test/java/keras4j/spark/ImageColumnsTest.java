package keras4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import keras4j.Keras4jException;
import keras4j.Sequential;
import keras4j.layers.Dense;
import keras4j.layers.Flatten;
import keras4j.layers.Input;

/** Scoring images given as file paths or as bytes: decoded to the model's input, scaled to [0, 1]. */
class ImageColumnsTest {
    @TempDir
    Path temp;

    @Test
    void imagePathsAndBytesScoreAsTheirPixels() throws Exception {
        SparkSession spark = LocalSpark.session();
        // uncompiled: any model scores (shipped as its Keras file)
        Sequential model = Sequential.of(new Input(8, 8, 1), new Flatten(), new Dense(3, "softmax"));
        model.setSeed(4);
        int n = 6;
        float[] pixels = new float[n * 64];
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    int v = (i * 37 + x * 23 + y * 11) % 256;
                    image.getRaster().setSample(x, y, 0, v);
                    pixels[i * 64 + y * 8 + x] = v / 255f;
                }
            }
            Path file = temp.resolve("image" + i + ".png");
            ImageIO.write(image, "png", file.toFile());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(image, "png", bytes);
            rows.add(RowFactory.create((long) i, file.toString(), bytes.toByteArray()));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType, false)
                .add("path", DataTypes.StringType, false).add("image", DataTypes.BinaryType, false);
        Dataset<Row> table = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(rows, 2), schema);
        INDArray expected = model.predict(Nd4j.create(pixels, new long[] {n, 8, 8, 1}, 'c'));
        for (String column : List.of("path", "image")) {
            List<Row> scored = new SparkPredictor(spark, model).featuresCol(column).transform(table)
                    .select("id", "probability").collectAsList();
            assertEquals(n, scored.size());
            for (Row row : scored) {
                List<Double> p = row.getList(1);
                assertArrayEquals(expected.getRow(row.getLong(0)).toDoubleVector(),
                        p.stream().mapToDouble(Double::doubleValue).toArray(), 1e-6, column + " row " + row.getLong(0));
            }
        }
        Sequential vectors = Sequential.of(new Input(64), new Dense(3, "softmax"));
        Keras4jException e = org.junit.jupiter.api.Assertions.assertThrows(Keras4jException.class,
                () -> new SparkPredictor(spark, vectors).featuresCol("path").transform(table));
        assertTrue(e.getMessage().startsWith("Column 'path' of the input table holds text (read as image paths), but "
                + "the model's input has shape [64]"), e.getMessage());
    }
}
