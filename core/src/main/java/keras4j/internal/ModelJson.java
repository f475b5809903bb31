package keras4j.internal;

import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.nd4j.shade.jackson.databind.SerializationFeature;

import keras4j.Keras4jException;

/**
 * A value of a model file's {@code keras4j.json}, reached by its path ({@code model.layers[2].config.units}).
 * Each read checks presence and type, and a file that fails is refused with one
 * {@link Keras4jException} naming the file and the path, the way a hand-edited or damaged file
 * should be (its checksum may well be valid).
 *
 * <pre>{@code
 * ModelJson root = ModelJson.root(path, contents.metadata());
 * long seed = root.get("seed").asLong();
 * for (ModelJson layer : root.get("model").get("layers").elements()) {
 *     Layer l = layer.get("config").read(c -> Layer.fromConfig(layer.get("class_name").asString(), c),
 *             Layer::getConfig);
 * }
 * }</pre>
 */
public final class ModelJson {
    private static final Object ABSENT = new Object();

    private final Path file;
    private final String path;
    private final Object value;

    private ModelJson(Path file, String path, Object value) {
        this.file = file;
        this.path = path;
        this.value = value;
    }

    /**
     * @param file     the model file, for messages
     * @param metadata its parsed keras4j.json
     * @return the top-level object
     */
    public static ModelJson root(Path file, Map<String, Object> metadata) {
        return new ModelJson(file, "", metadata);
    }

    /** @return the path of this value, e.g. {@code model.layers[2]} */
    public String path() {
        return path;
    }

    /** @return whether the key exists (its value may be null) */
    public boolean isPresent() {
        return value != ABSENT;
    }

    /** @return whether the value is a JSON object */
    public boolean isObject() {
        return value instanceof Map;
    }

    /** @return whether the value is absent or JSON null */
    public boolean isNull() {
        return value == ABSENT || value == null;
    }

    /** @param key a key of this object @return its value, absent if the key isn't there */
    public ModelJson get(String key) {
        Map<String, Object> object = asObject();
        return new ModelJson(file, path.isEmpty() ? key : path + "." + key,
                object.containsKey(key) ? object.get(key) : ABSENT);
    }

    /** @return the elements of this array */
    public List<ModelJson> elements() {
        List<ModelJson> out = new ArrayList<>();
        List<?> list = require(List.class, "an array");
        for (int i = 0; i < list.size(); i++) {
            out.add(new ModelJson(file, path + "[" + i + "]", list.get(i)));
        }
        return out;
    }

    /** @return this object's keys and values, as parsed */
    @SuppressWarnings("unchecked")
    public Map<String, Object> asObject() {
        return require(Map.class, "an object");
    }

    /** @return the string */
    public String asString() {
        return require(String.class, "a string");
    }

    /** @return the boolean */
    public boolean asBoolean() {
        return require(Boolean.class, "true or false");
    }

    /** @return the integer, in the range of a long */
    public long asLong() {
        if (!(value instanceof Integer || value instanceof Long)) {
            throw wrongType("an integer");
        }
        return ((Number) value).longValue();
    }

    /** @return the integer, in the range of an int */
    public int asInt() {
        long v = asLong();
        if (v != (int) v) {
            throw damaged("is " + v + ", out of the range of an int");
        }
        return (int) v;
    }

