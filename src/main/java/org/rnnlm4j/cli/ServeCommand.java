/*
 * `rnnlm4j serve`: a model behind JSON over HTTP until Ctrl-C or SIGTERM. The flags map 1:1 onto
 * ServeConfig; the server is org.rnnlm4j.server.ModelServer. Prints the URL and the model on
 * standard output when it is ready; on Ctrl-C/SIGTERM it stops accepting and lets the requests in
 * flight finish (up to --timeout) before exiting.
 */
package org.rnnlm4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.rnnlm4j.Rnnlm;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.server.ModelServer;
import org.rnnlm4j.server.ServeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve a model over HTTP: scores, next tokens, generation (JSON).",
                "Requests are answered in parallel from one loaded model. Ctrl-C or",
                "SIGTERM lets the requests in flight finish, then exits."},
        footer = {"",
                "Endpoints (POST bodies are JSON objects; every answer is JSON):",
                "  GET  /health        {\"status\":\"ok\"}",
                "  GET  /info          architecture, vocabulary, text settings,",
                "                      provenance, limits",
                "  POST /score         {\"sentences\":[\"..\",..]} -> {\"results\":[..]}",
                "                      or {\"text\":\"..\"} -> one result; each result as",
                "                      'rnnlm4j score --json' prints it; optional",
                "                      \"per_token\", \"bos\", \"eos\": true/false, as",
                "                      --per-token, --no-bos, --no-eos",
                "  POST /score/tokens  the same, always with \"per_token\"",
                "  POST /next          {\"prefix\":\"..\",\"top\":K} -> the K most probable",
                "                      next tokens after the start symbol and prefix",
                "                      (token, id, logprob = ln p, prob)",
                "  POST /generate      generate's options as fields, - written _:",
                "                      prime, count, seed, temperature, greedy, top_k,",
                "                      top_p, repetition_penalty, no_repeat_ngram,",
                "                      min_length, max_length, stop (a list), beam,",
                "                      length_alpha, length -> {\"samples\":[..]}, each",
                "                      as 'rnnlm4j generate --json' prints it (defaults:",
                "                      count 1, max_length 60, length 200, or less",
                "                      when --max-length is lower)",
                "",
                "Errors: {\"error\":\"..\"} with 400 (malformed JSON, wrong type, unknown",
                "field, bad value), 404, 405, 413 (beyond a --max-* limit), 503 (busy:",
                "waited --timeout without starting; or shutting down), 504 (computed",
                "longer than --timeout; stopped).",
                "",
                "Examples:",
                "  rnnlm4j serve --model demo.model",
                "  rnnlm4j serve --model demo.model --port 0 --threads 4 --timeout 5",
                "  curl -s localhost:8080/score -d '{\"text\":\"the company said it\"}'",
                "  curl -s localhost:8080/next -d '{\"prefix\":\"the company\",\"top\":3}'",
                "  curl -s localhost:8080/generate -d '{\"prime\":\"the\",\"beam\":5}'"})
final class ServeCommand implements Runnable {
    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Model file.")
    Path model;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0: every interface).")
    String host;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--threads", paramLabel = "N", description = "Requests computed at once (default: the number of processors).")
    Integer threads;

    @Option(names = "--max-body", defaultValue = "1048576", paramLabel = "BYTES", description = "Largest request body (default: ${DEFAULT-VALUE}).")
    int maxBody;

    @Option(names = "--max-sentences", defaultValue = "1000", paramLabel = "N", description = "Most sentences in one /score request (default: ${DEFAULT-VALUE}).")
    int maxSentences;

    @Option(names = "--max-tokens", defaultValue = "1000", paramLabel = "N",
            description = "Most tokens in one sentence, prefix or prime (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--max-count", defaultValue = "50", paramLabel = "N", description = "Most samples in one /generate request (default: ${DEFAULT-VALUE}).")
    int maxCount;

    @Option(names = "--max-length", defaultValue = "500", paramLabel = "N",
            description = "Largest max_length, min_length or length of one /generate request (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--max-beam", defaultValue = "20", paramLabel = "N", description = "Widest beam of one /generate request (default: ${DEFAULT-VALUE}).")
    int maxBeam;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "Answer 503/504 to a request not done this long after it arrived (default: ${DEFAULT-VALUE}).")
    double timeout;

    ServeConfig config() {
        return new ServeConfig(host, port, threads != null ? threads : Runtime.getRuntime().availableProcessors(), maxBody,
                maxSentences, maxTokens, maxCount, maxLength, maxBeam, timeout);
    }

    @Override
    public void run() {
        ServeConfig c = config();
        LanguageModel m = Inputs.model(model);
        ModelServer server = ModelServer.start(Rnnlm.of(m), c);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("rnnlm4j serve: stopping: finishing the requests in flight ...");
            server.stop((int) Math.ceil(c.timeoutSeconds()));
            System.err.println("rnnlm4j serve: stopped");
            stopped.countDown();
        }, "rnnlm4j-serve-stop"));
        System.out.println("rnnlm4j serve: " + server.url() + "  " + model + ": " + m.config().describe()
                + " (" + m.text().level().configName() + (m.vocabulary().isStream() ? " stream" : " sentences") + ")");
        System.out.printf(Locale.ROOT, "rnnlm4j serve: %d worker threads; limits: body %,d bytes, %d sentences of %d tokens, "
                        + "count %d, length %d, beam %d; timeout %s s; Ctrl-C stops%n", c.threads(), c.maxBodyBytes(),
                c.maxSentences(), c.maxTokens(), c.maxCount(), c.maxLength(), c.maxBeam(), trim(c.timeoutSeconds()));
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
