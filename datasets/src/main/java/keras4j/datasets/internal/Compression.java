package keras4j.datasets.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
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
}
