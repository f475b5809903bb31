package keras4j.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that refuses to yield more than a set number of bytes: reading past the limit throws
 * {@link TooLarge}. It bounds what a zip entry inflates to whatever its header claims (zip
 * headers can lie), so a small file can't make keras4j read gigabytes.
 *
 * <pre>{@code
 * byte[] json = new LimitedInputStream(zip.getInputStream(entry), 16 << 20).readAllBytes();
 * }</pre>
 */
final class LimitedInputStream extends FilterInputStream {
    /** Thrown when the stream holds more than the limit. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("more than " + limit + " bytes");
        }
    }

    private final long limit;
    private long count;

    /** @param in the stream @param limit the most bytes it may yield */
    LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    /** @return the bytes read so far */
    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, (int) Math.min(len, limit - count + 1));
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, limit - count + 1));
        counted(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void counted(long n) throws TooLarge {
        count += n;
        if (count > limit) {
            throw new TooLarge(limit);
        }
    }

    /** Reads the rest of the stream, counting it. @return the bytes read */
    long drain() throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n; (n = read(buffer, 0, buffer.length)) > 0; ) {
            total += n;
        }
        return total;
    }
}
