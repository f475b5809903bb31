package keras4j.spark;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** Counts the task attempts that failed while it listens (Spark reports them asynchronously). */
final class FailedTasks extends SparkListener implements AutoCloseable {
    private final SparkContext sc;
    private final AtomicInteger failed = new AtomicInteger();

    FailedTasks(SparkContext sc) {
        this.sc = sc;
        sc.addSparkListener(this);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (!taskEnd.taskInfo().successful()) {
            failed.incrementAndGet();
        }
    }

    /** @return the failed attempts, waiting up to 10 s for at least one to be reported */
    int count() throws InterruptedException {
        for (int i = 0; i < 100 && failed.get() == 0; i++) {
            Thread.sleep(100);
        }
        return failed.get();
    }

    @Override
    public void close() {
        sc.removeSparkListener(this);
    }
}
