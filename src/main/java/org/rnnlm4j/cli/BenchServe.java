/*
 * `rnnlm4j bench serve`: a load test of the HTTP server on loopback. It starts ModelServer in this
 * JVM on a free port (so client and server share the machine's cores), then:
 *
 *   1. reference: every distinct request below is sent once, one at a time (this also warms up the
 *      JIT); each /score answer is checked against the library (Rnnlm.score) directly, and the
 *      answers are kept as the expected ones;
 *   2. load: --clients threads send requests i = 0, 1, 2, ... until --requests are done or
 *      --max-time has passed; each answer must equal the reference byte for byte (scores, next-token
 *      lists and seeded samples are deterministic), and every --malformed-every'th request is
 *      malformed and must get a 400 JSON error — the server has to go on answering the rest.
 *
 * Request i, with sentence j = (i / 4) mod S of the first S (--sentences-used) lines of --sentences:
 *   i mod 4 = 0  POST /score {"sentences": [s_j .. s_j+3]}
 *             1  POST /score/tokens {"text": s_j}
 *             2  POST /next {"prefix": the first half of s_j's words, "top": 10}
 *             3  POST /generate {"prime": s_j's first two words, "count": 2, "seed": j, "top_k": 40, "max_length": 30}
 * Latency is measured by the client from sending a request to having read the whole answer; the
 * percentiles are over the well-formed requests (overall and per endpoint), throughput counts all.
 * Prints throughput, p50/p90/p99/max latency (overall and per endpoint) and the count of wrong
 * answers; exit code 1 if there was any. The JSON line also carries the keys of every bench line
 * (BenchReport): throughput = requests/s, median step = p50 latency, threads = server workers,
 * peak heap = this JVM's (server and clients).
 */
package org.rnnlm4j.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.rnnlm4j.Rnnlm;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.infer.Scorer;
import org.rnnlm4j.io.Json;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.server.ModelServer;
import org.rnnlm4j.server.ServeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load test of 'rnnlm4j serve' on loopback: throughput and latency",
                "percentiles; every answer is checked (exit code 1 if one is wrong)."},
        footer = {"", "Examples:", "  rnnlm4j bench serve --model demo.model --json",
                "  rnnlm4j bench serve --clients 16 --requests 5000 --max-time 120"})
final class BenchServe implements Callable<Integer> {
    static final String[] KINDS = {"/score", "/score/tokens", "/next", "/generate"};
    private static final String[] MALFORMED = {"{\"sentences\": [\"the\"", "{\"sentence\": [\"the\"]}", "{\"text\": 3}", "[]"};

    @Option(names = {"-m", "--model"}, defaultValue = "demo.model", paramLabel = "MODEL", description = "Model file (default: ${DEFAULT-VALUE}, from 'rnnlm4j demo').")
    Path model;

    @Option(names = "--sentences", paramLabel = "FILE", description = "Sentences to send, one per line (default: the bundled data/ptb/ptb.test.txt).")
    Path sentencesFile;

    @Option(names = "--sentences-used", defaultValue = "50", paramLabel = "S", description = "Use the first S non-blank lines (default: ${DEFAULT-VALUE}).")
    int used;

    @Option(names = "--requests", defaultValue = "2000", paramLabel = "N", description = "Requests in the load phase (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--clients", defaultValue = "8", paramLabel = "C", description = "Concurrent client threads (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--threads", paramLabel = "T", description = "Server worker threads (default: the number of processors).")
    Integer threads;

    @Option(names = "--max-time", defaultValue = "60", paramLabel = "SECONDS", description = "Stop the load phase after this long (default: ${DEFAULT-VALUE}).")
    double maxTime;

    @Option(names = "--malformed-every", defaultValue = "10", paramLabel = "K", description = "Every K-th request is malformed (default: ${DEFAULT-VALUE}; 0: none).")
    int malformedEvery;

    @Option(names = "--json", description = "Print one JSON line with the figures.")
    boolean json;

    private record Reply(int status, String body) {
    }

