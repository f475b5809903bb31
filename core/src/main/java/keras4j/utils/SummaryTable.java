package keras4j.utils;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Keras's {@code model.summary()} table: one row per layer with its name and type, output shape
 * and parameter count (and, for a model that is not a plain stack, the layers it is
 * "Connected to"), then the total, trainable and non-trainable parameter counts with their size
 * as float32.
 *
 * <pre>{@code
 * SummaryTable table = new SummaryTable("mlp", false);
 * table.row("dense (Dense)", "(None, 64)", 50240, List.of());
 * table.print(50240, 0, System.out::println);
 * }</pre>
 */
public final class SummaryTable {
    private final String modelName;
    private final boolean connected;
    private final List<String[]> rows = new ArrayList<>();

    /**
     * @param modelName the name in the title
     * @param connected whether to show Keras's "Connected to" column (Functional models)
     */
    public SummaryTable(String modelName, boolean connected) {
        this.modelName = modelName;
        this.connected = connected;
    }

    /**
     * @param layer       "name (Type)"
     * @param outputShape e.g. "(None, 64)"
     * @param params      the layer's parameter count
     * @param inbound     the tensors it takes from as Keras shows them, e.g.
     *                    {@code ["dense[0][0]", "lstm[0][1]"]} (a layer's name, Keras's node index
     *                    and which of the layer's outputs); empty for an input
     */
    public void row(String layer, String outputShape, long params, List<String> inbound) {
        rows.add(new String[] {layer, outputShape, String.format(Locale.ROOT, "%,d", params),
                inbound.isEmpty() ? "-" : String.join(", ", inbound)});
    }

    /**
     * @param total        every parameter
     * @param nonTrainable those not trained (frozen layers, moving statistics)
     * @param printFn      receives each line
     */
    public void print(long total, long nonTrainable, Consumer<String> printFn) {
        int[] widths = connected ? new int[] {29, 26, 12, 22} : new int[] {29, 26, 12};
        for (String[] row : rows) {
            widths[0] = Math.max(widths[0], row[0].length() + 2);
            widths[1] = Math.max(widths[1], row[1].length() + 2);
            if (connected) {
                widths[3] = Math.max(widths[3], row[3].length() + 1);
            }
        }
        int width = 0;
        for (int w : widths) {
            width += w;
        }
        String rule = "_".repeat(width + 3);
        printFn.accept("Model: \"" + modelName + "\"");
        printFn.accept(rule);
        printFn.accept(connected ? line(widths, "Layer (type)", "Output Shape", "Param #", "Connected to")
                : line(widths, "Layer (type)", "Output Shape", "Param #"));
        printFn.accept("=".repeat(rule.length()));
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            printFn.accept(connected ? line(widths, row) : line(widths, row[0], row[1], row[2]));
            if (i < rows.size() - 1) {
                printFn.accept("");
            }
        }
        printFn.accept("=".repeat(rule.length()));
        printFn.accept(String.format(Locale.ROOT, "Total params: %,d (%s)", total, bytes(total)));
        printFn.accept(String.format(Locale.ROOT, "Trainable params: %,d (%s)", total - nonTrainable,
                bytes(total - nonTrainable)));
        printFn.accept(String.format(Locale.ROOT, "Non-trainable params: %,d (%s)", nonTrainable, bytes(nonTrainable)));
        printFn.accept(rule);
    }

    private static String line(int[] widths, String... cells) {
        StringBuilder s = new StringBuilder(" ");
        for (int i = 0; i < cells.length; i++) {
            s.append(cells[i]);
            s.append(" ".repeat(Math.max(1, widths[i] - cells[i].length())));
        }
        return s.toString().stripTrailing();
    }

    private static String bytes(long params) {
        double b = params * 4.0;
        String[] units = {"B", "KB", "MB", "GB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f %s", b, units[u]);
    }
}
