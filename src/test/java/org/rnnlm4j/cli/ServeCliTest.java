/*
 * `rnnlm4j serve` and `rnnlm4j bench serve` in-process: the help documents every endpoint; the flags'
 * defaults are ServeConfig.defaults(); bad flags, a missing model and a port in use are one-line
 * errors with exit code 2 (serve returns instead of blocking); a short `bench serve` on a tiny model
 * sends its requests, malformed ones included, and finds every answer right.
 */
package org.rnnlm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlm4j.Rnnlm;
import org.rnnlm4j.io.Json;
import org.rnnlm4j.server.ModelServer;
import org.rnnlm4j.server.ServeConfig;
import org.rnnlm4j.testutil.TinyModels;
import picocli.CommandLine;

class ServeCliTest {
    @TempDir
    Path dir;

    @Test
    void helpListsTheEndpointsAndLimits() {
        CliRunner.Result r = CliRunner.run("serve", "--help");
        assertEquals(0, r.exit());
        for (String s : new String[] {"GET  /health", "GET  /info", "POST /score", "POST /score/tokens", "POST /next",
                "POST /generate", "--max-body", "--max-sentences", "--max-tokens", "--timeout", "--threads", "curl"}) {
            assertTrue(r.out().contains(s), s);
        }
    }

    @Test
    void theFlagsDefaultsAreServeConfigDefaults() {
        ServeCommand c = new ServeCommand();
        new CommandLine(c).parseArgs();
        assertEquals(ServeConfig.defaults(), c.config());
        new CommandLine(c).parseArgs("--port", "0", "--threads", "3", "--timeout", "2.5", "--max-beam", "7");
        assertEquals(new ServeConfig("127.0.0.1", 0, 3, 1 << 20, 1000, 1000, 50, 500, 7, 2.5), c.config());
    }

    @Test
    @Timeout(120)   // a serve that wrongly started would block: fail instead of hanging the build
    void badFlagsAMissingModelAndAPortInUseAreOneLineErrors() {
        Path m = TinyModels.save(TinyModels.sentenceModel("gru"), dir, "words.model");
        assertError("--port must be in 0..65535", "serve", "--model", m.toString(), "--port", "70000");
        assertError("--threads must be at least 1", "serve", "--model", m.toString(), "--threads", "0");
        assertError("--timeout must be in", "serve", "--model", m.toString(), "--timeout", "0");
        assertError("no model given", "serve", "--port", "0");
        try (ModelServer busy = ModelServer.start(Rnnlm.load(m), ServeConfig.defaults().withPort(0))) {
            assertError("cannot listen on 127.0.0.1:" + busy.port(), "serve", "--model", m.toString(), "--port",
                    Integer.toString(busy.port()));
        }
    }

    private static void assertError(String fragment, String... args) {
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("rnnlm4j: error: ") && r.err().contains(fragment), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void benchServeChecksEveryAnswer() throws IOException {
        Path m = TinyModels.save(TinyModels.sentenceModel("lstm"), dir, "words.model");
        Path sentences = Files.writeString(dir.resolve("s.txt"), "the cat sat on the mat .\n\nthe dog sat\na zebra sat on the mat\n");
        CliRunner.Result r = CliRunner.run("bench", "serve", "--model", m.toString(), "--sentences", sentences.toString(),
                "--requests", "60", "--clients", "4", "--threads", "2", "--json");
        assertEquals(0, r.exit(), r.err());
        Map<?, ?> report = (Map<?, ?>) Json.parse(r.out().strip());
        assertEquals(60L, report.get("requests"));
        assertEquals(6L, report.get("malformed"));
        assertEquals(0L, report.get("wrong"));
        assertEquals(4, ((Map<?, ?>) report.get("endpoints")).size());
        double p50 = (double) report.get("p50_ms");
        double p99 = (double) report.get("p99_ms");
        assertTrue(p50 > 0 && p50 <= p99 && p99 <= (double) report.get("max_ms"), r.out());
    }

    @Test
    void percentilesAreNearestRank() {
        long[] ns = new long[100];
        for (int i = 0; i < 100; i++) {
            ns[i] = (100 - i) * 1_000_000L;   // 100 ms .. 1 ms, unsorted
        }
        Map<String, Object> p = BenchServe.percentiles(ns);
        assertEquals(50.0, p.get("p50_ms"));
        assertEquals(90.0, p.get("p90_ms"));
        assertEquals(99.0, p.get("p99_ms"));
        assertEquals(100.0, p.get("max_ms"));
    }
}
