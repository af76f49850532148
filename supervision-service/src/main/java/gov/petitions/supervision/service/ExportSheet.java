package gov.petitions.supervision.service;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Where the rows of an export go, one at a time: nothing is kept but the row being written (and, for XLSX, the rows
 * since the last flush), so a list of any length goes out in constant memory.
 */
interface ExportSheet extends AutoCloseable {

    void header(List<String> names) throws IOException;

    /** A row: String, Long/Integer (numbers) or null cells, in the header's order. */
    void row(Object[] cells) throws IOException;

    /** The file is complete (XLSX: the zip's end); the output stream stays open for the caller to close. */
    void finish() throws IOException;

    @Override
    default void close() {
    }

    static ExportSheet of(CaseExport.Format format, OutputStream out) throws IOException {
        return format == CaseExport.Format.XLSX ? new Xlsx(out) : new Csv(out);
    }

    /**
     * RFC 4180 CSV in UTF-8 with a byte-order mark, which is how Excel on a Chinese Windows knows the file is UTF-8
     * (without it Excel reads GBK and shows mojibake). A text cell that a spreadsheet would take for a formula
     * (=, +, -, @, tab, CR) starts with an apostrophe, so an exported petition cannot run as one (CSV injection).
     */
    final class Csv implements ExportSheet {
        private final Writer writer;

        Csv(OutputStream out) throws IOException {
            out.write(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            this.writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 16 * 1024);
        }

        @Override
        public void header(List<String> names) throws IOException {
            row(names.toArray());
        }

        @Override
        public void row(Object[] cells) throws IOException {
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    writer.write(',');
                }
                Object cell = cells[i];
                if (cell == null) {
                    continue;
                }
                if (cell instanceof Number n) {
                    writer.write(n.toString());
                } else {
                    writer.write(quoted(defused(cell.toString())));
                }
            }
            writer.write("\r\n");
        }

        @Override
        public void finish() throws IOException {
            writer.flush();
        }

        static String quoted(String text) {
            if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
                return text;
            }
            return '"' + text.replace("\"", "\"\"") + '"';
        }
    }

    /** A text cell a spreadsheet would read as a formula, made plain text. */
    static String defused(String text) {
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }

    /**
     * XLSX through fastexcel, which writes the zip as it goes: the rows are flushed to the output every
     * {@link #FLUSH_EVERY} rows and forgotten, and strings are written inline in the sheet rather than in a shared
     * strings table, which would otherwise hold every distinct text of the export in memory until the end.
     */
    final class Xlsx implements ExportSheet {
        static final int FLUSH_EVERY = 500;
        private final Workbook workbook;
        private final Worksheet sheet;
        private int next;

        Xlsx(OutputStream out) {
            this.workbook = new Workbook(out, "petitions", "1.0");
            this.sheet = workbook.newWorksheet("台账");
        }

        @Override
        public void header(List<String> names) throws IOException {
            for (int c = 0; c < names.size(); c++) {
                sheet.inlineString(next, c, names.get(c));
            }
            sheet.range(next, 0, next, names.size() - 1).style().bold().set();
            next++;
        }

        @Override
        public void row(Object[] cells) throws IOException {
            for (int c = 0; c < cells.length; c++) {
                Object cell = cells[c];
                if (cell instanceof Number n) {
                    sheet.value(next, c, n);
                } else if (cell != null) {
                    sheet.inlineString(next, c, cell.toString()); // a string cell, never a formula
                }
            }
            next++;
            if (next % FLUSH_EVERY == 0) {
                sheet.flush();
            }
        }

        @Override
        public void finish() throws IOException {
            sheet.finish();
            workbook.finish();
        }
    }
}
