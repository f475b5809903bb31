package keras4j.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Copies a built DL4J layer configuration into keras4j's subclass of it, so the subclass can
 * instantiate a faster layer while DL4J's builders, validation and JSON stay as they are.
 *
 * <pre>{@code
 * FastDense fast = LayerConfs.copy(denseConf, new FastDense(), DenseLayer.class);
 * }</pre>
 */
final class LayerConfs {
    private LayerConfs() {
    }

    /**
     * @param from a built configuration
     * @param to a fresh instance of a subclass of {@code type}
     * @param type the DL4J configuration class whose fields (and its superclasses') are copied
     * @return {@code to}, with every instance field of {@code type} and above set as in {@code from}
     */
    static <T, S extends T> S copy(T from, S to, Class<T> type) {
        for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    field.set(to, field.get(from));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("can't copy " + c.getSimpleName() + "." + field.getName(), e);
                }
            }
        }
        return to;
    }
}
