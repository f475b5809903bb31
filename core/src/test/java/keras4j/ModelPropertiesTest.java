package keras4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras4j.layers.Dense;
import keras4j.layers.Input;

/** Properties: text saved with the model, loaded back, kept across a resume. */
class ModelPropertiesTest {
    @TempDir
    Path temp;

    private static Sequential model() {
        Sequential model = Sequential.of(new Input(3), new Dense(2, "softmax"));
        model.setSeed(3);
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        return model;
    }

    @Test
    void propertiesRoundTripInOrder() {
        Sequential model = model();
        model.setProperty("z", "last letter").setProperty("dataset", "mnist").setProperty("empty", "")
                .setProperty("unicode", "ß ✓ \"quoted\"\nline");
        model.setProperty("z", "replaced");
        Path file = temp.resolve("m.keras4j");
        model.save(file);

        Sequential loaded = Sequential.load(file);
        assertEquals(List.of("z", "dataset", "empty", "unicode"), List.copyOf(loaded.getProperties().keySet()));
        assertEquals(model.getProperties(), loaded.getProperties());
        assertEquals("replaced", loaded.getProperty("z"));
        assertNull(loaded.getProperty("absent"));
        assertThrows(UnsupportedOperationException.class, () -> loaded.getProperties().put("x", "y"));
    }

    @Test
    void resumeFromAddsTheSavedProperties() {
        Sequential saved = model();
        saved.setProperty("run", "first").setProperty("dataset", "iris");
        Path file = temp.resolve("backup.keras4j");
        saved.save(file);

        Sequential resumed = model();
        resumed.setProperty("run", "second").setProperty("only_here", "kept");
        resumed.resumeFrom(file);
        assertEquals(Map.of("run", "first", "dataset", "iris", "only_here", "kept"), resumed.getProperties());
    }

    @Test
    void keysMustBeNonEmptyAndValuesNonNull() {
        Sequential model = model();
        ErrorMessagesTest.fails(() -> model.setProperty("", "x"), "non-empty key");
        ErrorMessagesTest.fails(() -> model.setProperty(null, "x"), "non-empty key", "null");
        ErrorMessagesTest.fails(() -> model.setProperty("k", null), "setProperty(\"k\", null)", "can't be null");
        assertEquals(Map.of(), model.getProperties());
    }
}
