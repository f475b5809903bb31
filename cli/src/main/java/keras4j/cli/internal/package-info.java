/**
 * Implementation detail of the command line: the files a training run writes (charts, confusion
 * matrix, image grid, JSON, CSV) and text tables. Not part of the public API.
 */
package keras4j.cli.internal;
