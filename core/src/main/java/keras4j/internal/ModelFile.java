package keras4j.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.shade.jackson.core.JsonLocation;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.core.type.TypeReference;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

import keras4j.Keras4jException;

/**
 * The keras4j model file: a zip holding {@code keras4j.json} (format version, provenance, the
 * Keras-level architecture, compile settings and history), {@code network.zip} (DL4J's own
 * serialization of the network: configuration, weights, optimizer state) and
 * {@code checksums.json} (the SHA-256 of both). It is written to a temporary file and moved into
 * place; reading verifies the checksums, so a truncated or altered file is refused with one clear
 * message.
 *
 * <pre>{@code
 * ModelFile.write(path, metadata, net);
 * ModelFile.Contents contents = ModelFile.read(path);
 * }</pre>
 */
public final class ModelFile {
    /** The value of "format" in keras4j.json. */
    public static final String FORMAT = "keras4j-model";
    /** The format version this keras4j writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    private static final String METADATA = "keras4j.json";
    private static final String NETWORK = "network.zip";
    private static final String CHECKSUMS = "checksums.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Properties VERSIONS = new Properties();

    static {
        try (InputStream in = ModelFile.class.getResourceAsStream("/keras4j/version.properties")) {
            if (in != null) {
                VERSIONS.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("keras4j's version.properties is unreadable", e);
        }
    }

    private ModelFile() {
    }

    /** What a model file holds. @param metadata the parsed keras4j.json @param network the DL4J network */
    public record Contents(Map<String, Object> metadata, MultiLayerNetwork network) {
    }

    /** @return keras4j's version */
    public static String keras4jVersion() {
        return VERSIONS.getProperty("keras4j.version", "unknown");
    }

    /** @return the DL4J version keras4j was built against */
    public static String dl4jVersion() {
        return VERSIONS.getProperty("dl4j.version", "unknown");
    }

    /**
     * @param path     the file to create or replace
     * @param model    keras4j's description of the model (architecture, compile settings, history...)
     * @param network  the network holding weights and optimizer state
     * @param includeOptimizer whether to save the optimizer's state
     * @throws IOException when the file can't be written (the old file, if any, is then intact)
     */
    public static void write(Path path, Map<String, Object> model, MultiLayerNetwork network, boolean includeOptimizer)
            throws IOException {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("format_version", FORMAT_VERSION);
        metadata.put("keras4j_version", keras4jVersion());
        metadata.put("dl4j_version", dl4jVersion());
        metadata.put("java_version", System.getProperty("java.version"));
        metadata.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        metadata.put("saved_at", java.time.Instant.now().toString());
        metadata.putAll(model);
        byte[] json = JSON.writeValueAsBytes(metadata);
        ByteArrayOutputStream dl4j = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, dl4j, includeOptimizer);
        byte[] networkBytes = dl4j.toByteArray();
        Map<String, String> sums = new LinkedHashMap<>();
        sums.put(METADATA, sha256(json));
        sums.put(NETWORK, sha256(networkBytes));
        byte[] checksums = JSON.writeValueAsBytes(sums);
        AtomicFiles.write(path, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            put(zip, METADATA, json);
            put(zip, NETWORK, networkBytes);
            put(zip, CHECKSUMS, checksums);
            zip.finish();
        });
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        entry.setTime(0);
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }

    /**
     * @param path a file written by {@link #write}
     * @return its contents, verified
     * @throws Keras4jException naming the file and what is wrong when it is missing, empty,
     *                          truncated, altered, foreign or from a newer keras4j
     */
    public static Contents read(Path path) {
        try {
            if (Files.isDirectory(path)) {
                throw bad(path, "is a folder, not a model file");
            }
            if (Files.size(path) == 0) {
                throw bad(path, "is empty (0 bytes); it may have been cut off while being written");
            }
        } catch (NoSuchFileException e) {
            throw new Keras4jException("Model file " + path + " does not exist. Check the path; models are saved with "
                    + "model.save(path) or by 'keras4j train'.");
        } catch (IOException e) {
            throw new Keras4jException("Model file " + path + " can't be read: " + e.getMessage(), e);
        }
        try (ZipFile zip = new ZipFile(path.toFile())) {
            byte[] json = entry(zip, path, METADATA);
            byte[] network = entry(zip, path, NETWORK);
            Map<String, Object> sums = parse(path, CHECKSUMS, entry(zip, path, CHECKSUMS));
            if (!sha256(json).equals(sums.get(METADATA)) || !sha256(network).equals(sums.get(NETWORK))) {
                throw bad(path, "is corrupted: its content does not match its checksum");
            }
            Map<String, Object> metadata = parse(path, METADATA, json);
            ModelJson root = ModelJson.root(path, metadata);
            if (!FORMAT.equals(metadata.get("format"))) {
                throw bad(path, "is not a keras4j model (its format is '" + metadata.get("format") + "')");
            }
            long version = root.get("format_version").asLong();
            if (version > FORMAT_VERSION || version < 1) {
                throw bad(path, "was saved by keras4j " + metadata.get("keras4j_version") + " in format version "
                        + version + ", " + (version < 1 ? "which no keras4j writes" : "newer than this keras4j reads ("
                        + FORMAT_VERSION + "); upgrade keras4j"));
            }
            return new Contents(metadata, restore(path, network));
        } catch (ZipException e) {
            throw bad(path, "is not a keras4j model file, or is truncated (it is not a complete zip archive)");
        } catch (IOException e) {
            throw bad(path, "can't be read (" + e.getMessage() + ")");
        }
    }

    /** @return the JSON object of an entry, refused in one line (with the line and column) when it isn't one */
    private static Map<String, Object> parse(Path path, String name, byte[] bytes) {
        try {
            return JSON.readValue(bytes, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw bad(path, "is damaged: its " + name + " is not a JSON object (" + e.getOriginalMessage()
                    .replaceAll("\\s+", " ") + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + ")");
        } catch (IOException e) {
            throw bad(path, "is damaged: its " + name + " can't be read (" + e.getMessage() + ")");
        }
    }

    /** @return the network, or a refusal when network.zip isn't one DL4J can read */
    private static MultiLayerNetwork restore(Path path, byte[] network) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(network), true);
        } catch (IOException | RuntimeException e) {
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            why = why.contains("org.") || why.length() > 120 ? e.getClass().getSimpleName() : why;
            throw bad(path, "is damaged: its network.zip (DL4J's serialization of the network) can't be read ("
                    + why + ")");
        }
    }

    private static byte[] entry(ZipFile zip, Path path, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw bad(path, "is not a keras4j model file (it has no " + name + ")");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    private static Keras4jException bad(Path path, String what) {
        return new Keras4jException("Model file " + path + " " + what + ".");
    }

    /** @return the lowercase hex SHA-256 of the bytes */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the JSON mapper keras4j uses for its own files */
    public static ObjectMapper json() {
        return JSON;
    }

}
