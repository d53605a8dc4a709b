/*
 * Golden: compares a command's output with a file in src/test/resources/golden. On a mismatch the
 * actual output is written to target/golden-actual/NAME, for a diff; a golden file is never
 * rewritten by a test (regenerate by copying that file over, after checking it by hand).
 */
package org.rnnlm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

final class Golden {
    private Golden() {
    }

    static String read(String name) throws IOException {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
            assertNotNull(in, "missing golden file src/test/resources/golden/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void assertMatches(String name, String actual) throws IOException {
        String expected = read(name);
        if (!expected.equals(actual)) {
            Path out = Path.of("target", "golden-actual", name);
            Files.createDirectories(out.getParent());
            Files.writeString(out, actual, StandardCharsets.UTF_8);
            assertEquals(expected, actual, "output differs from golden/" + name + " (actual output in " + out + ")");
        }
    }
}
