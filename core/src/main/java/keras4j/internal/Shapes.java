package keras4j.internal;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Shapes written the way Keras prints them: {@code (None, 28, 28, 1)}.
 *
 * <pre>{@code
 * Shapes.withBatch(new int[] {784});   // "(None, 784)"
 * }</pre>
 */
public final class Shapes {
    private Shapes() {
    }

    /** @return the shape with a leading {@code None} batch axis */
    public static String withBatch(int[] shape) {
        return "(None" + Arrays.stream(shape).mapToObj(d -> ", " + d).collect(Collectors.joining()) + ")";
    }

    /** @return a full array shape, e.g. {@code (32, 28, 28)} */
    public static String of(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    /** @return the shape of {@code n} samples of {@code shape}: {@code [n, shape...]} */
    public static long[] batched(long n, int[] shape) {
        long[] batched = new long[shape.length + 1];
        batched[0] = n;
        for (int i = 0; i < shape.length; i++) {
            batched[i + 1] = shape[i];
        }
        return batched;
    }

    /** @return the product of the dimensions */
    public static long size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
