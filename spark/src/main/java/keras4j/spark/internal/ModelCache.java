package keras4j.spark.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import keras4j.Model;

/**
 * A model shipped to the executors as the bytes of its saved file (one broadcast per job): each
 * executor thread loads it once and keeps it while the broadcast is the same, since a keras4j
 * model is not for use by two threads at once.
 *
 * <pre>{@code
 * byte[] bytes = ModelCache.bytesOf(model);                     // on the driver
 * Model copy = ModelCache.get(broadcastId, bytes, Model::load);  // on an executor
 * }</pre>
 */
public final class ModelCache {
    private static final ThreadLocal<Object[]> CACHED = new ThreadLocal<>();

    private ModelCache() {
    }

    /**
     * @param model a model
     * @return the bytes of its keras4j file (architecture, weights, compile settings, properties); of
     *         an uncompiled model, which keras4j's own format doesn't take, its Keras 3 file
     *         ({@code Model.load} reads either by its content)
     */
    public static byte[] bytesOf(Model model) {
        if (model.isCompiled()) {
            return bytesOf(model::save);
        }
        return bytesOf(file -> {
            Path keras = file.resolveSibling(file.getFileName() + ".keras");
            try {
                model.save(keras);
                Files.move(keras, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                deleteQuietly(keras);
            }
        });
    }

    /**
     * @param save writes the file at the path given
     * @return the file's bytes
     */
    public static byte[] bytesOf(java.util.function.Consumer<Path> save) {
        Path file = null;
        try {
            file = Files.createTempFile("keras4j-spark-", ".keras4j");
            save.accept(file);
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(file);
        }
    }

    /**
     * @param <T>    the loaded kind (a Model, a TrainedModel)
     * @param id     the broadcast's id: a new one means a new model
     * @param bytes  the model file's bytes
     * @param loader reads the file
     * @return this thread's copy
     */
    @SuppressWarnings("unchecked")
    public static <T> T get(long id, byte[] bytes, Function<Path, T> loader) {
        Object[] cached = CACHED.get();
        if (cached != null && (Long) cached[0] == id) {
            return (T) cached[1];
        }
        Path file = null;
        try {
            file = Files.createTempFile("keras4j-spark-", ".keras4j");
            Files.write(file, bytes);
            T loaded = loader.apply(file);
            CACHED.set(new Object[] {id, loaded});
            return loaded;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(file);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file; the OS cleans its folder
            }
        }
    }
}
