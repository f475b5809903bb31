package keras4j.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.nd4j.shade.jackson.databind.node.ObjectNode;

import keras4j.internal.ModelFile;

/**
 * Crafts model files the way a person editing one by hand would: keras4j.json or network.zip
 * changed, checksums.json recomputed so the file passes its checksum, the zip written anew.
 */
final class ModelFiles {
    private ModelFiles() {
    }

    /**
     * @param layers an Input, then the layers
     * @return the suites' classifier: those layers, seed 1, compiled with adam, sparse categorical
     *         cross-entropy and accuracy
     */
    static keras4j.Sequential classifier(keras4j.layers.Layer... layers) {
        keras4j.Sequential model = keras4j.Sequential.of(layers);
        model.setSeed(1);
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        return model;
    }

    /** @return the entries of a model file, by name, in order */
    static Map<String, byte[]> entries(Path file) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        return entries;
    }

    /** @return keras4j.json of a model file, as an editable tree */
    static ObjectNode metadata(Path file) throws IOException {
        return (ObjectNode) ModelFile.json().readTree(entries(file).get("keras4j.json"));
    }

    /** Writes {@code out}: {@code in} with keras4j.json edited, checksums recomputed. */
    static void withMetadata(Path in, Path out, UnaryOperator<ObjectNode> edit) throws IOException {
        Map<String, byte[]> entries = entries(in);
        ObjectNode json = edit.apply((ObjectNode) ModelFile.json().readTree(entries.get("keras4j.json")));
        entries.put("keras4j.json", ModelFile.json().writeValueAsBytes(json));
        write(out, entries);
    }

    /** Writes {@code out}: {@code in} with network.zip replaced, checksums recomputed. */
    static void withNetwork(Path in, Path out, byte[] network) throws IOException {
        Map<String, byte[]> entries = entries(in);
        entries.put("network.zip", network);
        write(out, entries);
    }

    /** Writes the entries as a model file (deflated), with checksums.json recomputed. */
    static void write(Path out, Map<String, byte[]> entries) throws IOException {
        Map<String, String> sums = new LinkedHashMap<>();
        sums.put("keras4j.json", ModelFile.sha256(entries.get("keras4j.json")));
        sums.put("network.zip", ModelFile.sha256(entries.get("network.zip")));
        Map<String, byte[]> all = new LinkedHashMap<>(entries);
        all.put("checksums.json", ModelFile.json().writeValueAsBytes(sums));
        try (OutputStream file = Files.newOutputStream(out); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> e : all.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }
}
