package keras4j.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

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
 * <p>Both ways stream: the network goes to a temporary file and is copied into the zip (Zip64
 * beyond 4 GB), and is read straight from the zip into ND4J's memory, so a model's size is not
 * bounded by 2 GB or by the Java heap. What a file may inflate to is bounded, whatever its zip
 * headers say: keras4j.json by {@link #METADATA_LIMIT}, checksums.json by
 * {@link #CHECKSUMS_LIMIT}, network.zip's entries by what its configuration implies.
 *
 * <pre>{@code
 * ModelFile.write(path, metadata, file -> ModelSerializer.writeModel(net, file.toFile(), true));
 * ModelFile.Contents contents = ModelFile.read(path);
 * }</pre>
 */
public final class ModelFile {
    /** The value of "format" in keras4j.json. */
    public static final String FORMAT = "keras4j-model";
    /**
     * The format version this keras4j writes and the newest it reads: 1 until 2026-12 (Sequential
     * models), 2 since (Functional models, frozen layers, per-output losses; files of version 1 read
     * as before).
     */
    public static final int FORMAT_VERSION = 2;

    /** The most bytes keras4j.json may inflate to: 16 MiB (a history of 100,000 epochs takes about 8). */
    public static final long METADATA_LIMIT = 16L << 20;
    /** The most bytes checksums.json may inflate to: 64 KiB. */
    public static final long CHECKSUMS_LIMIT = 64L << 10;
    /** A deflated network.zip (DL4J's zip, already compressed) may inflate to 16 times its size, plus 16 MiB. */
    private static final long NETWORK_INFLATION = 16;

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

    /**
     * What a model file holds.
     *
     * @param metadata the parsed keras4j.json
     * @param network  the DL4J network: a MultiLayerNetwork (Sequential) or a ComputationGraph (Functional)
     */
    public record Contents(Map<String, Object> metadata, Object network) {
    }

    /** Writes the engine's serialization of a network to a file. */
    @FunctionalInterface
    public interface NetworkWriter {
        /** @param file the file to write @throws IOException when it can't be written */
        void write(Path file) throws IOException;
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
     * @param network  writes the network holding weights (and optimizer state)
     * @throws IOException when the file can't be written (the old file, if any, is then intact)
     */
    public static void write(Path path, Map<String, Object> model, NetworkWriter network) throws IOException {
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
        Path networkFile = AtomicFiles.createTemporary(path);
        try {
            network.write(networkFile);
            CRC32 crc = new CRC32();
            String networkSum;
            try (InputStream in = new CheckedInputStream(Files.newInputStream(networkFile), crc)) {
                networkSum = sha256(in);
            }
            Map<String, String> sums = new LinkedHashMap<>();
            sums.put(METADATA, sha256(json));
            sums.put(NETWORK, networkSum);
            byte[] checksums = JSON.writeValueAsBytes(sums);
            long networkSize = Files.size(networkFile);
            AtomicFiles.write(path, out -> {
                ZipOutputStream zip = new ZipOutputStream(out);
                put(zip, METADATA, json);
                putEntry(zip, NETWORK, networkSize, crc.getValue());
                Files.copy(networkFile, zip);
                zip.closeEntry();
                put(zip, CHECKSUMS, checksums);
                zip.finish();
            });
        } finally {
            Files.deleteIfExists(networkFile);
        }
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        putEntry(zip, name, bytes.length, crc.getValue());
        zip.write(bytes);
        zip.closeEntry();
    }

    /** Starts a STORED entry: what keras4j has always written, readable by every version. */
    private static void putEntry(ZipOutputStream zip, String name, long size, long crc) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(size);
        entry.setCompressedSize(size);
        entry.setCrc(crc);
        entry.setTime(0);
        zip.putNextEntry(entry);
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
            byte[] json = small(zip, path, METADATA, METADATA_LIMIT);
            Map<String, Object> sums = parse(path, CHECKSUMS, small(zip, path, CHECKSUMS, CHECKSUMS_LIMIT));
            ZipEntry networkEntry = entry(zip, path, NETWORK);
            NetworkZip.Source network = () -> limitedNetwork(zip, networkEntry);
            String networkSum;
            try (InputStream in = network.open()) {
                networkSum = sha256(in);
            } catch (LimitedInputStream.TooLarge e) {
                throw bad(path, "is damaged: its network.zip inflates to " + e.getMessage() + ", far more than a "
                        + "compressed network does");
            }
            if (!sha256(json).equals(sums.get(METADATA)) || !networkSum.equals(sums.get(NETWORK))) {
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
            Object architecture = metadata.get("model");
            boolean graph = architecture instanceof Map<?, ?> m && "Functional".equals(m.get("class_name"));
            try {
                return new Contents(metadata, NetworkZip.read(network, true, graph));
            } catch (NetworkZip.Damaged e) {
                throw bad(path, "is damaged: its network.zip (DL4J's serialization of the network) " + e.getMessage());
            }
        } catch (ZipException e) {
            throw bad(path, "is not a keras4j model file, or is truncated (it is not a complete zip archive)");
        } catch (IOException e) {
            throw bad(path, "can't be read (" + e.getMessage() + ")");
        }
    }

    /** @return network.zip's bytes, bounded when the entry is deflated (a STORED entry is its own size) */
    private static InputStream limitedNetwork(ZipFile zip, ZipEntry entry) throws IOException {
        InputStream in = zip.getInputStream(entry);
        if (entry.getMethod() == ZipEntry.STORED) {
            return in;
        }
        long compressed = Math.max(0, entry.getCompressedSize());
        return new LimitedInputStream(in, NETWORK_INFLATION * compressed + (16L << 20));
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

    private static ZipEntry entry(ZipFile zip, Path path, String name) {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw bad(path, "is not a keras4j model file (it has no " + name + ")");
        }
        return entry;
    }

    /** @return a small entry's bytes, read through a limit whatever its header claims */
    private static byte[] small(ZipFile zip, Path path, String name, long limit) throws IOException {
        try (InputStream in = new LimitedInputStream(zip.getInputStream(entry(zip, path, name)), limit)) {
            return in.readAllBytes();
        } catch (LimitedInputStream.TooLarge e) {
            throw bad(path, "is damaged: its " + name + " inflates to " + e.getMessage() + " (keras4j reads at most "
                    + (limit >= 1 << 20 ? (limit >> 20) + " MiB" : (limit >> 10) + " KiB") + " of it)");
        }
    }

    private static Keras4jException bad(Path path, String what) {
        return new Keras4jException("Model file " + path + " " + what + ".");
    }

    /** @return the lowercase hex SHA-256 of the bytes */
    public static String sha256(byte[] bytes) {
        MessageDigest digest = sha256();
        return HexFormat.of().formatHex(digest.digest(bytes));
    }

    /** @param in a stream, read to its end (not closed) @return the lowercase hex SHA-256 of its bytes */
    public static String sha256(InputStream in) throws IOException {
        MessageDigest digest = sha256();
        in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), digest));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the JSON mapper keras4j uses for its own files */
    public static ObjectMapper json() {
        return JSON;
    }

}
