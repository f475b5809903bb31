/**
 * The {@code keras4j} command line ({@link keras4j.cli.Main}): {@code models}, {@code summary},
 * {@code train}, {@code train-csv}, {@code evaluate}, {@code predict}, {@code export} and
 * {@code datasets}. Each
 * command is a thin picocli {@code Callable} over the public API of keras4j-models and
 * keras4j-datasets, writing through its command line's writers.
 *
 * <p>Exit status: 0 success, 1 failure while running, 2 bad usage or bad input (one line on
 * standard error; {@code --debug} adds the stack trace and DL4J's logging).
 */
package keras4j.cli;
