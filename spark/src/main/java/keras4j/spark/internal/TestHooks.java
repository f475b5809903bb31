package keras4j.spark.internal;

import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * Fault injection for tests, off unless a test sets {@link #FAIL_ONCE_KEY} (in the Spark
 * configuration, or as a local property of the thread that starts the job): the first attempt of
 * that partition's task in each stage that reads the data fails, so that a test sees Spark retry it
 * and the job finish with the same result.
 *
 * <pre>{@code
 * sc.setLocalProperty(TestHooks.FAIL_ONCE_KEY, "1");   // the first attempt of partition 1 fails
 * }</pre>
 */
public final class TestHooks {
    /** Configuration key or local property (tests only): the partition whose first task attempt fails. */
    public static final String FAIL_ONCE_KEY = "keras4j.spark.test.failFirstAttemptOfPartition";
    /** The start of the failure's message. */
    public static final String MESSAGE = "keras4j test hook: the first attempt of partition ";

    private TestHooks() {
    }

    /** Called by keras4j's tasks at the start of a partition: fails its first attempt when so configured. */
    public static void atPartitionStart() {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return;
        }
        String value = task.getLocalProperty(FAIL_ONCE_KEY);
        if (value == null && SparkEnv.get() != null) {
            value = SparkEnv.get().conf().get(FAIL_ONCE_KEY, null);
        }
        if (value != null && task.partitionId() == Integer.parseInt(value.strip()) && task.attemptNumber() == 0) {
            throw new IllegalStateException(MESSAGE + value + " fails (" + FAIL_ONCE_KEY + ")");
        }
    }
}
