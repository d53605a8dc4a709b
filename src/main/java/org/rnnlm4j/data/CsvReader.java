/*
 * CsvReader: one column of an RFC 4180 CSV file, read as a stream.
 *
 * Contract: the first record is the header. Fields may be quoted; inside quotes, commas, CR/LF and
 * doubled quotes ("") are literal. Records end at LF, CRLF or a lone CR outside quotes. The reading
 * is lenient in the way of Python's csv module (the reference the tutorial used): a quote inside an
 * unquoted field is a literal character, text right after a closing quote is appended to the field,
 * and a last record cut inside quotes at end of input is kept as it is. Blank lines are skipped, as
 * are records too short to have the requested column. A leading BOM is ignored.
 */
package org.rnnlm4j.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.rnnlm4j.RnnlmException;

public final class CsvReader {

    private static final int EOF = -1;

    private final Reader in;
    private final char[] buffer = new char[8192];
    private int bufferLength;
    private int bufferPos;
    private boolean atStart = true;

    private CsvReader(Reader in) {
        this.in = in;
    }

    /**
     * The values of column {@code column} (by header name, exact match) of every data record, in
     * file order. {@code sourceName} names the input in error messages (usually the file path).
     */
    public static List<String> readColumn(Reader in, String column, String sourceName) {
        List<String> values = new ArrayList<>();
        forEachValue(in, column, sourceName, values::add);
        return values;
    }

    /**
     * Hands the values of column {@code column} to {@code sink} one record at a time, in file order,
     * holding one record in memory: the streaming form of readColumn.
     */
    public static void forEachValue(Reader in, String column, String sourceName, Consumer<String> sink) {
        try {
            forEachValueOrFail(new CsvReader(in), column, sourceName, sink);
        } catch (UncheckedIOException e) {
            throw new RnnlmException("cannot read " + sourceName + ": " + e.getCause().getMessage(), e);
        }
    }

    private static void forEachValueOrFail(CsvReader reader, String column, String sourceName, Consumer<String> sink) {
        List<String> header = reader.nextRecord();
        if (header == null) {
            throw new RnnlmException(sourceName + " is empty: a CSV file needs a header line naming its columns, e.g. \""
                    + column + "\"");
        }
        int index = header.indexOf(column);
        if (index < 0) {
            throw new RnnlmException(sourceName + " has no column \"" + column + "\" (columns: "
                    + String.join(", ", header) + "): pass --csv-column NAME");
        }
        for (List<String> record = reader.nextRecord(); record != null; record = reader.nextRecord()) {
            if (index < record.size()) {
                sink.accept(record.get(index));
            }
        }
    }

    /** Every record of the input, the header included; for tests and tools. */
    public static List<List<String>> readAll(Reader in) {
        CsvReader reader = new CsvReader(in);
        List<List<String>> records = new ArrayList<>();
        for (List<String> record = reader.nextRecord(); record != null; record = reader.nextRecord()) {
            records.add(record);
        }
        return records;
    }

    /** The next non-blank record, or null at end of input. */
    private List<String> nextRecord() {
        int c = read();
        if (atStart) {
            atStart = false;
            if (c == '\uFEFF') {
                c = read();
            }
        }
        while (c == '\n' || c == '\r') { // blank lines
            c = read();
        }
        if (c == EOF) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        while (true) {
            if (quoted) {
                if (c == EOF) { // unterminated quote: keep what we have
                    fields.add(field.toString());
                    return fields;
                }
                if (c == '"') {
                    int next = read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        c = next;
                        continue;
                    }
                } else {
                    field.append((char) c);
                }
            } else {
                if (c == EOF || c == '\n' || c == '\r') {
                    fields.add(field.toString());
                    if (c == '\r') {
                        skipLineFeed();
                    }
                    return fields;
                }
                if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else if (c == '"' && field.length() == 0) { // a quote opens a field only at its start
                    quoted = true;
                } else {
                    field.append((char) c);
                }
            }
            c = read();
        }
    }

    private void skipLineFeed() {
        int next = read();
        if (next != '\n' && next != EOF) {
            bufferPos--; // push back: always possible, read() just consumed it from the buffer
        }
    }

    private int read() {
        if (bufferPos == bufferLength) {
            try {
                bufferLength = in.read(buffer, 0, buffer.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bufferPos = 0;
            if (bufferLength <= 0) {
                bufferLength = 0;
                return EOF;
            }
        }
        return buffer[bufferPos++];
    }
}
