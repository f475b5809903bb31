package keras4j.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Left-aligned columns separated by two spaces, the last one unpadded.
 *
 * <pre>{@code
 * TextTable table = new TextTable("Recipe", "Data set");
 * table.row("mnist-mlp", "mnist");
 * table.print(out);
 * }</pre>
 */
public final class TextTable {
    private final List<String[]> rows = new ArrayList<>();

    /** @param header the column titles */
    public TextTable(String... header) {
        rows.add(header);
    }

    /** @param cells one row's cells @return this table */
    public TextTable row(Object... cells) {
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = String.valueOf(cells[i]);
        }
        rows.add(row);
        return this;
    }

    /** @param out where to print the rows */
    public void print(PrintWriter out) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                line.append(row[c]);
                if (c < row.length - 1) {
                    line.append(" ".repeat(widths[c] - row[c].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }
}
