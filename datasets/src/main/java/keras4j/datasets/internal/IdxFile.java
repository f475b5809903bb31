package keras4j.datasets.internal;

/**
 * One IDX file of an image data set, with the SHA-256 of its uncompressed bytes.
 *
 * <pre>{@code
 * IdxFile labels = new IdxFile("train-labels-idx1-ubyte", "65a50c...", IdxFile.Kind.LABELS, 60000);
 * }</pre>
 *
 * @param name          the file name without {@code .gz}, as the original distribution names it
 * @param sha256        lower-case hex SHA-256 of the uncompressed file
 * @param kind          images (rank 3) or labels (rank 1)
 * @param expectedCount the number of examples the file must hold
 */
public record IdxFile(String name, String sha256, Kind kind, int expectedCount) {
    /** What an IDX file holds. */
    public enum Kind {
        /** Magic 0x00000803: count, rows, columns, then one unsigned byte per pixel. */
        IMAGES,
        /** Magic 0x00000801: count, then one unsigned byte per label. */
        LABELS
    }

    /** @return the compressed file name the public mirrors and Debian use */
    public String gzipName() {
        return name + ".gz";
    }
}
