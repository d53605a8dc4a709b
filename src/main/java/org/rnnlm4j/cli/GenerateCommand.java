/*
 * `rnnlm4j generate`: text from a trained model — sentences (the tutorial's generation), a
 * sentence that starts with --prime, or, for stream models, --length symbols continuing --prime
 * (char-rnn's sampling). The flags map 1:1 onto DecodingOptions; the work is Generator's.
 * Output: one sample per line (a continuation may span lines), or with --json one object per sample.
 */
package org.rnnlm4j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.TextConfig.Level;
import org.rnnlm4j.infer.DecodingOptions;
import org.rnnlm4j.infer.Generator;
import org.rnnlm4j.infer.Prompt;
import org.rnnlm4j.infer.Sample;
import org.rnnlm4j.io.Json;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.model.LanguageModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate sentences: start at SENTENCE_START, choose tokens until SENTENCE_END",
                "(UNKNOWN_TOKEN is never emitted); or complete a sentence that starts with",
                "--prime; or continue a stream model's --prime for --length symbols."},
        footer = {"",
                "Decoding: sampling at --temperature (0 or --greedy: the most probable token),",
                "narrowed by --top-k and --top-p, steered by --repetition-penalty and",
                "--no-repeat-ngram; or --beam N, beam search, which ranks finished sentences by",
                "(sum of ln p) / predictions^A (--length-alpha; A = 1: the lowest perplexity).",
                "",
                "--json: one object per sample with text, tokens (the end symbol last when the",
                "sample ended there), logprobs (natural log of the MODEL's probability of each",
                "token: before temperature, top-k, top-p and penalties, so a sentence's logprob",
                "is 'rnnlm4j score's log10_prob times ln 10), logprob (their sum), finish",
                "(end|length|stop), score (beam search's rank) and prime.",
                "",
                "Examples:",
                "  rnnlm4j generate --model ptb.model --count 5",
                "  rnnlm4j generate --model ptb.model --min-length 7 --temperature 0.8 --seed 3",
                "  rnnlm4j generate --model ptb.model --top-p 0.9 --repetition-penalty 1.3 --json",
                "  rnnlm4j generate --model ptb.model --prime \"the company\" --beam 5 --count 3",
                "  rnnlm4j generate --model shakespeare.model --prime \"ROMEO:\" --length 500",
                "  rnnlm4j generate --model shakespeare.model --prime \"ROMEO:\" --stop \"\\n\\n\""})
