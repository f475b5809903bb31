package keras4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import keras4j.Keras4jException;

/** Starting Spark: an unreachable master is one line within seconds; failures explained. */
class Keras4jSparkTest {
    @Test
    void anUnreachableMasterIsOneLineWithinSeconds() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();   // free now, so nothing listens on it below
        }
        String master = "spark://127.0.0.1:" + port;
        long start = System.nanoTime();
        Keras4jException e = assertThrows(Keras4jException.class,
                () -> Keras4jSpark.session(LocalSpark.loopback(master)));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 2 * Keras4jSpark.CONNECT_TIMEOUT_SECONDS, seconds + " s");
        assertTrue(e.getMessage().startsWith("Spark master " + master + " is unreachable: 127.0.0.1:" + port + " ("),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("check the URL: spark://HOST:PORT as the master's web page shows it."),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        Keras4jException port0 = assertThrows(Keras4jException.class, () -> Keras4jSpark.checkMaster("spark://h:x"));
        assertEquals("Spark master URL spark://h:x has no valid port in 'h:x'. Write it as spark://HOST:PORT (7077 by "
                + "default).", port0.getMessage());
    }

    @Test
    void aFailureOtherThanKeras4jsBecomesOneLine() {
        RuntimeException e = Keras4jSpark.explain(new IllegalStateException("Job aborted due to stage failure: boom\n"
                + "\tat somewhere\nDriver stacktrace:"));
        assertEquals("Spark job failed: Job aborted due to stage failure: boom", e.getMessage());
        RuntimeException text = Keras4jSpark.explain(new RuntimeException("Lost task 0.0: keras4j.Keras4jException: "
                + "Row 1 of partition 0 of the input table: bad.\n\tat x"));
        assertTrue(text instanceof Keras4jException);
        assertEquals("Row 1 of partition 0 of the input table: bad.", text.getMessage());
    }
}
