/*
 * Endpoints: what each of the server's endpoints does with one loaded model, apart from HTTP.
 *
 * prepare*() reads and checks a request body (JsonBody) against the ServeConfig bounds — cheap, on
 * the connection's thread — and returns the work, which ModelServer runs on a worker thread under
 * the request's deadline. The work returns the JSON answer as a Map. Results are the command line's:
 * /score answers with Scorer.SentenceScore.toMap (`rnnlm4j score --json`), /generate with
 * Sample.toMap (`rnnlm4j generate --json`), from the same library calls.
 *
 *   info()      GET /info: architecture, vocabulary, text settings, provenance, limits
 *   score       POST /score {"sentences": [..]} -> {"results": [..]} or {"text": ".."} -> one result;
 *               "bos", "eos" (default true) as score's --no-bos/--no-eos, "per_token" (/score/tokens: always)
 *   next        POST /next {"prefix": "..", "top": K} -> the K most probable next tokens with ln p and p
 *   generate    POST /generate: generate's flags as fields (- becomes _) -> {"samples": [..]}; the
 *               defaults are DecodingOptions' (count 1, max_length 60; length 200), lengths capped at --max-length
 * /next and /generate add "unseen" (symbols of the prefix or prime the model never saw) and
 * "unseen_read_as" (its unknown symbol; null: they were skipped) when there are any.
 *
 * A bidirectional model is used left to right by its forward stack only (Rnnlm; LanguageModel.newNetwork),
 * and /info says so. Contract: immutable and thread-safe (the model is only read; each worker has
 * its own network buffers).
 */
package org.rnnlm4j.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rnnlm4j.Rnnlm;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.Version;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.infer.DecodingOptions;
import org.rnnlm4j.infer.Prompt;
import org.rnnlm4j.infer.Sample;
import org.rnnlm4j.infer.Scorer;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.model.LanguageModel;

final class Endpoints {
    static final Set<String> SCORE_FIELDS = fields("sentences", "text", "per_token", "bos", "eos");
    static final Set<String> SCORE_TOKENS_FIELDS = fields("sentences", "text", "bos", "eos");
    static final Set<String> NEXT_FIELDS = fields("prefix", "top");
    static final Set<String> GENERATE_FIELDS = fields("prime", "count", "seed", "temperature", "greedy", "top_k", "top_p",
            "repetition_penalty", "no_repeat_ngram", "min_length", "max_length", "stop", "beam", "length_alpha", "length");
    private static final Pattern FLAG = Pattern.compile("--([a-z]+(?:-[a-z]+)*)");

    private final Rnnlm lm;
    private final LanguageModel model;
    private final ServeConfig config;
    private final Map<String, Object> info;

    Endpoints(Rnnlm lm, ServeConfig config) {
        this.lm = lm;
        this.model = lm.model();
        this.config = config;
        this.info = describe();
    }

    private static Set<String> fields(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }

    Map<String, Object> info() {
        return info;
    }