    @Override
    public Integer call() throws Exception {
        if (requests < 1 || clients < 1 || used < 1 || malformedEvery < 0 || !(maxTime > 0)) {
            throw new RnnlmException("--requests, --clients and --sentences-used must be at least 1, --max-time positive, --malformed-every 0 or more");
        }
        if (!Files.exists(model)) {
            throw new RnnlmException("model " + model + " not found: run 'rnnlm4j demo' (it writes demo.model) or pass --model FILE");
        }
        Rnnlm lm = Rnnlm.of(Inputs.model(model));
        List<String> sentences = sentences();
        ServeConfig config = ServeConfig.defaults().withPort(0)
                .withThreads(threads != null ? threads : Runtime.getRuntime().availableProcessors());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (ModelServer server = ModelServer.start(lm, config)) {
            URI url = server.url();
            int distinct = 4 * sentences.size();
            String[] expected = new String[distinct];
            for (int i = 0; i < distinct; i++) {
                Reply r = send(client, url, KINDS[i % 4], body(i, sentences));
                if (r.status() != 200) {
                    throw new RnnlmException("reference request " + i + " (" + KINDS[i % 4] + ") got " + r.status() + ": " + r.body().strip());
                }
                checkScores(lm, i, sentences, r.body());
                expected[i] = r.body();
            }
            return load(client, url, sentences, expected, lm, config);
        }
    }

