package keras4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.BaseDataBuffer;

import keras4j.Sequential;
import keras4j.internal.ModelFile;
import keras4j.layers.Dense;
import keras4j.layers.Input;

/**
 * What a model file may make keras4j read is bounded, and its size is not: a zip bomb is refused in
 * one line by a JVM with a 128 MB heap, and a model twice the size of a 64 MB heap saves and loads
 * in one (keras4j before streaming saves ran out of heap on both). Child JVMs run
 * {@link ModelFileChild}. {@code -Dkeras4j.bigModel.units=N} (default 32000, 1000 inputs: 128 MB of
 * weights), {@code -Dkeras4j.bigModel.heap=...} (default 64m) and
 * {@code -Dkeras4j.bigModel.minutes=M} (default 5) size the big model; the manual command in
 * docs/reliability.md saves and loads a 2.5 GB one.
 */
class ModelFileLimitsTest {
    @TempDir
    static Path temp;
    static Path small;

    @BeforeAll
    static void save() {
        Sequential model = ModelFiles.classifier(new Input(4), new Dense(8, "relu"), new Dense(3, "softmax"));
        small = temp.resolve("small.keras4j");
        model.save(small);
    }

    /** @return the child's stdout; it must exit normally */
    static String child(String heap, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                // ND4J's memory is native: only the Java heap is small here.
                "-Dorg.bytedeco.javacpp.maxbytes=16g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=32g",
                "-cp", System.getProperty("java.class.path"), ModelFileChild.class.getName()));
        command.addAll(List.of(args));
        Path out = temp.resolve("child-out.txt");
        Path err = temp.resolve("child-err.txt");
        Process child = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(child.waitFor(Integer.getInteger("keras4j.bigModel.minutes", 5), TimeUnit.MINUTES),
                "the child finishes");
        String stdout = Files.readString(out);
        assertEquals(0, child.exitValue(), stdout + Files.readString(err));
        return stdout;
    }

    @Test
    void aZipBombIsRefusedInOneLineByASmallHeap() throws Exception {
        // 2.2 GB of keras4j.json deflated into a few MB.
        Path bomb = temp.resolve("bomb.keras4j");
        Map<String, byte[]> entries = ModelFiles.entries(small);
        try (OutputStream file = Files.newOutputStream(bomb); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.setLevel(Deflater.BEST_SPEED);
            zip.putNextEntry(new ZipEntry("keras4j.json"));
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');
            zip.write('{');
            for (int i = 0; i < 2200; i++) {
                zip.write(spaces);
            }
            zip.write('}');
            for (String name : List.of("network.zip", "checksums.json")) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(entries.get(name));
            }
        }
        assertTrue(Files.size(bomb) < 20_000_000, "a small file: " + Files.size(bomb));
        String out = child("128m", "load", bomb.toString());
        assertEquals("refused: Model file " + bomb + " is damaged: its keras4j.json inflates to more than "
                + ModelFile.METADATA_LIMIT + " bytes (keras4j reads at most 16 MiB of it).", lastLine(out));
    }

    @Test
    void zipHeadersThatLieAboutSizesDontMatter() throws Exception {
        // keras4j.json's central directory entry claims 2 bytes; the entry inflates to 40 MB.
        Map<String, byte[]> entries = ModelFiles.entries(small);
        byte[] json = new byte[40 << 20];
        Arrays.fill(json, (byte) ' ');
        entries.put("keras4j.json", json);
        Path liar = temp.resolve("liar.keras4j");
        ModelFiles.write(liar, entries);
        byte[] bytes = Files.readAllBytes(liar);
        int cen = centralEntry(bytes, "keras4j.json");
        ByteBuffer.wrap(bytes, cen + 24, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(2);
        Files.write(liar, bytes);
        HandEditedModelFileTest.refused(liar, "its keras4j.json inflates to more than 16777216 bytes");
    }

    @Test
    void bombsAndLiesInsideNetworkZipAreRefusedBeforeAnythingIsAllocated() throws Exception {
        Map<String, byte[]> network = unzip(ModelFiles.entries(small).get("network.zip"));

        Map<String, byte[]> bigConfiguration = new java.util.LinkedHashMap<>(network);
        byte[] spaces = new byte[20 << 20];
        Arrays.fill(spaces, (byte) ' ');
        bigConfiguration.put("configuration.json", spaces);
        refusedNetwork(bigConfiguration, "its network.zip (DL4J's serialization of the network) has a "
                + "configuration.json of more than 16777216 bytes (the limit)");

        // coefficients.bin whose header announces 10^12 values (4 TB) followed by 8 bytes.
        byte[] coefficients = network.get("coefficients.bin");
        int lengthAt = dataLengthOffset(coefficients);
        byte[] liar = Arrays.copyOf(coefficients, lengthAt + 8 + 2 + "FLOAT".length() + 8);
        ByteBuffer.wrap(liar, lengthAt, 8).putLong(1_000_000_000_000L);
        Map<String, byte[]> lying = new java.util.LinkedHashMap<>(network);
        lying.put("coefficients.bin", liar);
        refusedNetwork(lying, "has a coefficients.bin that announces 1000000000000 values but holds 8 bytes");

        // coefficients.bin of 67 parameters followed by 300 MB of zeros.
        Map<String, byte[]> padded = new java.util.LinkedHashMap<>(network);
        padded.put("coefficients.bin", Arrays.copyOf(coefficients, 300 << 20));
        refusedNetwork(padded, "has a coefficients.bin that inflates to more than", "more than its configuration's "
                + "parameters need");

        Map<String, byte[]> garbage = new java.util.LinkedHashMap<>(network);
        garbage.put("coefficients.bin", "no array here".getBytes());
        refusedNetwork(garbage, "has a coefficients.bin that");

        Map<String, byte[]> noConfiguration = new java.util.LinkedHashMap<>(network);
        noConfiguration.remove("configuration.json");
        refusedNetwork(noConfiguration, "lists coefficients.bin before configuration.json");
    }

    @Test
    void aModelLargerThanTheHeapSavesAndLoads() throws Exception {
        int units = Integer.getInteger("keras4j.bigModel.units", 32_000);
        String heap = System.getProperty("keras4j.bigModel.heap", "64m");
        Path big = temp.resolve("big.keras4j");
        String out = lastLine(child(heap, "big", big.toString(), "1000", String.valueOf(units)));
        assertTrue(out.startsWith("ok params=" + (1000L * units + units) + " "), out);
        System.out.println("model larger than the heap: " + out);
        try (var files = Files.list(temp)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(),
                    "no temporary file left");
        }
    }

    @Test
    void aModelWithoutParametersSavesAndLoads() {
        Sequential model = Sequential.of(new Input(3), new keras4j.layers.Activation("softmax"));
        model.compile("adam", "categorical_crossentropy");
        Path file = temp.resolve("no-parameters.keras4j");
        model.save(file);
        var x = keras4j.Arrays2.random(1, 2, 3);
        assertEquals(model.predict(x), Sequential.load(file).predict(x));
    }

    private static String lastLine(String out) {
        List<String> lines = out.lines().toList();
        return lines.get(lines.size() - 1);
    }

    private static void refusedNetwork(Map<String, byte[]> network, String... fragments) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : network.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
            }
        }
        Path file = temp.resolve("network-edited.keras4j");
        ModelFiles.withNetwork(small, file, bytes.toByteArray());
        HandEditedModelFileTest.refused(file, fragments);
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (var in = new java.util.zip.ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    /** @return where the data buffer's length (a long after its allocation mode) is in an ND4J array */
    private static int dataLengthOffset(byte[] array) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(array);
        var shape = BaseDataBuffer.readHeader(in);
        in.skipNBytes(shape.getSecond() * shape.getThird().width());
        int dataHeader = array.length - in.available();
        int modeLength = new DataInputStream(new ByteArrayInputStream(array, dataHeader, 2)).readUnsignedShort();
        return dataHeader + 2 + modeLength;
    }

    /** @return the offset of a file's central directory header */
    private static int centralEntry(byte[] zip, String name) {
        byte[] want = name.getBytes();
        for (int i = zip.length - 46; i >= 0; i--) {
            if (zip[i] == 0x50 && zip[i + 1] == 0x4b && zip[i + 2] == 1 && zip[i + 3] == 2
                    && Arrays.equals(Arrays.copyOfRange(zip, i + 46, i + 46 + want.length), want)) {
                return i;
            }
        }
        throw new AssertionError("no central entry for " + name);
    }
}
