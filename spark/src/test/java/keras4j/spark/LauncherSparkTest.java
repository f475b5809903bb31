package keras4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras4j.cli.Main;
import keras4j.datasets.Iris;

/**
 * The {@code ./keras4j} launcher with {@code --spark}, in a child process as a user runs it: it picks
 * the spark module's class path (the one this build just wrote, so it starts at once) and Spark's
 * Java 17 flags; Spark's log lines stay off the console.
 */
class LauncherSparkTest {
    private static final Path ROOT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .toAbsolutePath().getParent();

    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {
    }

    private Result launch(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("keras4j").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("KERAS4J_HOME", dir.resolve("home").toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        File out = dir.resolve("stdout.txt").toFile();
        File err = dir.resolve("stderr.txt").toFile();
        builder.redirectOutput(out).redirectError(err).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process = builder.start();
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the launcher should finish");
        return new Result(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    @Test
    void predictWithSparkThroughTheLauncherIsQuietAndAnUnreachableMasterIsOneLine() throws Exception {
        Path run = dir.resolve("iris");
        StringWriter trainOut = new StringWriter();
        int trained = Main.commandLine(new PrintWriter(trainOut, true), new PrintWriter(trainOut, true), false)
                .execute("train", "iris-mlp", "--epochs", "1", "--out", run.toString());   // in this JVM, no Spark
        assertEquals(0, trained, trainOut.toString());
        Files.write(dir.resolve("in.csv"), List.of(String.join(",", Iris.FEATURE_NAMES), "5.1,3.5,1.4,0.2",
                "6.7,3.0,5.2,2.3"));
        Result scored = launch("predict", "--spark", "local[2]", "iris/model.keras4j", "in.csv", "out.csv");
        assertEquals(0, scored.status(), scored.out() + scored.err());
        assertTrue(scored.out().startsWith("Scored 2 rows of in.csv on Spark local[2] into out.csv/"), scored.out());
        assertEquals("", scored.err(), "nothing from Spark, Hadoop or DL4J on the console");

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Result unreachable = launch("predict", "--spark", "spark://127.0.0.1:" + port, "iris/model.keras4j", "in.csv",
                "out2.csv");
        assertEquals(2, unreachable.status(), unreachable.out() + unreachable.err());
        assertEquals(1, unreachable.err().lines().count(), unreachable.err());
        assertTrue(unreachable.err().startsWith("Error: Spark master spark://127.0.0.1:" + port + " is unreachable"),
                unreachable.err());
    }
}
