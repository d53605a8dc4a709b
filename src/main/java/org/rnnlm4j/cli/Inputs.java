/*
 * Inputs: reading user text for score/eval/rescore — a file or standard input ("-"), strictly UTF-8,
 * line by line in constant memory — and loading a model with a clear error (and, for left-to-right
 * use of a bidirectional model, a note that only its forward stack is used).
 */
package org.rnnlm4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.ModelStore;

final class Inputs {
    private Inputs() {
    }

    interface LineHandler {
        void line(long number, String text);
    }

    interface ReaderHandler {
        void read(BufferedReader reader, String name) throws IOException;
    }

    /** The name of source in messages: the path, or "standard input" for null and "-". */
    static String name(String source) {
        return source == null || source.equals("-") ? "standard input" : source;
    }

    /** Calls handler for every line of source ("-" = stdin) without holding the input in memory. */
    static void forEachLine(String source, LineHandler handler) {
        withReader(source, (r, name) -> {
            String line;
            long n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (n == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.indexOf('\0') >= 0) {
                    throw new RnnlmException(name + " looks like a binary file (NUL byte on line " + n + "): pass a UTF-8 text file");
                }
                handler.line(n, line);
            }
        });
    }

    /**
     * Opens source ("-" or null = stdin) as strict UTF-8 and hands the reader to handler; a missing
     * file, bad UTF-8 or a read error becomes a one-line RnnlmException.
     */
    static void withReader(String source, ReaderHandler handler) {
        String name = name(source);
        try (InputStream in = source == null || source.equals("-") ? System.in : Files.newInputStream(Path.of(source));
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                     .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            handler.read(r, name);
        } catch (NoSuchFileException e) {
            throw new RnnlmException("cannot read " + name + ": no such file");
        } catch (CharacterCodingException e) {
            throw notUtf8(name);
        } catch (IOException e) {
            throw new RnnlmException("cannot read " + name + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw e.getCause() instanceof CharacterCodingException ? notUtf8(name)
                    : new RnnlmException("cannot read " + name + ": " + e.getCause().getMessage());
        } catch (RnnlmException e) {
            // the CSV reader wraps its read errors
            throw e.getCause() instanceof UncheckedIOException u && u.getCause() instanceof CharacterCodingException
                    ? notUtf8(name) : e;
        }
    }

    private static RnnlmException notUtf8(String name) {
        return new RnnlmException(name + " is not valid UTF-8: convert it first (e.g. iconv -f latin1 -t utf-8)");
    }

    /**
     * A model for left-to-right use (score, eval, rescore, generate). Of a bidirectional model only
     * the left-to-right stack is used, and a note on stderr says so.
     */
    static LanguageModel model(Path path) {
        LanguageModel m = load(path);
        if (m.config().bidirectional()) {
            System.err.println("rnnlm4j: note: " + path + " is bidirectional; left-to-right use takes its forward stack only"
                    + " (the right-to-left stack serves 'rnnlm4j fill')");
        }
        return m;
    }

    /** A model, whatever its kind, with a clear error when none is given. */
    static LanguageModel load(Path path) {
        if (path == null) {
            throw new RnnlmException("no model given: pass --model FILE (train one with 'rnnlm4j train' or 'rnnlm4j demo')");
        }
        return ModelStore.load(path);
    }
}
