/*
 * CsvReaderTest: RFC 4180 parsing and the lenient corners the tutorial's data relies on.
 */
package org.rnnlm4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnnlm4j.RnnlmException;

class CsvReaderTest {

    private static List<String> column(String csv, String column) {
        return CsvReader.readColumn(new StringReader(csv), column, "test.csv");
    }

    @Test
    void readsPlainAndQuotedFields() {
        assertEquals(List.of("x", "hello, world", ""), column("id,body\n1,x\n2,\"hello, world\"\n3,\n", "body"));
    }

    @Test
    void keepsNewlinesInsideQuotes() {
        assertEquals(List.of("line one\nline two\r\nline three"),
                column("body\n\"line one\nline two\r\nline three\"\n", "body"));
    }

    @Test
    void doubledQuotesAreOneQuote() {
        assertEquals(List.of("say \"nah\" now", "\""), column("body\n\"say \"\"nah\"\" now\"\n\"\"\"\"\n", "body"));
    }

    @Test
    void crlfAndLoneCrEndRecords() {
        assertEquals(List.of("a", "b", "c"), column("body\r\na\r\nb\rc\r\n", "body"));
        assertEquals(List.of(List.of("h1", "h2"), List.of("1", "2")), CsvReader.readAll(new StringReader("h1,h2\r\n1,2")));
    }

    @Test
    void unterminatedLastRecordIsKept() {
        assertEquals(List.of("complete", "cut mid-\nquote\n"), column("body\ncomplete\n\"cut mid-\nquote\n", "body"));
    }

    @Test
    void lastRecordWithoutNewlineIsKept() {
        assertEquals(List.of("one", "two"), column("body\none\ntwo", "body"));
    }

    @Test
    void blankLinesAndShortRowsAreSkipped() {
        assertEquals(List.of("b1", "b3"), column("a,b\n\n1,b1\n2\n\r\n3,b3\n\n", "b"));
    }

    @Test
    void quoteInsideUnquotedFieldIsLiteralAndTextAfterClosingQuoteIsKept() {
        // Python's csv module (excel dialect) behaves the same
        assertEquals(List.of("5\" screen", "abcdef"), column("body\n5\" screen\n\"abc\"def\n", "body"));
    }

    @Test
    void leadingBomIsIgnored() {
        assertEquals(List.of("x"), column("\uFEFFbody\nx\n", "body"));
    }

    @Test
    void missingColumnListsTheColumns() {
        RnnlmException e = assertThrows(RnnlmException.class, () -> column("id,text\n1,hi\n", "body"));
        assertEquals("test.csv has no column \"body\" (columns: id, text): pass --csv-column NAME", e.getMessage());
    }

    @Test
    void emptyInputHasNoHeader() {
        RnnlmException e = assertThrows(RnnlmException.class, () -> column("\n\n", "body"));
        assertTrue(e.getMessage().startsWith("test.csv is empty"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void readsAcrossBufferBoundaries() {
        String longField = "x".repeat(20_000) + "\r\n\"" + "y".repeat(10_000);
        List<String> values = column("body\r\n\"" + longField.replace("\"", "\"\"") + "\"\r\nshort\r\n", "body");
        assertEquals(2, values.size());
        assertTrue(longField.equals(values.get(0)), "long field differs, length " + values.get(0).length());
        assertEquals("short", values.get(1));
    }

    @Test
    void readErrorsBecomeRnnlmExceptions() {
        Reader failing = new Reader() {
            @Override
            public int read(char[] buf, int off, int len) throws IOException {
                throw new IOException("disk on fire");
            }

            @Override
            public void close() {
            }
        };
        RnnlmException e = assertThrows(RnnlmException.class, () -> CsvReader.readColumn(failing, "body", "x.csv"));
        assertEquals("cannot read x.csv: disk on fire", e.getMessage());
    }
}
