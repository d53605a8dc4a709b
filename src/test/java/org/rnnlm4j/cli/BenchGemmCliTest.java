/*
 * `bench gemm`: one JSON line per shape and thread count with a positive GFLOP/s; an unknown shape set
 * or thread count is a one-line error.
 */
package org.rnnlm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.io.Json;

class BenchGemmCliTest {
    @Test
    void printsOneJsonLinePerShapeAndThreadCount() {
        CliRunner.Result r = CliRunner.run("bench", "gemm", "--shapes", "lstm", "--threads", "1,2", "--min-seconds", "0.01");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.out());
        for (int i = 0; i < 2; i++) {
            Map<?, ?> m = (Map<?, ?>) Json.parse(lines[i]);
            assertEquals("gemm", m.get("bench"));
            assertEquals(32, ((Number) m.get("m")).intValue());
            assertEquals(i + 1, ((Number) m.get("threads")).intValue());
            assertTrue(((Number) m.get("gflops")).doubleValue() > 0, lines[i]);
        }
        CliRunner.Result bad = CliRunner.run("bench", "gemm", "--shapes", "cubes");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("unknown shape set 'cubes'"), bad.err());
        CliRunner.Result zero = CliRunner.run("bench", "gemm", "--threads", "0");
        assertEquals(2, zero.exit());
        assertTrue(zero.err().contains("--threads must be at least 1"), zero.err());
    }
}
