package keras4j.spark;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.spark.SparkConf;

/**
 * A Spark standalone cluster on loopback for tests: one master and some workers, each a child JVM
 * running Spark's own {@code Master} / {@code Worker} on this test's class path; the executors the
 * workers start get that class path too. {@link #close} stops every process.
 *
 * <pre>{@code
 * try (StandaloneCluster cluster = StandaloneCluster.start(dir, 2)) {
 *     SparkSession spark = Keras4jSpark.session(cluster.conf());
 * }
 * }</pre>
 */
final class StandaloneCluster implements AutoCloseable {
    private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

    private final List<Process> processes = new ArrayList<>();
    private final Path dir;
    private final String classPath;
    private int masterPort;
    private int masterWebPort;

    private StandaloneCluster(Path dir) {
        this.dir = dir;
        String testPath = System.getProperty("surefire.test.class.path");
        this.classPath = testPath != null && !testPath.isBlank() ? testPath : System.getProperty("java.class.path");
    }

    /**
     * @param dir     a folder for the processes' logs, work folders and a stand-in SPARK_HOME
     * @param workers how many workers (1 core, 1 GB each)
     * @return the cluster, its workers registered with the master
     */
    static StandaloneCluster start(Path dir, int workers) throws IOException, InterruptedException {
        StandaloneCluster cluster = new StandaloneCluster(dir);
        try {
            cluster.startAll(workers);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll(int workers) throws IOException, InterruptedException {
        // Spark's launcher looks for SPARK_HOME/jars; everything is on the class path given instead.
        Files.createDirectories(dir.resolve("spark-home/jars"));
        masterPort = freePort();
        masterWebPort = freePort();
        processes.add(java("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                String.valueOf(masterPort), "--webui-port", String.valueOf(masterWebPort)));
        for (int i = 0; i < workers; i++) {
            Path work = Files.createDirectories(dir.resolve("worker-" + i));
            processes.add(java("worker-" + i, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", "1", "--memory", "1g", "--webui-port", String.valueOf(freePort()), "--work-dir",
                    work.toString(), master()));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (aliveWorkers() < workers) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("A cluster process exited (" + p.exitValue() + "); see the logs in "
                            + dir);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The workers didn't register with the master within 90 s; logs in "
                        + dir);
            }
            Thread.sleep(250);
        }
    }

    /** @return the master's URL */
    String master() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** @return a driver configuration for this cluster: small executors on this test's class path */
    SparkConf conf() {
        return LocalSpark.loopback(master())
                .set("spark.executor.memory", "640m")
                .set("spark.executor.cores", "1")
                .set("spark.cores.max", "2")
                .set("spark.executor.extraClassPath", classPath)
                .set("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1")
                .set("spark.default.parallelism", "2");
    }

    private Process java(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(Keras4jSpark.JAVA_17_FLAGS);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("SPARK_HOME", dir.resolve("spark-home").toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.12");
        builder.environment().put("SPARK_WORKER_DIR", dir.toString());
        return builder.start();
    }

    private int aliveWorkers() {
        try {
            HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + masterWebPort + "/json/")
                    .toURL().openConnection();
            http.setConnectTimeout(1000);
            http.setReadTimeout(2000);
            try (InputStream in = http.getInputStream()) {
                Matcher m = ALIVE_WORKERS.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                return m.find() ? Integer.parseInt(m.group(1)) : 0;
            } finally {
                http.disconnect();
            }
        } catch (IOException notYet) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Stops the workers (and so their executors), then the master; kills what doesn't stop in 10 s. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        processes.clear();
    }
}
