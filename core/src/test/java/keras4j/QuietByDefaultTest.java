package keras4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras4j.layers.Dense;
import keras4j.layers.Input;

/** In a fresh JVM, DL4J's start-up banners and INFO logs stay off unless switched on. */
class QuietByDefaultTest {
    @TempDir
    Path temp;

    /**
     * Trains tiny models silently (a Sequential one with a frozen output layer, about which DL4J
     * would warn, and a Functional one with a merge), then prints one line.
     */
    public static final class Probe {
        public static void main(String[] args) {
            Sequential model = Sequential.of(new Input(2), new Dense(2, "tanh"), new Dense(1, "sigmoid").name("out"));
            model.getLayer("out").trainable(false);
            model.compile("adam", "binary_crossentropy");
            model.fit(new double[][] {{0, 0}, {1, 1}}, new int[] {0, 1}, new FitOptions().verbose(0));
            keras4j.graph.KerasTensor in = Input.tensor(2);
            Functional graph = new Functional(in, new Dense(1, "sigmoid").apply(new keras4j.layers.Add().apply(in,
                    new Dense(2).apply(in))));
            graph.compile("adam", "binary_crossentropy");
            graph.fit(new double[][] {{0, 0}, {1, 1}}, new int[] {0, 1}, new FitOptions().verbose(0));
            System.out.println("done");
        }
    }

    private String[] run(String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Path out = temp.resolve("out.txt");
        Path err = temp.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "child JVM finished");
        assertEquals(0, process.exitValue(), Files.readString(err));
        return new String[] {Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8)};
    }

    @Test
    void dl4jIsSilentByDefaultAndTalksWhenAskedTo() throws Exception {
        String[] quiet = run();
        assertEquals("done\n", quiet[0]);
        assertEquals("", quiet[1], "nothing on stderr by default");

        String[] verbose = run("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        assertTrue(verbose[1].contains("INFO"), "INFO logs when switched on: " + verbose[1]);
    }
}
