package keras4j.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras4j.internal.AtomicFiles;

/**
 * Temporary files a writer left when it was killed (SIGKILL, inside the write) are removed by the
 * next write of the same file and by {@link AtomicFiles#delete}; a live writer's are left alone.
 */
class AbandonedTemporaryFilesTest {
    @TempDir
    Path temp;

    /** A writer that writes 1 MB of its file, says so, and then hangs until it is killed. */
    public static final class StuckWriter {
        public static void main(String[] args) throws Exception {
            AtomicFiles.write(Path.of(args[0]), out -> {
                out.write(new byte[1 << 20]);
                out.flush();
                System.out.println("writing");
                System.out.flush();
                try {
                    Thread.sleep(TimeUnit.MINUTES.toMillis(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    /** @return the writer, stopped inside its write with 1 MB written */
    private Process stuckWriter(Path target) throws Exception {
        Path out = temp.resolve("writer-out.txt");
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StuckWriter.class.getName(), target.toString())
                .redirectOutput(out.toFile()).redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!Files.readString(out).contains("writing")) {
            assertTrue(writer.isAlive() && System.nanoTime() < deadline, "the writer starts: " + Files.readString(out));
            Thread.sleep(20);
        }
        return writer;
    }

    private List<Path> temporaries() throws Exception {
        try (var files = Files.list(temp)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).sorted().toList();
        }
    }

    private static void kill(Process process) throws Exception {
        process.destroyForcibly();   // SIGKILL: no shutdown hook, no finally
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    }

    @Test
    void aKilledWritersTemporaryFileGoesWithTheNextWriteAndALiveOnesStays() throws Exception {
        Path target = temp.resolve("model.keras4j");
        Process writer = stuckWriter(target);
        Path left = temporaries().get(0);
        assertEquals(".model.keras4j." + writer.pid() + ".", left.getFileName().toString().substring(0,
                (".model.keras4j." + writer.pid() + ".").length()), "the writer's PID is in the name");
        assertEquals(1 << 20, Files.size(left));

        AtomicFiles.write(target, out -> out.write(1));
        assertEquals(List.of(left), temporaries(), "a live writer's temporary file stays");

        kill(writer);
        assertEquals(List.of(left), temporaries(), "the kill left it");
        AtomicFiles.write(target, out -> out.write(new byte[] {4, 2}));
        assertEquals(List.of(), temporaries(), "the next write removed it");
        assertArrayEquals(new byte[] {4, 2}, Files.readAllBytes(target));
    }

    @Test
    void deleteRemovesTheFileAndWhatKilledWritersLeft() throws Exception {
        Path target = temp.resolve("backup.keras4j");
        AtomicFiles.write(target, out -> out.write(1));
        Path mine = AtomicFiles.createTemporary(target);   // this JVM's: a live writer's
        kill(stuckWriter(target));
        assertEquals(2, temporaries().size());

        assertTrue(AtomicFiles.delete(target));
        assertFalse(Files.exists(target));
        assertEquals(List.of(mine), temporaries(), "only the live writer's file is left");
        assertFalse(AtomicFiles.delete(target), "deleting what isn't there is no error");
        assertFalse(AtomicFiles.delete(temp.resolve("no-such-folder").resolve("x")));
    }

    @Test
    void olderNamesGoByAgeAndOtherFilesAreLeftAlone() throws Exception {
        Path target = temp.resolve("model.keras4j");
        Path oldAbandoned = Files.createFile(temp.resolve(".model.keras4j.8141522386042375307.tmp"));
        Files.setLastModifiedTime(oldAbandoned, FileTime.from(Instant.now().minusSeconds(120)));
        Path oldRecent = Files.createFile(temp.resolve(".model.keras4j.1234567890123.tmp"));
        Path otherTarget = Files.createFile(temp.resolve(".model.keras4j.backup.99999999.1.tmp"));
        Path notOurs = Files.createFile(temp.resolve(".model.keras4j.notes.tmp"));
        for (Path p : List.of(otherTarget, notOurs)) {
            Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(3600)));
        }
        AtomicFiles.write(target, out -> out.write(1));
        assertEquals(List.of(otherTarget, notOurs, oldRecent).stream().sorted().toList(), temporaries());
    }
}
