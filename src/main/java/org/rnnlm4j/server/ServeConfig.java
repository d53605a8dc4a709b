/*
 * ServeConfig: where the server listens, how many requests it computes at once, and the bounds it
 * puts on one request — one immutable, validated record whose fields map 1:1 onto the flags of
 * `rnnlm4j serve` (--host, --port, --threads, --max-body, ...).
 *
 *   host, port      the address to listen on; port 0 picks a free one (ModelServer.port() says which)
 *   threads         worker threads: requests computed in parallel, each on its own network buffers
 *   maxBodyBytes    a request body larger than this is refused (413)
 *   maxSentences    sentences in one /score request (413)
 *   maxTokens       tokens in one sentence, /next prefix or /generate prime (413)
 *   maxCount        samples in one /generate request (413)
 *   maxLength       max_length, min_length and length of one /generate request (413)
 *   maxBeam         beam width of one /generate request (413)
 *   timeoutSeconds  a request not answered this long after it arrived gets 503 (still queued) or 504
 *                   (computing; the computation is interrupted at its next sentence or token)
 *
 * Not here: the model, or anything about one request (see Endpoints).
 */
package org.rnnlm4j.server;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnlm4j.RnnlmException;

public record ServeConfig(String host, int port, int threads, int maxBodyBytes, int maxSentences, int maxTokens,
                          int maxCount, int maxLength, int maxBeam, double timeoutSeconds) {

    public ServeConfig {
        check(host != null && !host.isBlank(), "--host must name an address, e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (all interfaces)");
        check(port >= 0 && port <= 65535, "--port must be in 0..65535 (got " + port + "); 0 picks a free port");
        check(threads >= 1, "--threads must be at least 1 (got " + threads + ")");
        check(maxBodyBytes >= 1, "--max-body must be at least 1 byte (got " + maxBodyBytes + ")");
        check(maxSentences >= 1, "--max-sentences must be at least 1 (got " + maxSentences + ")");
        check(maxTokens >= 1, "--max-tokens must be at least 1 (got " + maxTokens + ")");
        check(maxCount >= 1, "--max-count must be at least 1 (got " + maxCount + ")");
        check(maxLength >= 1, "--max-length must be at least 1 (got " + maxLength + ")");
        check(maxBeam >= 1, "--max-beam must be at least 1 (got " + maxBeam + ")");
        check(timeoutSeconds > 0 && timeoutSeconds <= 86400, "--timeout must be in (0, 86400] seconds (got " + timeoutSeconds + ")");
    }

    /** The command line's defaults: loopback, port 8080, one worker per processor. */
    public static ServeConfig defaults() {
        return new ServeConfig("127.0.0.1", 8080, Runtime.getRuntime().availableProcessors(), 1 << 20, 1000, 1000,
                50, 500, 20, 30);
    }

    public ServeConfig withPort(int p) {
        return new ServeConfig(host, p, threads, maxBodyBytes, maxSentences, maxTokens, maxCount, maxLength, maxBeam, timeoutSeconds);
    }

    public ServeConfig withThreads(int t) {
        return new ServeConfig(host, port, t, maxBodyBytes, maxSentences, maxTokens, maxCount, maxLength, maxBeam, timeoutSeconds);
    }

    public ServeConfig withTimeoutSeconds(double s) {
        return new ServeConfig(host, port, threads, maxBodyBytes, maxSentences, maxTokens, maxCount, maxLength, maxBeam, s);
    }

    /** The bounds as /info reports them. */
    public Map<String, Object> limits() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max_body_bytes", maxBodyBytes);
        m.put("max_sentences", maxSentences);
        m.put("max_tokens", maxTokens);
        m.put("max_count", maxCount);
        m.put("max_length", maxLength);
        m.put("max_beam", maxBeam);
        m.put("timeout_s", timeoutSeconds);
        return m;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new RnnlmException(message);
        }
    }
}
