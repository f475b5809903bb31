package keras4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code keras4j}: the top command; its subcommands do the work. */
@Command(name = "keras4j", mixinStandardHelpOptions = true, versionProvider = Keras4jCommand.Version.class,
        description = "Keras for Java, on Deeplearning4j: train, evaluate and use ready-made models.",
        subcommands = {ModelsCommand.class, SummaryCommand.class, TrainCommand.class, TrainCsvCommand.class,
                TrainImagesCommand.class, EvaluateCommand.class, PredictCommand.class, ExportCommand.class,
                DatasetsCommand.class, ServeCommand.class},
        footer = {"", "Exit status: 0 success, 1 failure while running, 2 bad usage or bad input.",
                "Data sets and settings live in ~/.keras4j (or $KERAS4J_HOME)."})
public final class Keras4jCommand implements Callable<Integer> {
    private final boolean progressBar;

    @Spec
    private CommandSpec spec;

    @Option(names = Main.DEBUG, scope = ScopeType.INHERIT,
            description = "Show stack traces of errors and DL4J's INFO logging.")
    private boolean debug;

    /** @param progressBar whether standard output is a terminal that can show a progress bar */
    public Keras4jCommand(boolean progressBar) {
        this.progressBar = progressBar;
    }

    /** @return whether training may redraw a progress bar on standard output */
    boolean progressBar() {
        return progressBar;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing a command: one of "
                + String.join(", ", spec.subcommands().keySet()) + ".");
    }

    /** The version: keras4j's and the DL4J it runs on. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties versions = new Properties();
            try (InputStream in = Keras4jCommand.class.getResourceAsStream("/keras4j/version.properties")) {
                if (in != null) {
                    versions.load(in);
                }
            }
            return new String[] {"keras4j " + versions.getProperty("keras4j.version", "unknown") + " (DL4J "
                    + versions.getProperty("dl4j.version", "unknown") + ", Java " + System.getProperty("java.version")
                    + ")"};
        }
    }
}