final class GenerateCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Model file.")
    Path model;

    @Option(names = {"-n", "--count"}, defaultValue = "10", paramLabel = "N",
            description = "Samples to generate (default: ${DEFAULT-VALUE}; 1 with --prime, --greedy or --beam).")
    int count;

    @Option(names = "--min-length", defaultValue = "1", paramLabel = "N",
            description = "At least this many tokens: sampling redraws shorter sentences as the tutorial does, --greedy and --beam do not end earlier (default: ${DEFAULT-VALUE}).")
    int minLength;

    @Option(names = "--max-length", defaultValue = "60", paramLabel = "N", description = "End a sentence after this many tokens (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--temperature", defaultValue = "1.0", paramLabel = "T",
            description = "Divide the logits by T: below 1 is more conservative, 0 is greedy (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--greedy", description = "Always take the most probable token (same as --temperature 0).")
    boolean greedy;

    @Option(names = "--top-k", defaultValue = "0", paramLabel = "K", description = "Sample among the K most probable tokens only (default: 0, all).")
    int topK;

    @Option(names = "--top-p", defaultValue = "1.0", paramLabel = "P",
            description = "Nucleus sampling: among the most probable tokens that make up probability P (default: ${DEFAULT-VALUE}, all).")
    double topP;

    @Option(names = "--repetition-penalty", defaultValue = "1.0", paramLabel = "THETA",
            description = "Divide positive (multiply negative) logits of tokens already in the prime or output by THETA (CTRL; default: ${DEFAULT-VALUE}, off).")
    double repetitionPenalty;

    @Option(names = "--no-repeat-ngram", defaultValue = "0", paramLabel = "N", description = "Never repeat an N-gram of the prime or output (default: 0, off).")
    int noRepeatNgram;

    @Option(names = "--stop", paramLabel = "TEXT",
            description = "End a sample where its text contains TEXT (cut before it); repeatable; \\n and \\t are read as line break and tab.")
    List<String> stop = List.of();

    @Option(names = "--beam", defaultValue = "0", paramLabel = "N", description = "Beam search of width N instead of sampling; --count results, best first (default: 0, off).")
    int beam;

    @Option(names = "--length-alpha", defaultValue = "1.0", paramLabel = "A",
            description = "Beam search ranks by (sum of ln p) / predictions^A: 0 favours short output, 1 is the mean (default: ${DEFAULT-VALUE}).")
    double lengthAlpha;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed for sampling (default: a different one each run).")
    Long seed;

    @Option(names = "--prime", paramLabel = "TEXT", description = "Start with this text: sentences that begin with it, or a stream model's text to continue.")
    String prime;

    @Option(names = "--length", defaultValue = "200", paramLabel = "N",
            description = "Stream models: generate this many symbols after --prime, line breaks included (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--json", description = "One JSON object per sample (see below).")
    boolean json;

    @Override
    public void run() {
        LanguageModel m = Inputs.model(model);
        boolean continuous = m.vocabulary().isStream() && (prime != null || given("--length"));
        if (!m.vocabulary().isStream() && given("--length")) {
            throw new RnnlmException("--length continues the text of stream models; this model generates sentences: use --max-length");
        }
        DecodingOptions options = options(continuous);
        int[] ids = prime == null ? new int[0] : primeIds(m, prime);
        boolean chars = m.text().level() == Level.CHAR;
        for (Sample s : new Generator(m, KernelSelector.get()).generate(ids, options)) {
            if (json) {
                System.out.println(Json.write(toMap(s)));
            } else {
                String sep = chars || s.text().isEmpty() ? "" : " ";
                System.out.println(prime == null ? s.text() : prime + sep + s.text());
            }
            System.out.flush();
        }
    }

    private boolean given(String option) {
        ParseResult r = spec.commandLine().getParseResult();
        return r.hasMatchedOption(option);
    }

    DecodingOptions options(boolean continuous) {
        if (greedy && given("--temperature") && temperature != 0) {
            throw new RnnlmException("--greedy and --temperature " + temperature + " disagree: give one of them");
        }
        boolean one = prime != null || greedy || temperature == 0 || beam > 0;
        return DecodingOptions.builder().count(given("--count") || !one ? count : 1).seed(seed)
                .temperature(greedy ? 0 : temperature).topK(topK).topP(topP).repetitionPenalty(repetitionPenalty)
                .noRepeatNgram(noRepeatNgram).minLength(minLength).maxLength(continuous ? length : maxLength)
                .stop(stop.stream().map(GenerateCommand::unescape).toList()).beam(beam).lengthAlpha(lengthAlpha)
                .continuous(continuous).build();
    }

    /** "\n" and "\t" typed on a command line as backslash sequences; "\\" is a backslash. */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && "nt\\".indexOf(s.charAt(i + 1)) >= 0) {
                char e = s.charAt(++i);
                sb.append(e == 'n' ? '\n' : e == 't' ? '\t' : '\\');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private Map<String, Object> toMap(Sample s) {
        Map<String, Object> o = new LinkedHashMap<>();
        if (prime != null) {
            o.put("prime", prime);
        }
        o.putAll(s.toMap());
        return o;
    }

    /** The prime's ids; symbols the model never saw map to its unknown symbol, or are skipped, with a warning. */
    static int[] primeIds(LanguageModel m, String prime) {
        Prompt p = Prompt.of(m, prime);
        if (!p.unseen().isEmpty()) {
            System.err.println("rnnlm4j: warning: the prime has symbols the model never saw: "
                    + p.unseen().stream().map(Json::write).collect(Collectors.joining(" "))
                    + (m.vocabulary().unknownId() >= 0 ? "; they are read as " + m.vocabulary().unknownSymbol() : "; they are skipped"));
        }
        return p.ids();
    }
}
