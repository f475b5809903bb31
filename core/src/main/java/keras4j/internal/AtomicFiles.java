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

/**
 * Writes files so that a reader never sees a half-written one: the bytes go to a temporary file in
 * the same folder, are forced to disk, and the file is then moved over the target in one step. A
 * failure at any point leaves the old target (if any) untouched and removes the temporary file.
 *
 * <pre>{@code
 * AtomicFiles.write(path, out -> out.write(bytes));
 * }</pre>
 */
public final class AtomicFiles {
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
     * Writes {@code target} atomically.
     *
     * @param target the file to create or replace
     * @param writer writes the content
     * @throws IOException when the file cannot be written; the target is then unchanged
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Files.createDirectories(folder);
        removeStaleTemporaries(absolute);
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
     * uses, so that one left by a killed process is swept like them. The caller deletes it.
     *
     * @param target the file the temporary one helps to write
     * @return the new file
     * @throws IOException when it can't be created
     */
    public static Path createTemporary(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        return Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp");
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
     * Deletes temporary files an earlier writer of {@code target} left when its process was killed
     * mid-write (a live writer's file is at most seconds old, so only older ones go).
     */
    private static void removeStaleTemporaries(Path target) throws IOException {
        String prefix = "." + target.getFileName() + ".";
        long cutoff = System.currentTimeMillis() - 60_000;
        try (java.util.stream.Stream<Path> siblings = Files.list(target.getParent())) {
            for (Path p : (Iterable<Path>) siblings::iterator) {
                String n = p.getFileName().toString();
                if (n.startsWith(prefix) && n.endsWith(".tmp") && Files.getLastModifiedTime(p).toMillis() < cutoff) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * Moves a complete file (for example a verified download) over {@code target} in one step.
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
    }
}
