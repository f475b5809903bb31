package keras4j.spark.internal;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import keras4j.Keras4jException;

/**
 * Reads one column of a Spark row as a model's numbers, checked, naming the row by partition and
 * offset when it is wrong: an array or ML vector of numbers (its width the model's), a single
 * number (a class id or target), an image file's path or an image's bytes (decoded, resized to the
 * model's input and scaled to [0, 1]).
 *
 * <pre>{@code
 * RowReader features = RowReader.of(table.schema(), "features", 4, null, "input table", true);
 * float[] x = features.read(row, partition, offset);
 * }</pre>
 */
public final class RowReader implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How the column holds its values. */
    enum Kind { NUMBER, ARRAY, VECTOR, IMAGE_PATH, IMAGE_BYTES }

    private final String column;
    private final int index;
    private final Kind kind;
    private final int width;
    /** For images: height, width, channels; else null. */
    private final int[] imageShape;
    private final String what;
    private final boolean finite;
    /** For an array assembled from several columns: their names, for messages; else null. */
    private final List<String> elementNames;

    private RowReader(String column, int index, Kind kind, int width, int[] imageShape, String what, boolean finite,
                      List<String> elementNames) {
        this.elementNames = elementNames;
        this.column = column;
        this.index = index;
        this.kind = kind;
        this.width = width;
        this.imageShape = imageShape;
        this.what = what;
        this.finite = finite;
    }

    /**
     * @param schema     the table's schema
     * @param column     the column to read
     * @param width      how many numbers each row must give
     * @param inputShape the model's input shape (for image columns), or null
     * @param what       the table's description in messages ("training data", "input table")
     * @param finite     whether NaN and infinity are refused (training data)
     * @return the reader
     * @throws Keras4jException when the column is missing or of a type keras4j can't read
     */
    public static RowReader of(StructType schema, String column, int width, int[] inputShape, String what,
                               boolean finite) {
        List<String> names = Arrays.asList(schema.fieldNames());
        if (!names.contains(column)) {
            throw new Keras4jException("The " + what + " has no column '" + column + "'; its columns are " + names
                    + ". Name the column that holds the " + (finite ? "values" : "features") + ".");
        }
        int index = schema.fieldIndex(column);
        StructField field = schema.fields()[index];
        DataType type = field.dataType();
        Kind kind;
        if (type instanceof NumericType) {
            kind = Kind.NUMBER;
        } else if (type instanceof ArrayType array && array.elementType() instanceof NumericType) {
            kind = Kind.ARRAY;
        } else if (type.typeName().equals("vector")) {   // Spark ML's and MLlib's VectorUDT
            kind = Kind.VECTOR;
        } else if (type instanceof StringType || type instanceof BinaryType) {
            if (inputShape == null || inputShape.length != 3 || (inputShape[2] != 1 && inputShape[2] != 3)) {
                throw new Keras4jException("Column '" + column + "' of the " + what + " holds " + (type instanceof
                        StringType ? "text (read as image paths)" : "bytes (read as images)") + ", but the model's "
                        + "input " + (inputShape == null ? "is not an image"
                        : "has shape " + Arrays.toString(inputShape) + ", not (height, width, 1 or 3)")
                        + ". Give an array or vector column of numbers.");
            }
            kind = type instanceof StringType ? Kind.IMAGE_PATH : Kind.IMAGE_BYTES;
        } else {
            throw new Keras4jException("Column '" + column + "' of the " + what + " is of type " + type.simpleString()
                    + "; keras4j reads numbers, arrays of numbers, ML vectors, image paths (string) or image bytes "
                    + "(binary).");
        }
        return new RowReader(column, index, kind, width, kind == Kind.IMAGE_PATH || kind == Kind.IMAGE_BYTES
                ? inputShape.clone() : null, what, finite, null);
    }

    /**
     * @param names the columns an array column was assembled from, one per element
     * @return this reader, naming those columns in its messages
     */
    public RowReader withElementNames(List<String> names) {
        return new RowReader(column, index, kind, width, imageShape, what, finite, List.copyOf(names));
    }

    /** @return whether the column holds one number per row */
    public boolean isNumber() {
        return kind == Kind.NUMBER;
    }

    /** @return the column's name */
    public String column() {
        return column;
    }

    /**
     * @param row       the row
     * @param partition its partition
     * @param offset    its position in the partition, from 0
     * @return its numbers, {@code width} of them
     * @throws Keras4jException when the row is null, of the wrong width, or holds NaN where refused
     */
    public float[] read(Row row, int partition, long offset) {
        Object value = row.get(index);
        if (value == null) {
            throw bad(partition, offset, "is null (empty)", "Drop or fill the rows with no value (df.na().drop()).");
        }
        float[] out = switch (kind) {
            case NUMBER -> new float[] {((Number) value).floatValue()};
            case ARRAY -> fromList(row.getList(index), partition, offset);
            case VECTOR -> toFloats(vectorValues(value));
            case IMAGE_PATH -> image(readImage(Path.of((String) value), partition, offset));
            case IMAGE_BYTES -> image(readImage((byte[]) value, partition, offset));
        };
        if (out.length != width) {
            throw bad(partition, offset, "holds " + out.length + " value" + (out.length == 1 ? "" : "s") + ", but "
                    + width + " are expected", "Give every row " + width + " values.");
        }
        if (finite) {
            for (int i = 0; i < out.length; i++) {
                if (!Float.isFinite(out[i])) {
                    throw bad(partition, offset, "holds " + out[i] + " at index " + i, "Training needs finite numbers: "
                            + "drop or impute that row.");
                }
            }
        }
        return out;
    }

    /**
     * @param partition the row's partition
     * @param offset    its offset
     * @param problem   what is wrong with the column's value
     * @param fix       what to do
     * @return a message naming the row
     */
    public Keras4jException bad(int partition, long offset, String problem, String fix) {
        return new Keras4jException("Row " + offset + " of partition " + partition + " of the " + what + ": column '"
                + column + "' " + problem + ". " + fix);
    }

    private float[] fromList(List<Object> values, int partition, long offset) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = values.get(i);
            if (v == null) {
                if (elementNames != null && i < elementNames.size()) {
                    throw new Keras4jException("Row " + offset + " of partition " + partition + " of the " + what
                            + ": column '" + elementNames.get(i) + "' is empty (null). Fill in the missing values.");
                }
                throw bad(partition, offset, "holds null at index " + i, "Fill in the missing values.");
            }
            out[i] = ((Number) v).floatValue();
        }
        return out;
    }

    private static double[] vectorValues(Object vector) {
        if (vector instanceof org.apache.spark.ml.linalg.Vector v) {
            return v.toArray();
        }
        return ((org.apache.spark.mllib.linalg.Vector) vector).toArray();
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    private BufferedImage readImage(Path file, int partition, long offset) {
        try {
            return decoded(ImageIO.read(Files.newInputStream(file)), partition, offset, "file " + file);
        } catch (IOException e) {
            throw bad(partition, offset, "names the image " + file + ", which can't be read (" + e.getMessage() + ")",
                    "Give paths every executor can read (a shared file system), or the images' bytes.");
        }
    }

    private BufferedImage readImage(byte[] bytes, int partition, long offset) {
        try {
            return decoded(ImageIO.read(new ByteArrayInputStream(bytes)), partition, offset, "bytes");
        } catch (IOException e) {
            throw bad(partition, offset, "holds bytes that aren't an image (" + e.getMessage() + ")",
                    "Give PNG, JPEG, GIF or BMP bytes.");
        }
    }

    private BufferedImage decoded(BufferedImage image, int partition, long offset, String source) {
        if (image == null) {
            throw bad(partition, offset, "holds " + source + " that aren't a PNG, JPEG, GIF or BMP image",
                    "Give PNG, JPEG, GIF or BMP images.");
        }
        return image;
    }

    /** The image resized to the model's (height, width), gray or RGB as its channels say, scaled to [0, 1]. */
    private float[] image(BufferedImage image) {
        int h = imageShape[0];
        int w = imageShape[1];
        int c = imageShape[2];
        BufferedImage resized = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = resized.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        float[] out = new float[h * w * c];
        int i = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = resized.getRGB(x, y);
                float r = ((rgb >> 16) & 0xff) / 255f;
                float gr = ((rgb >> 8) & 0xff) / 255f;
                float b = (rgb & 0xff) / 255f;
                if (c == 1) {
                    out[i++] = 0.299f * r + 0.587f * gr + 0.114f * b;
                } else {
                    out[i++] = r;
                    out[i++] = gr;
                    out[i++] = b;
                }
            }
        }
        return out;
    }
}