    private Integer load(HttpClient client, URI url, List<String> sentences, String[] expected, Rnnlm lm, ServeConfig config)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        List<String> firstWrong = java.util.Collections.synchronizedList(new ArrayList<>());
        long[][] latency = new long[requests][];   // {kind or -1 malformed, nanos}
        long start = System.nanoTime();
        long deadline = start + (long) (maxTime * 1e9);
        List<Thread> ts = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                for (int i; (i = next.getAndIncrement()) < requests && System.nanoTime() < deadline; ) {
                    boolean malformed = malformedEvery > 0 && i % malformedEvery == malformedEvery - 1;
                    int d = i % expected.length;
                    String body = malformed ? MALFORMED[(i / malformedEvery) % MALFORMED.length] : body(d, sentences);
                    long t0 = System.nanoTime();
                    Reply r;
                    try {
                        r = send(client, url, KINDS[d % 4], body);
                    } catch (Exception e) {
                        r = new Reply(-1, e.toString());
                    }
                    latency[i] = new long[] {malformed ? -1 : d % 4, System.nanoTime() - t0};
                    boolean ok = malformed ? r.status() == 400 && r.body().startsWith("{\"error\":")
                            : r.status() == 200 && r.body().equals(expected[d]);
                    if (!ok && wrong.incrementAndGet() <= 3) {
                        firstWrong.add("request " + i + " " + KINDS[d % 4] + (malformed ? " (malformed)" : "") + ": "
                                + r.status() + " " + r.body().strip());
                    }
                }
            }, "bench-client-" + c);
            ts.add(t);
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> r = report(latency, seconds, lm, config, wrong.get());
        if (json) {
            System.out.println(Json.write(r));
        } else {
            System.out.printf(Locale.ROOT, "bench serve: %s requests (%s malformed) from %d clients to %d worker threads in %.1f s: %.1f requests/s%n",
                    r.get("requests"), r.get("malformed"), clients, config.threads(), seconds, (double) r.get("throughput_rps"));
            System.out.printf(Locale.ROOT, "  latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n",
                    r.get("p50_ms"), r.get("p90_ms"), r.get("p99_ms"), r.get("max_ms"));
            System.out.println("  per endpoint: " + Json.write(r.get("endpoints")));
            System.out.println("  wrong answers: " + wrong.get());
        }
        firstWrong.forEach(w -> System.err.println("rnnlm4j: wrong answer: " + w));
        return wrong.get() == 0 ? 0 : 1;
    }

    private Map<String, Object> report(long[][] latency, double seconds, Rnnlm lm, ServeConfig config, int wrong) {
        List<long[]> done = Arrays.stream(latency).filter(x -> x != null).toList();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("workload", "serve");
        r.put("model", lm.model().config().describe());
        r.put("requests", done.size());
        r.put("malformed", done.stream().filter(x -> x[0] < 0).count());
        r.put("clients", clients);
        r.put("server_threads", config.threads());
        r.put("seconds", seconds);
        r.put("throughput_rps", done.size() / seconds);
        r.putAll(percentiles(done.stream().filter(x -> x[0] >= 0).mapToLong(x -> x[1]).toArray()));
        Map<String, Object> per = new LinkedHashMap<>();
        for (int k = 0; k < KINDS.length; k++) {
            int kind = k;
            long[] ns = done.stream().filter(x -> x[0] == kind).mapToLong(x -> x[1]).toArray();
            if (ns.length > 0) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("requests", ns.length);
                p.putAll(percentiles(ns));
                per.put(KINDS[k], p);
            }
        }
        r.put("endpoints", per);
        r.put("wrong", wrong);
        r.put("jdk", Runtime.version().toString());
        r.put("kernels", KernelSelector.get().name());
        r.put("processors", Runtime.getRuntime().availableProcessors());
        r.put("threads", config.threads());
        return BenchReport.common(r, done.size() / seconds, "requests/s", (Double) r.get("p50_ms"),
                "one request, client latency (server and clients in this JVM)");
    }

    /** Nearest-rank percentiles of latencies in nanoseconds, as milliseconds. */
    static Map<String, Object> percentiles(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        Map<String, Object> m = new LinkedHashMap<>();
        for (int p : new int[] {50, 90, 99}) {
            m.put("p" + p + "_ms", s.length == 0 ? 0.0 : s[Math.max(0, (int) Math.ceil(p / 100.0 * s.length) - 1)] / 1e6);
        }
        m.put("max_ms", s.length == 0 ? 0.0 : s[s.length - 1] / 1e6);
        return m;
    }

    /** The body of distinct request i (see the class comment). */
    static String body(int i, List<String> sentences) {
        int n = sentences.size();
        int j = (i / 4) % n;
        String s = sentences.get(j);
        String[] words = s.split(" ");
        Map<String, Object> b = new LinkedHashMap<>();
        switch (i % 4) {
            case 0 -> b.put("sentences", List.of(s, sentences.get((j + 1) % n), sentences.get((j + 2) % n), sentences.get((j + 3) % n)));
            case 1 -> b.put("text", s);
            case 2 -> {
                b.put("prefix", String.join(" ", Arrays.copyOf(words, words.length / 2)));
                b.put("top", 10);
            }
            default -> {
                b.put("prime", String.join(" ", Arrays.copyOf(words, Math.min(2, words.length))));
                b.put("count", 2);
                b.put("seed", j);
                b.put("top_k", 40);
                b.put("max_length", 30);
            }
        }
        return Json.write(b);
    }

    /** /score answers must carry the library's own figures. */
    private static void checkScores(Rnnlm lm, int i, List<String> sentences, String answer) {
        if (i % 4 > 1) {
            return;
        }
        Object parsed = Json.parse(answer);
        List<?> results = i % 4 == 0 ? (List<?>) ((Map<?, ?>) parsed).get("results") : List.of(parsed);
        for (Object o : results) {
            Map<?, ?> m = (Map<?, ?>) o;
            double direct = lm.score((String) m.get("text"), Scorer.Boundaries.SENTENCE).log10Prob();
            if (((Number) m.get("log10_prob")).doubleValue() != direct) {
                throw new RnnlmException("the server scored " + Json.write(m.get("text")) + " " + m.get("log10_prob")
                        + " but the library gives " + direct);
            }
        }
    }

    private List<String> sentences() {
        Path file = sentencesFile != null ? sentencesFile : DataFiles.bundled(Path.of("data/ptb/ptb.test.txt"));
        List<String> out = new ArrayList<>();
        Inputs.forEachLine(file.toString(), (n, line) -> {
            if (!line.isBlank() && out.size() < used) {
                out.add(line.strip());
            }
        });
        if (out.isEmpty()) {
            throw new RnnlmException(file + " has no sentences to send");
        }
        return out;
    }

    private static Reply send(HttpClient client, URI url, String path, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build();
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }
}
