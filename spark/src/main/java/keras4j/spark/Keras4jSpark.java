package keras4j.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.LoggerFactory;

import keras4j.Keras4jException;

/**
 * Starting Spark for keras4j: a {@link SparkSession} whose logging stays off the console, whose
 * master is checked before Spark waits on it (an unreachable {@code spark://} master is one
 * {@link Keras4jException} within seconds, not a hang), and Spark failures turned back into
 * keras4j's one-line messages ({@link #explain}).
 *
 * <pre>{@code
 * SparkSession spark = Keras4jSpark.session("spark://10.0.0.5:7077");
 * History history = new SparkTrainer(spark).fit(model, table, "features", "label", new FitOptions());
 * }</pre>
 *
 * <p>On Java 17 the JVM that creates the session needs {@link #JAVA_17_FLAGS} (the {@code ./keras4j}
 * launcher adds them with {@code --spark}; Spark adds them to its executors itself). Spark's and
 * DL4J's own log lines are off by default: with keras4j's slf4j-simple, give them back with
 * {@code -Dorg.slf4j.simpleLogger.log.org.apache.spark=warn}; under {@code spark-submit} Spark's
 * log4j2 configuration applies.
 */
public final class Keras4jSpark {
    /**
     * The JVM options Spark needs on Java 17 and later (module access for its memory and Kryo code),
     * as {@code spark/pom.xml}'s {@code spark.java17.flags} gives them to the tests and the launcher.
     */
    public static final List<String> JAVA_17_FLAGS = readFlags();
    /** The application name keras4j's sessions get unless the configuration names one. */
    public static final String APP_NAME = "keras4j";
    /** Seconds to wait for a master's TCP port before giving up on it. */
    public static final int CONNECT_TIMEOUT_SECONDS = 5;
    /**
     * Configuration key: seconds a session on a cluster waits for its first executor before it
     * fails with a message (default 120); no executor means no free worker for the application.
     */
    public static final String EXECUTOR_WAIT_KEY = "keras4j.spark.executorWaitSeconds";

    /** The loggers whose lines stay off the console unless the user configured them. */
    private static final List<String> NOISY_LOGGERS = List.of("org.apache.spark", "org.sparkproject",
            "org.apache.hadoop", "org.apache.parquet", "io.netty", "org.deeplearning4j.spark", "org.nd4j.kryo",
            "org.apache.spark.storage", "org.apache.spark.scheduler");

    private Keras4jSpark() {
    }

    private static List<String> readFlags() {
        try (java.io.InputStream in = Keras4jSpark.class.getResourceAsStream("jvm-flags.txt")) {
            if (in == null) {
                throw new IllegalStateException("keras4j-spark's jvm-flags.txt is missing from its jar");
            }
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            return List.of(text.split("\\s+"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * @param master a Spark master URL: {@code local[2]}, {@code spark://host:7077}, {@code yarn}, ...
     * @return a session on it (the one already running in this JVM, if any)
     * @throws Keras4jException when the master can't be reached
     */
    public static SparkSession session(String master) {
        return session(new SparkConf().setMaster(master));
    }

    /**
     * @param conf the configuration (its master, when set, is checked first)
     * @return a session with it (the one already running in this JVM, if any)
     * @throws Keras4jException when the master can't be reached, or no executor joins in time
     */
    public static SparkSession session(SparkConf conf) {
        quietLogs();
        if (!conf.contains("spark.app.name")) {
            conf.setAppName(APP_NAME);
        }
        String master = conf.get("spark.master", null);
        if (master != null) {
            checkMaster(master);
        }
        SparkSession session;
        try {
            session = SparkSession.builder().config(conf).getOrCreate();
        } catch (Exception e) {
            throw explain(e);
        }
        if (master != null && master.startsWith("spark://")) {
            awaitExecutor(session, conf.getInt(EXECUTOR_WAIT_KEY, 120));
        }
        return session;
    }

    /** Keeps Spark's, Hadoop's and DL4J-Spark's log lines off the console, unless the user configured them. */
    public static void quietLogs() {
        for (String logger : NOISY_LOGGERS) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "off");
            }
        }
        // Under spark-submit slf4j goes to log4j2, which Spark configures: leave it to the cluster's settings
        // unless nothing was configured (then Spark prints INFO lines).
        if (LoggerFactory.getILoggerFactory().getClass().getName().startsWith("org.apache.logging")
                && System.getProperty("log4j2.configurationFile") == null
                && System.getProperty("log4j.configurationFile") == null) {
            for (String logger : NOISY_LOGGERS) {
                org.apache.logging.log4j.core.config.Configurator.setLevel(logger,
                        org.apache.logging.log4j.Level.ERROR);
            }
        }
    }

    /**
     * Checks that a standalone master ({@code spark://host:port}, or several separated by commas)
     * accepts connections, within {@link #CONNECT_TIMEOUT_SECONDS} per address; other masters pass.
     *
     * @param master the master URL
     * @throws Keras4jException when none of its addresses can be reached, or the URL is malformed
     */
    public static void checkMaster(String master) {
        if (!master.startsWith("spark://")) {
            return;
        }
        List<String> failures = new ArrayList<>();
        for (String address : master.substring("spark://".length()).split(",")) {
            int colon = address.lastIndexOf(':');
            int port;
            try {
                port = colon < 0 ? 7077 : Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new Keras4jException("Spark master URL " + master + " has no valid port in '" + address
                        + "'. Write it as spark://HOST:PORT (7077 by default).");
            }
            String host = colon < 0 ? address : address.substring(0, colon);
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_SECONDS * 1000);
                return;
            } catch (IOException e) {
                failures.add(host + ":" + port + " (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage()) + ")");
            }
        }
        throw new Keras4jException("Spark master " + master + " is unreachable: " + String.join(", ", failures)
                + ". Start the master (sbin/start-master.sh) or check the URL: spark://HOST:PORT as the master's "
                + "web page shows it.");
    }

    private static void awaitExecutor(SparkSession session, int seconds) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.sparkContext());
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (sc.sc().statusTracker().getExecutorInfos().length < 2) {   // the driver counts as one
            if (System.nanoTime() > deadline || sc.sc().isStopped()) {
                String master = sc.master();
                session.stop();
                throw new Keras4jException("Spark master " + master + " gave this application no executor within "
                        + seconds + " s: no worker has the free cores and memory it asks for (spark.executor.memory "
                        + sc.getConf().get("spark.executor.memory", "1g") + "). Start workers, ask for less, or wait "
                        + "longer with --conf " + EXECUTOR_WAIT_KEY + "=SECONDS.");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Keras4jException("Interrupted while waiting for Spark executors on " + sc.master() + ".");
            }
        }
    }

    /**
     * Turns a failed Spark job back into what went wrong: the {@link Keras4jException} an executor
     * threw (a bad row, named by partition and offset) keeps its message; any other failure becomes
     * one line, its cause kept for {@code --debug}.
     *
     * @param failure what Spark threw
     * @return the exception to throw
     */
    public static RuntimeException explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Keras4jException k) {
                return new Keras4jException(k.getMessage(), failure);
            }
        }
        String message = String.valueOf(failure.getMessage());
        int marker = message.indexOf(Keras4jException.class.getName() + ": ");
        if (marker >= 0) {   // an exception Spark could only pass on as text
            String rest = message.substring(marker + Keras4jException.class.getName().length() + 2);
            return new Keras4jException(rest.lines().findFirst().orElse(rest).strip(), failure);
        }
        String first = message.lines().findFirst().orElse(message).strip();
        return new IllegalStateException("Spark job failed: " + first, failure);
    }
}
