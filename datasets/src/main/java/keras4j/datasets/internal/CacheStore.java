package keras4j.datasets.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import keras4j.internal.AtomicFiles;

/**
 * The one way a file gets into the cache, whatever the source (mirror, npm, Debian package, a
 * system copy): the bytes are uncompressed if gzip, hashed while written to a temporary file next
 * to the target, and moved into place only when the SHA-256 matches. A file that fails is never
 * used and never left behind.
 *
 * <pre>{@code
 * store.put(file, connection.getInputStream(), url.toString(), progressBar);
 * }</pre>
 */
public final class CacheStore {
    private final Path folder;

    /** @param folder the data set's cache folder */
    public CacheStore(Path folder) {
        this.folder = folder;
    }

    /** @return the data set's cache folder */
    public Path folder() {
        return folder;
    }

    /**
     * @param file an IDX file of the data set
     * @return where its verified, uncompressed copy lives in the cache
     */
    public Path pathOf(IdxFile file) {
        return folder.resolve(file.name());
    }

    /**
     * Verifies and stores one file.
     *
     * @param file     which file the bytes should be
     * @param content  raw or gzip bytes; left open
     * @param origin   where they come from, for errors
     * @param progress a progress bar, or {@code null}
     * @return the stored file
     * @throws VerificationException when the bytes are not the pinned ones (nothing is stored)
     * @throws IOException           when reading or writing fails (nothing is stored)
     */
    public Path put(IdxFile file, InputStream content, String origin, ProgressBar progress) throws IOException {
        Path target = pathOf(file);
        AtomicFiles.write(target, out -> Sha256.copyVerified(content, out, file.sha256(), origin, progress));
        Sha256.remember(target, file.sha256());
        return target;
    }
}
