package keras4j.cli;

import org.junit.jupiter.api.Test;

/** --spark without the Spark module on the class path (as in this module's tests): one line saying how to get it. */
class SparkOptionTest {
    @Test
    void sparkWithoutTheModuleSaysHowToGetIt() {
        Cli.run("train", "xor-mlp", "--spark", "local[2]", "--epochs", "1").assertUsageError(SparkRunner.MISSING);
        Cli.run("predict", "--spark", "local[2]", "model.keras4j", "in.csv", "out.csv")
                .assertUsageError(SparkRunner.MISSING);
        Cli.run("predict", "--spark", "local[2]", "model.keras4j", "in.csv")
                .assertUsageError("predict --spark takes a model, an input table and an output path");
    }
}
