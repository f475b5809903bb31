/**
 * Implementation detail of {@code keras4j.datasets}: IDX and CSV parsing, checksums, the download
 * cache and the sources a data set is fetched from. Not part of the public API; it may change in any
 * release.
 */
package keras4j.datasets.internal;
