package keras4j.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes files so that a reader never sees a half-written one: the bytes go to a temporary file in
 * the same folder, are forced to disk, the file is moved over the target in one step, and the
 * folder is forced to disk so the move survives a power cut. A failure at any point leaves the old
 * target (if any) untouched and removes the temporary file.
 *
 * <p>A temporary file is named {@code .TARGET.PID.RANDOM.tmp} after the process writing it. One
 * left by a process that was killed mid-write is removed the next time the same target is written
 * or {@link #delete deleted}, as soon as that process is gone; a live writer's file is never
 * touched. (Files of keras4j versions before the PID, {@code .TARGET.RANDOM.tmp}, go once they are
 * a minute old.)
 *
 * <pre>{@code
 * AtomicFiles.write(path, out -> out.write(bytes));
 * AtomicFiles.delete(path);   // the file and any temporary file a killed writer left
 * }</pre>
 */
public final class AtomicFiles {
    /** What follows ".TARGET." in a temporary file's name: "PID.RANDOM", or an older keras4j's "RANDOM". */
    private static final Pattern TEMPORARY = Pattern.compile("(?:(\\d+)\\.)?\\d+");
    /** How old a temporary file without a PID must be before it counts as abandoned. */
    private static final Duration UNOWNED_AGE = Duration.ofSeconds(60);
    /** Slack between a process's start time as the OS reports it (to about a second) and a file's time. */
    private static final Duration CLOCK_SLACK = Duration.ofSeconds(10);

    private AtomicFiles() {
    }

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Writer {
        /**
         * @param out the temporary file's stream; do not close it
         * @throws IOException on a write failure
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically, first removing temporary files that killed writers of it
     * left.
     *
     * @param target the file to create or replace
     * @param writer writes the content
     * @throws IOException when the file cannot be written; the target is then unchanged
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temp = createTemporary(absolute);
        try {
            shareable(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                // Closing by the writer (a ZipOutputStream does) only flushes: the channel stays ours.
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16) {
                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                };
                writer.writeTo(out);
                out.flush();
                channel.force(true);
            }
            moveIntoPlace(temp, absolute);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Creates an empty temporary file beside {@code target}, named like the ones {@link #write}
     * uses (so that one left by a killed process is swept like them), after removing those that
     * killed writers of {@code target} left. The caller deletes it.
     *
     * @param target the file the temporary one helps to write
     * @return the new file
     * @throws IOException when it can't be created
     */
    public static Path createTemporary(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        removeAbandonedTemporaries(absolute);
        return Files.createTempFile(absolute.getParent(),
                "." + absolute.getFileName() + "." + ProcessHandle.current().pid() + ".", ".tmp");
    }

    /**
     * Deletes {@code target} and the temporary files that killed writers of it left (a live
     * writer's stays).
     *
     * @param target the file
     * @return whether the file existed
     * @throws IOException when it can't be deleted
     */
    public static boolean delete(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        boolean existed = Files.deleteIfExists(absolute);
        if (Files.isDirectory(absolute.getParent())) {
            removeAbandonedTemporaries(absolute);
            forceFolder(absolute.getParent());
        }
        return existed;
    }

    /** Gives a temporary file (created private, 0600) the permissions of an ordinary file, rw-r--r--. */
    private static void shareable(Path temp) throws IOException {
        try {
            Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: its defaults apply.
        }
    }

    /**
     * Deletes the temporary files of {@code target} whose writer is gone. Best effort: a file that
     * can't be removed (another user's, say) is left, and the write goes on.
     */
    private static void removeAbandonedTemporaries(Path target) {
        String prefix = "." + target.getFileName() + ".";
        List<Path> siblings;
        try (Stream<Path> list = Files.list(target.getParent())) {
            siblings = list.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(".tmp") && n.length() > prefix.length() + 4;
            }).toList();
        } catch (IOException e) {
            return;
        }
        for (Path temp : siblings) {
            String name = temp.getFileName().toString();
            Matcher m = TEMPORARY.matcher(name.substring(prefix.length(), name.length() - ".tmp".length()));
            try {
                if (m.matches() && isAbandoned(temp, m.group(1))) {
                    Files.deleteIfExists(temp);
                }
            } catch (IOException | RuntimeException e) {
                // Gone meanwhile, or not ours to delete: leave it.
            }
        }
    }

    /**
     * @param pid the writer's PID from the file's name, or null for a file named before PIDs were
     * @return whether no live process can be writing the file
     */
    private static boolean isAbandoned(Path temp, String pid) throws IOException {
        Instant written = Files.getLastModifiedTime(temp).toInstant();
        if (pid == null) {
            return written.isBefore(Instant.now().minus(UNOWNED_AGE));
        }
        long id = Long.parseLong(pid);
        if (id == ProcessHandle.current().pid()) {
            return false;
        }
        Optional<ProcessHandle> writer = ProcessHandle.of(id);
        if (writer.isEmpty() || !writer.get().isAlive()) {
            return true;
        }
        // The PID may have been reused: a process that started after the file was last written isn't its writer.
        Optional<Instant> started = writer.get().info().startInstant();
        return started.isPresent() && started.get().isAfter(written.plus(CLOCK_SLACK));
    }

    /**
     * Moves a complete file (for example a verified download) over {@code target} in one step, and
     * forces the folder to disk so that the move is durable.
     *
     * @param source a file in the same folder as {@code target}
     * @param target the file to create or replace
     * @throws IOException when the move fails
     */
    public static void moveIntoPlace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceFolder(target.toAbsolutePath().getParent());
    }

    /** Forces a folder's entries (a rename, a deletion) to disk, where the file system allows it. */
    private static void forceFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems (and Windows) can't open or force a folder; the rename itself has happened.
        }
    }
}
