/*
 * ModelServer on loopback (port 0) with tiny fixed models (TinyModels), through java.net.http:
 * every endpoint's answer equals the library's own result (Scorer for /score, Rnnlm.State for /next,
 * Rnnlm.generate for /generate), as the command line prints it; each error path gets its status and
 * a JSON error, and the server answers correctly afterwards; 8 clients x 20 mixed requests get
 * exactly the single-threaded answers; a request past its deadline gets 503/504; stop() closes.
 */
package org.rnnlm4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.Rnnlm;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.infer.DecodingOptions;
import org.rnnlm4j.infer.Sample;
import org.rnnlm4j.infer.Scorer;
import org.rnnlm4j.io.Json;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.ModelConfig;
import org.rnnlm4j.nn.Activation;
import org.rnnlm4j.testutil.TinyModels;

class ModelServerTest {
    static final LanguageModel MODEL = TinyModels.sentenceModel("gru");
    static final Rnnlm LM = Rnnlm.of(MODEL);
    /** Small limits, so that exceeding them is cheap. */
    static final ServeConfig CONFIG = new ServeConfig("127.0.0.1", 0, 2, 2000, 5, 20, 5, 30, 4, 60);
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static ModelServer server;

    record Reply(int status, String body, HttpResponse<String> response) {
        Map<?, ?> json() {
            return (Map<?, ?>) Json.parse(body);
        }
    }