    private Map<String, Object> describe() {
        Vocabulary v = model.vocabulary();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model.config().describe());
        m.put("cell", model.config().cell());
        m.put("layers", model.config().layers());
        m.put("hidden", model.config().hidden());
        m.put("embedding", model.config().embedding());
        m.put("parameters", model.config().parameterCount());
        m.put("vocabulary_size", v.size());
        m.put("kind", v.isStream() ? "stream" : "sentences");
        m.put("level", model.text().level().configName());
        m.put("start_symbol", v.word(v.startId()));
        m.put("end_symbol", v.word(v.endId()));
        m.put("unknown_symbol", v.unknownSymbol());
        m.put("bidirectional", model.config().bidirectional());
        if (model.config().bidirectional()) {
            m.put("left_to_right_uses", "forward stack");
        }
        m.put("text", model.text().toMap());
        Map<String, String> provenance = new LinkedHashMap<>();
        model.provenance().forEach((k, x) -> provenance.put(k.replaceFirst("^provenance\\.", ""), x));   // as `rnnlm4j info`
        m.put("provenance", provenance);
        m.put("limits", config.limits());
        m.put("threads", config.threads());
        m.put("version", Version.VERSION);
        m.put("kernels", KernelSelector.get().name());
        return m;
    }

    /** POST /score and /score/tokens (perTokenAlways). */
    Callable<Object> prepareScore(JsonBody b, boolean perTokenAlways) {
        boolean perToken = perTokenAlways || b.bool("per_token", false);
        Scorer.Boundaries boundaries = new Scorer.Boundaries(b.bool("bos", true), b.bool("eos", true));
        if (b.has("sentences") == b.has("text")) {
            throw HttpError.bad("give either \"sentences\": [\"...\", ...] (an answer for each) or \"text\": \"...\" (one sentence)");
        }
        boolean one = b.has("text");
        List<String> sentences = one ? List.of(b.string("text", "")) : b.strings("sentences");
        if (sentences.size() > config.maxSentences()) {
            throw HttpError.tooLarge(sentences.size() + " sentences in one request, more than this server's limit of "
                    + config.maxSentences() + " (--max-sentences): send them in several requests");
        }
        for (int i = 0; i < sentences.size(); i++) {
            checkTokens(sentences.get(i), one ? "the text" : "sentence " + i);
        }
        return () -> {
            List<Object> results = new ArrayList<>(sentences.size());
            for (String s : sentences) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("scoring stopped: its thread was interrupted");
                }
                results.add(lm.score(s, boundaries).toMap(perToken));
            }
            return one ? results.get(0) : Map.of("results", results);
        };
    }

    /** POST /next: the most probable next tokens after the prefix (from the start of a sentence). */
    Callable<Object> prepareNext(JsonBody b) {
        String prefix = b.string("prefix", "");
        int top = b.integer("top", 10);
        if (top < 1) {
            throw HttpError.bad("\"top\" must be at least 1 (got " + top + "): how many of the most probable next tokens to list");
        }
        int k = Math.min(top, model.vocabulary().size());
        checkTokens(prefix, "the prefix");
        return () -> {
            Prompt p = Prompt.of(model, prefix);
            Rnnlm.State s = stateAfter(p);
            double[] lp = s.logProbs();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("prefix", prefix);
            m.put("tokens", p.tokens());
            m.put("prefix_logprob", s.totalLogProb());
            List<Object> next = new ArrayList<>(k);
            for (int id : best(lp, k)) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("token", model.vocabulary().word(id));
                t.put("id", id);
                t.put("logprob", lp[id]);
                t.put("prob", Math.exp(lp[id]));
                next.add(t);
            }
            m.put("next", next);
            putUnseen(m, p);
            return m;
        };
    }

    /** POST /generate: samples or beam search results, as `rnnlm4j generate --json` prints them. */
    Callable<Object> prepareGenerate(JsonBody b) {
        String prime = b.string("prime", null);
        boolean stream = model.vocabulary().isStream();
        if (!stream && b.has("length")) {
            throw HttpError.bad("\"length\" continues the text of stream models; this model generates sentences: use \"max_length\"");
        }
        boolean continuous = stream && (prime != null || b.has("length"));
        boolean greedy = b.bool("greedy", false);
        double temperature = b.number("temperature", 1);
        if (greedy && b.has("temperature") && temperature != 0) {
            throw HttpError.bad("\"greedy\": true and \"temperature\": " + temperature + " disagree: give one of them");
        }
        int count = atMost(b.integer("count", 1), config.maxCount(), "count", "--max-count");
        int beam = atMost(b.integer("beam", 0), config.maxBeam(), "beam", "--max-beam");
        int minLength = atMost(b.integer("min_length", 1), config.maxLength(), "min_length", "--max-length");
        int maxLength = continuous ? atMost(b.integer("length", Math.min(200, config.maxLength())), config.maxLength(), "length", "--max-length")
                : atMost(b.integer("max_length", Math.min(60, config.maxLength())), config.maxLength(), "max_length", "--max-length");
        DecodingOptions o;
        try {
            o = DecodingOptions.builder().count(count).seed(b.longInteger("seed")).temperature(greedy ? 0 : temperature)
                    .topK(b.integer("top_k", 0)).topP(b.number("top_p", 1)).repetitionPenalty(b.number("repetition_penalty", 1))
                    .noRepeatNgram(b.integer("no_repeat_ngram", 0)).minLength(minLength).maxLength(maxLength)
                    .stop(b.strings("stop")).beam(beam).lengthAlpha(b.number("length_alpha", 1)).continuous(continuous).build();
        } catch (RnnlmException e) {
            throw HttpError.bad(fieldNames(e.getMessage()));
        }
        if (prime != null) {
            checkTokens(prime, "the prime");
        }
        return () -> {
            Prompt p = Prompt.of(model, prime == null ? "" : prime);
            List<Object> samples = new ArrayList<>();
            for (Sample s : stateAfter(p).generate(o)) {
                Map<String, Object> m = new LinkedHashMap<>();
                if (prime != null) {
                    m.put("prime", prime);
                }
                m.putAll(s.toMap());
                samples.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("samples", samples);
            putUnseen(m, p);
            return m;
        };
    }

    /** The model's state after the start symbol and the prompt's ids. */
    private Rnnlm.State stateAfter(Prompt p) {
        Rnnlm.State s = lm.newState();
        for (int id : p.ids()) {
            s.advance(id);
        }
        return s;
    }

    /** Symbols of the prefix or prime that the model never saw (read as its unknown symbol, or skipped). */
    private void putUnseen(Map<String, Object> m, Prompt p) {
        if (!p.unseen().isEmpty()) {
            m.put("unseen", List.copyOf(p.unseen()));
            m.put("unseen_read_as", model.vocabulary().unknownSymbol());
        }
    }

    private void checkTokens(String text, String what) {
        int n = lm.tokenize(text).size();
        if (n > config.maxTokens()) {
            throw HttpError.tooLarge(what + " has " + n + " tokens, more than this server's limit of " + config.maxTokens()
                    + " (--max-tokens): shorten it");
        }
    }

    private static int atMost(int value, int limit, String field, String flag) {
        if (value > limit) {
            throw HttpError.tooLarge("\"" + field + "\": " + value + " is more than this server's limit of " + limit
                    + " (" + flag + "): ask for less");
        }
        return value;
    }

    /** A DecodingOptions message speaks of generate's flags (--top-p); the server's fields are top_p. */
    static String fieldNames(String message) {
        Matcher m = FLAG.matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, "\"" + m.group(1).replace('-', '_') + "\"");
        }
        return m.appendTail(sb).toString();
    }

    /** The k ids with the highest lp, highest first (lower id first on ties). */
    static int[] best(double[] lp, int k) {
        PriorityQueue<Integer> heap = new PriorityQueue<>(k + 1, (a, b) -> lp[a] != lp[b] ? Double.compare(lp[a], lp[b]) : b - a);
        for (int i = 0; i < lp.length; i++) {
            heap.add(i);
            if (heap.size() > k) {
                heap.poll();
            }
        }
        int[] out = new int[heap.size()];
        for (int j = out.length - 1; j >= 0; j--) {
            out[j] = heap.poll();
        }
        return out;
    }
}
