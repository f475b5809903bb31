package keras4j.datasets.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens gzip and raw files alike: the first two bytes decide, never the file name.
 *
 * <pre>{@code
 * try (InputStream in = Compression.decompressed(Files.newInputStream(path))) { ... }
 * }</pre>
 */
public final class Compression {
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private Compression() {
    }

    /**
     * @param in a raw or gzip-compressed stream; closed when the returned stream is closed
     * @return the uncompressed content
     * @throws IOException when the gzip header is corrupt
     */
    public static InputStream decompressed(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        if (first == GZIP_MAGIC_1 && second == GZIP_MAGIC_2) {
            return new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16);
        }
        return buffered;
    }

    /**
     * The size a file has once uncompressed, read without decompressing: its length for a raw file,
     * the gzip trailer's size field (the size modulo 2^32) for a gzip file.
     *
     * @param file a raw or gzip file
     * @return the uncompressed size (modulo 2^32 for gzip)
     * @throws IOException when the file can't be read
     */
    public static long uncompressedSize(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            long length = channel.size();
            ByteBuffer head = ByteBuffer.allocate(2);
            channel.read(head, 0);
            if (length < 18 || (head.get(0) & 0xff) != GZIP_MAGIC_1 || (head.get(1) & 0xff) != GZIP_MAGIC_2) {
                return length;
            }
            ByteBuffer trailer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(trailer, length - 4);
            return trailer.getInt(0) & 0xffffffffL;
        }
    }
}