    /** @return the number; "NaN", "Infinity" and "-Infinity" (as keras4j writes them) included */
    public double asDouble() {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            switch (s) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default: break;
            }
        }
        throw wrongType("a number");
    }

    /** @return the strings of this array */
    public List<String> asStrings() {
        List<String> out = new ArrayList<>();
        for (ModelJson element : elements()) {
            out.add(element.asString());
        }
        return out;
    }

    /**
     * Reads an object with the {@code fromConfig} of a keras4j type, naming the value it fails on:
     * the reader sees the object through a map that remembers the keys read, so a missing or
     * mistyped value (a ClassCastException or NullPointerException in the reader) is reported by
     * its path. A number the result holds differently (units 8.5 read as 8) is refused too.
     *
     * @param fromConfig creates the object from its configuration
     * @param toConfig   the configuration the object writes, compared with the one read
     * @param <T>        the type read
     * @return the object
     */
    public <T> T read(Function<Map<String, Object>, T> fromConfig, Function<T, Map<String, Object>> toConfig) {
        Traced traced = new Traced(path, asObject(), new ArrayList<>());
        T result;
        try {
            result = fromConfig.apply(traced);
        } catch (Keras4jException e) {
            throw damaged(": " + e.getMessage(), e);
        } catch (ClassCastException | NullPointerException | IllegalArgumentException | IndexOutOfBoundsException e) {
            ModelJson culprit = traced.culprit(e instanceof NullPointerException);
            if (culprit == null) {
                throw damaged("can't be read (" + e.getClass().getSimpleName() + ")", e);
            }
            throw culprit.isNull() ? culprit.damaged(culprit.isPresent() ? "is null" : "is missing")
                    : culprit.damaged("has a value of the wrong type: " + shown(culprit.value));
        }
        sameNumbers(this, toConfig.apply(result));
        return result;
    }

    /** Refuses a number of {@code saved} that the object read from it holds differently. */
    private static void sameNumbers(ModelJson saved, Object written) {
        if (saved.value instanceof Map<?, ?> map && written instanceof Map<?, ?> back) {
            for (Object key : map.keySet()) {
                if (back.containsKey(key)) {
                    sameNumbers(saved.get((String) key), back.get(key));
                }
            }
        } else if (saved.value instanceof List<?> list && written instanceof List<?> back
                && list.size() == back.size()) {
            List<ModelJson> elements = saved.elements();
            for (int i = 0; i < list.size(); i++) {
                sameNumbers(elements.get(i), back.get(i));
            }
        } else if (saved.value instanceof Number n && written instanceof Number w
                && Double.compare(n.doubleValue(), w.doubleValue()) != 0) {
            throw saved.damaged("is " + n + ", which keras4j reads as " + w + " (" + (w instanceof Integer
                    || w instanceof Long ? "it should be an integer" : "out of range") + ")");
        }
    }

    /**
     * @param what what is wrong, e.g. "is missing"; a leading ':' appends a message instead
     * @return the refusal, naming the file and this path
     */
    public Keras4jException damaged(String what) {
        return damaged(what, null);
    }

    private Keras4jException damaged(String what, Throwable cause) {
        String where = path.isEmpty() ? "keras4j.json" : "keras4j.json's " + path;
        String message = "Model file " + file + " is damaged: " + where + (what.startsWith(":") ? "" : " ") + what;
        return new Keras4jException(message.endsWith(".") ? message : message + ".", cause);
    }

    private <T> T require(Class<T> type, String what) {
        if (value == ABSENT) {
            throw damaged("is missing");
        }
        if (!type.isInstance(value)) {
            throw wrongType(what);
        }
        return type.cast(value);
    }

    private Keras4jException wrongType(String expected) {
        if (value == ABSENT) {
            return damaged("is missing");
        }
        return damaged("should be " + expected + " but is " + shown(value));
    }

    private static String shown(Object value) {
        String json;
        try {
            json = value == null ? "null" : ModelFile.json().writer()
                    .without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (org.nd4j.shade.jackson.core.JsonProcessingException e) {
            json = String.valueOf(value);
        }
        json = json.replaceAll("\\s+", " ");
        return json.length() > 60 ? json.substring(0, 57) + "..." : json;
    }

    /** An object as a reader sees it: each key read is logged (nested objects share the log). */
    private final class Traced extends AbstractMap<String, Object> {
        private final String at;
        private final Map<String, Object> object;
        private final List<ModelJson> log;

        Traced(String at, Map<String, Object> object, List<ModelJson> log) {
            this.at = at;
            this.object = object;
            this.log = log;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object get(Object key) {
            Object v = object.get(key);
            String keyPath = at.isEmpty() ? String.valueOf(key) : at + "." + key;
            ModelJson read = new ModelJson(file, keyPath, object.containsKey(key) ? v : ABSENT);
            log.add(read);
            return v instanceof Map<?, ?> map ? new Traced(read.path, (Map<String, Object>) map, log) : v;
        }

        @Override
        public boolean containsKey(Object key) {
            return object.containsKey(key);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            Map<String, Object> view = new LinkedHashMap<>();
            for (String key : object.keySet()) {
                view.put(key, get(key));
            }
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return view.entrySet().iterator();
                }

                @Override
                public int size() {
                    return view.size();
                }
            };
        }

        /** @return the value a failed read most likely failed on: the first null one for a null, else the last read */
        ModelJson culprit(boolean wasNull) {
            if (wasNull) {
                for (ModelJson read : log) {
                    if (read.isNull()) {
                        return read;
                    }
                }
            }
            return log.isEmpty() ? null : log.get(log.size() - 1);
        }
    }
}