    @BeforeAll
    static void start() {
        server = ModelServer.start(LM, CONFIG);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Reply send(ModelServer s, String method, String path, HttpRequest.BodyPublisher body) {
        try {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(s.url().resolve(path)).method(method, body).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
            assertTrue(r.body().endsWith("}\n"), r.body());
            return new Reply(r.statusCode(), r.body(), r);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    static Reply post(String path, String json) {
        return send(server, "POST", path, HttpRequest.BodyPublishers.ofString(json));
    }

    static Reply get(String path) {
        return send(server, "GET", path, HttpRequest.BodyPublishers.noBody());
    }

    /** The answer as the server writes it: compact JSON and a line break. */
    static String written(Object answer) {
        return Json.write(answer) + "\n";
    }

    static Scorer.SentenceScore scored(String text, Scorer.Boundaries b) {
        Scorer s = new Scorer(MODEL, KernelSelector.get());
        return s.scoreTokens(text, s.tokenize(text), b);
    }

    @Test
    void healthAndInfo() {
        Reply h = get("/health");
        assertEquals(200, h.status());
        assertEquals(Map.of("status", "ok"), h.json());
        Map<?, ?> info = get("/info").json();
        assertEquals(MODEL.config().describe(), info.get("model"));
        assertEquals(10L, info.get("vocabulary_size"));
        assertEquals("sentences", info.get("kind"));
        assertEquals("word", info.get("level"));
        assertEquals(false, info.get("bidirectional"));
        assertFalse(info.containsKey("left_to_right_uses"));
        assertEquals(Map.of("seed", "7"), info.get("provenance"));
        Map<?, ?> limits = (Map<?, ?>) info.get("limits");
        assertEquals(5L, limits.get("max_sentences"));
        assertEquals(2000L, limits.get("max_body_bytes"));
    }

    @Test
    void scoreAnswersWhatTheScorerAndTheCommandLineGive() {
        List<String> sentences = List.of("the cat sat on the mat .", "the zebra sat", "");
        Reply r = post("/score", Json.write(Map.of("sentences", sentences)));
        assertEquals(200, r.status(), r.body());
        List<Object> expected = new ArrayList<>();
        for (String s : sentences) {
            expected.add(scored(s, Scorer.Boundaries.SENTENCE).toMap(false));
        }
        assertEquals(written(Map.of("results", expected)), r.body());
        Map<?, ?> first = (Map<?, ?>) ((List<?>) r.json().get("results")).get(0);
        assertEquals(LM.score("the cat sat on the mat .").log10Prob(), (double) first.get("log10_prob"), 0);

        Reply one = post("/score", "{\"text\": \"the dog sat\", \"bos\": false, \"eos\": false, \"per_token\": true}");
        assertEquals(written(scored("the dog sat", new Scorer.Boundaries(false, false)).toMap(true)), one.body());
        Reply tokens = post("/score/tokens", "{\"text\": \"the zebra sat\"}");
        assertEquals(written(scored("the zebra sat", Scorer.Boundaries.SENTENCE).toMap(true)), tokens.body());
        assertEquals(1L, tokens.json().get("oov"));
    }

    @Test
    void nextListsTheMostProbableTokensAfterThePrefix() {
        Reply r = post("/next", "{\"prefix\": \"the cat\", \"top\": 3}");
        assertEquals(200, r.status(), r.body());
        Rnnlm.State s = LM.newState().advance(List.of("the", "cat"));
        double[] lp = s.logProbs();
        List<?> next = (List<?>) r.json().get("next");
        assertEquals(3, next.size());
        double previous = Double.POSITIVE_INFINITY;
        for (Object o : next) {
            Map<?, ?> t = (Map<?, ?>) o;
            int id = ((Long) t.get("id")).intValue();
            assertEquals(MODEL.vocabulary().word(id), t.get("token"));
            assertEquals(lp[id], (double) t.get("logprob"), 0);
            assertEquals(Math.exp(lp[id]), (double) t.get("prob"), 0);
            assertTrue(lp[id] <= previous);
            previous = lp[id];
        }
        for (double x : lp) {
            assertTrue(x <= (double) ((Map<?, ?>) next.get(0)).get("logprob"));
        }
        assertEquals(s.totalLogProb(), (double) r.json().get("prefix_logprob"), 0);
        assertEquals(List.of("the", "cat"), r.json().get("tokens"));

        Map<?, ?> all = post("/next", "{\"prefix\": \"the zebra\", \"top\": 100}").json();
        assertEquals(10, ((List<?>) all.get("next")).size(), "top beyond the vocabulary lists all of it");
        assertEquals(List.of("zebra"), all.get("unseen"));
        double total = 0;
        for (Object o : (List<?>) all.get("next")) {
            total += (double) ((Map<?, ?>) o).get("prob");
        }
        assertEquals(1, total, 1e-9);
    }

    @Test
    void generateAnswersWhatTheLibraryGenerates() {
        Reply r = post("/generate", "{\"prime\": \"the cat\", \"count\": 3, \"seed\": 5, \"top_k\": 4, \"max_length\": 12}");
        assertEquals(200, r.status(), r.body());
        DecodingOptions o = DecodingOptions.builder().count(3).seed(5L).topK(4).maxLength(12).build();
        assertEquals(written(Map.of("samples", withPrime("the cat", LM.generate("the cat", o)))), r.body());

        Reply beam = post("/generate", "{\"beam\": 4, \"count\": 2, \"no_repeat_ngram\": 2, \"length_alpha\": 0.5}");
        DecodingOptions b = DecodingOptions.builder().beam(4).count(2).noRepeatNgram(2).lengthAlpha(0.5).build();
        assertEquals(written(Map.of("samples", withPrime(null, LM.generate(b)))), beam.body());
        Reply greedy = post("/generate", "{\"greedy\": true, \"stop\": [\"mat\"], \"min_length\": 2}");
        DecodingOptions g = DecodingOptions.builder().greedy().stop(List.of("mat")).minLength(2).build();
        assertEquals(written(Map.of("samples", withPrime(null, LM.generate(g)))), greedy.body());
    }

    @Test
    void aStreamModelContinuesThePrimeForLengthSymbols() {
        LanguageModel chars = TinyModels.chars();
        try (ModelServer s = ModelServer.start(Rnnlm.of(chars), CONFIG)) {
            Reply r = send(s, "POST", "/generate", HttpRequest.BodyPublishers.ofString("{\"prime\": \"ab\", \"length\": 9, \"seed\": 3}"));
            assertEquals(200, r.status(), r.body());
            DecodingOptions o = DecodingOptions.builder().seed(3L).maxLength(9).continuous(true).build();
            assertEquals(written(Map.of("samples", withPrime("ab", Rnnlm.of(chars).generate("ab", o)))), r.body());
            assertEquals("stream", send(s, "GET", "/info", HttpRequest.BodyPublishers.noBody()).json().get("kind"));
        }
    }

    @Test
    void aBidirectionalModelIsUsedLeftToRightByItsForwardStack() {
        ModelConfig c = new ModelConfig("gru", Activation.TANH, 10, 5, 6, 1, true, true, true, "uniform:0.8", false, true);
        LanguageModel bi = LanguageModel.initialize(c, Vocabulary.of(TinyModels.WORDS), TextConfig.lines(), 7, Map.of());
        try (ModelServer s = ModelServer.start(Rnnlm.of(bi), CONFIG)) {
            Map<?, ?> info = send(s, "GET", "/info", HttpRequest.BodyPublishers.noBody()).json();
            assertEquals(true, info.get("bidirectional"));
            assertEquals("forward stack", info.get("left_to_right_uses"));
            Reply r = send(s, "POST", "/score", HttpRequest.BodyPublishers.ofString("{\"text\": \"the cat sat\"}"));
            Scorer forward = new Scorer(bi, KernelSelector.get());
            assertEquals(written(forward.score("the cat sat").toMap(false)), r.body());
        }
    }

    static List<Object> withPrime(String prime, List<Sample> samples) {
        List<Object> out = new ArrayList<>();
        for (Sample x : samples) {
            Map<String, Object> m = new LinkedHashMap<>();
            if (prime != null) {
                m.put("prime", prime);
            }
            m.putAll(x.toMap());
            out.add(m);
        }
        return out;
    }

    /** The status and a JSON error message containing the fragment; then the server still answers correctly. */
    static void assertError(int status, String fragment, Reply r) {
        assertEquals(status, r.status(), r.body());
        String error = (String) r.json().get("error");
        assertTrue(error.contains(fragment), error);
        assertFalse(error.contains("\n"));
        Reply after = post("/score", "{\"text\": \"the cat sat\"}");
        assertEquals(written(scored("the cat sat", Scorer.Boundaries.SENTENCE).toMap(false)), after.body());
    }

    @Test
    void malformedRequestsGet400AndTheServerGoesOn() {
        assertError(400, "not valid JSON", post("/score", "{\"sentences\": [\"the cat\""));
        assertError(400, "must be a JSON object", post("/score", "[\"the cat\"]"));
        assertError(400, "needs a JSON object", post("/score", ""));
        assertError(400, "unknown field \"sentence\"", post("/score", "{\"sentence\": [\"the\"]}"));
        assertError(400, "unknown field \"per_token\"", post("/score/tokens", "{\"text\": \"the\", \"per_token\": false}"));
        assertError(400, "\"sentences\" must be a list of strings", post("/score", "{\"sentences\": \"the cat\"}"));
        assertError(400, "\"sentences[1]\" must be a string", post("/score", "{\"sentences\": [\"the\", 3]}"));
        assertError(400, "either", post("/score", "{\"sentences\": [\"the\"], \"text\": \"the\"}"));
        assertError(400, "\"bos\" must be true or false", post("/score", "{\"text\": \"the\", \"bos\": \"no\"}"));
        assertError(400, "not UTF-8", send(server, "POST", "/score",
                HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', (byte) 0xff, '}'})));
    }

    @Test
    void badOptionValuesGet400() {
        assertError(400, "\"top_p\" must be in (0, 1]", post("/generate", "{\"top_p\": 0}"));
        assertError(400, "\"temperature\" must be 0", post("/generate", "{\"temperature\": -1}"));
        assertError(400, "\"count\" must be an integer", post("/generate", "{\"count\": 2.5}"));
        assertError(400, "\"seed\" must be an integer", post("/generate", "{\"seed\": \"x\"}"));
        assertError(400, "beam search (\"beam\") does not sample", post("/generate", "{\"beam\": 2, \"top_k\": 3}"));
        assertError(400, "disagree", post("/generate", "{\"greedy\": true, \"temperature\": 0.5}"));
        assertError(400, "stream models", post("/generate", "{\"length\": 5}"));
        assertError(400, "\"top\" must be at least 1", post("/next", "{\"top\": 0}"));
        assertError(400, "\"prefix\" must be a string", post("/next", "{\"prefix\": [\"the\"]}"));
    }

    @Test
    void oversizedRequestsGet413() {
        String big = "{\"text\": \"" + "the ".repeat(600) + "\"}";
        assertError(413, "--max-body", post("/score", big));
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        assertError(413, "--max-body", send(server, "POST", "/score",   // chunked: no Content-Length
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
        assertError(413, "6 sentences", post("/score", Json.write(Map.of("sentences", List.of("a", "b", "c", "d", "e", "f")))));
        assertError(413, "sentence 1 has 21 tokens", post("/score", Json.write(Map.of("sentences", List.of("the", "the ".repeat(21))))));
        assertError(413, "the prefix has 21 tokens", post("/next", Json.write(Map.of("prefix", "cat ".repeat(21)))));
        assertError(413, "--max-count", post("/generate", "{\"count\": 6}"));
        assertError(413, "--max-length", post("/generate", "{\"max_length\": 31}"));
        assertError(413, "--max-length", post("/generate", "{\"min_length\": 31}"));
        assertError(413, "--max-beam", post("/generate", "{\"beam\": 5, \"count\": 1}"));
    }

    @Test
    void unknownPathsAndWrongMethods() {
        assertError(404, "no endpoint GET /scores", get("/scores"));
        assertError(404, "POST /generate", get("/"));
        Reply r = send(server, "POST", "/health", HttpRequest.BodyPublishers.ofString("{}"));
        assertError(405, "/health takes GET, not POST", r);
        assertEquals("GET", r.response().headers().firstValue("Allow").orElse(""));
        assertError(405, "/score takes POST, not GET", get("/score"));
        assertError(405, "not PUT", send(server, "PUT", "/next", HttpRequest.BodyPublishers.ofString("{}")));
    }

    @Test
    void concurrentRequestsGetTheSingleThreadedAnswers() throws Exception {
        List<String[]> requests = List.of(
                new String[] {"/score", "{\"sentences\": [\"the cat sat on the mat .\", \"the dog sat\"]}"},
                new String[] {"/score/tokens", "{\"text\": \"a dog sat on the cat\"}"},
                new String[] {"/next", "{\"prefix\": \"the dog\", \"top\": 4}"},
                new String[] {"/generate", "{\"count\": 2, \"seed\": 11, \"max_length\": 10}"},
                new String[] {"/generate", "{\"prime\": \"the\", \"beam\": 3, \"count\": 2}"},
                new String[] {"/score", "{\"sentences\": [\"\"], \"}"});   // malformed: 400
        List<Reply> expected = new ArrayList<>();
        for (String[] q : requests) {
            expected.add(post(q[0], q[1]));
        }
        assertEquals(400, expected.get(expected.size() - 1).status());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        int k = (first + i) % requests.size();
                        Reply r = post(requests.get(k)[0], requests.get(k)[1]);
                        assertEquals(expected.get(k).status(), r.status(), r.body());
                        assertEquals(expected.get(k).body(), r.body());
                    }
                    return 20;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get();
            }
            assertEquals(160, total);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRequestPastItsDeadlineGets503Or504AndTheServerGoesOn() {
        try (ModelServer s = ModelServer.start(LM, CONFIG.withThreads(1).withTimeoutSeconds(1e-6))) {
            for (int i = 0; i < 3; i++) {
                Reply r = send(s, "POST", "/generate", HttpRequest.BodyPublishers.ofString(
                        "{\"count\": 5, \"min_length\": 30, \"max_length\": 30}"));
                assertTrue(r.status() == 503 || r.status() == 504, r.body());
                assertTrue(((String) r.json().get("error")).contains("--timeout"), r.body());
            }
            assertEquals(200, send(s, "GET", "/health", HttpRequest.BodyPublishers.noBody()).status());
        }
    }

    @Test
    void afterStopNothingListens() {
        ModelServer s = ModelServer.start(LM, CONFIG);
        URI url = s.url();
        assertEquals(200, send(s, "GET", "/health", HttpRequest.BodyPublishers.noBody()).status());
        s.stop(0);
        assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString()));
    }
}
