/*
 * `rnnlm4j generate`: the tutorial's sentence generation from a trained model.
 */
package org.rnnlm4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.data.batch.StreamSymbols;
import org.rnnlm4j.io.Json;
import org.rnnlm4j.data.TextConfig.Level;
import org.rnnlm4j.infer.Detokenizer;
import org.rnnlm4j.infer.Generator;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.math.NumpyRandom;
import org.rnnlm4j.model.LanguageModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generate sentences: start at SENTENCE_START, sample until SENTENCE_END (UNKNOWN_TOKEN is never emitted).",
        footer = {"", "Examples:", "  rnnlm4j generate --model ptb.model --count 5",
                "  rnnlm4j generate --model reddit.model --min-length 7 --temperature 0.8 --seed 3",
                "  rnnlm4j generate --model shakespeare.model --prime \"ROMEO:\" --length 500 --temperature 0.8"})
final class GenerateCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Model file.")
    Path model;

    @Option(names = {"-n", "--count"}, defaultValue = "10", description = "Sentences to generate (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--min-length", defaultValue = "1", description = "Redraw sentences with fewer tokens, as the tutorial does (default: ${DEFAULT-VALUE}).")
    int minLength;

    @Option(names = "--max-length", defaultValue = "60", description = "End a sentence after this many tokens (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--temperature", defaultValue = "1.0", description = "Divide the logits by T: below 1 is more conservative (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--seed", description = "Seed for sampling (default: a different one each run).")
    Long seed;

    @Option(names = "--prime", paramLabel = "TEXT", description = "Continue this text instead of generating whole sentences.")
    String prime;

    @Option(names = "--length", defaultValue = "200", description = "With --prime: symbols to generate after it (default: ${DEFAULT-VALUE}).")
    int length;

    @Override
    public void run() {
        if (count < 0 || minLength < 0 || maxLength < 1) {
            throw new org.rnnlm4j.RnnlmException("--count and --min-length must not be negative and --max-length must be at least 1");
        }
        LanguageModel m = Inputs.model(model);
        Generator g = new Generator(m, KernelSelector.get());
        NumpyRandom rng = new NumpyRandom(seed != null ? seed : System.nanoTime() & 0xffffffffL);
        boolean chars = m.text().level() == Level.CHAR;
        if (prime != null) {
            int[] ids = primeIds(m, prime);
            boolean many = spec.commandLine().getParseResult().hasMatchedOption("--count");
            for (int i = 0; i < (many ? count : 1); i++) {
                System.out.println(prime + (chars ? "" : " ") + Detokenizer.join(g.continuation(ids, length, rng, temperature), chars));
            }
            return;
        }
        for (int i = 0; i < count; i++) {
            System.out.println(Detokenizer.join(g.sentence(rng, temperature, minLength, Math.max(maxLength, minLength)), chars));
            System.out.flush();
        }
    }

    /** The prime's ids; symbols the model never saw map to its unknown symbol, or are skipped, with a warning. */
    static int[] primeIds(LanguageModel m, String prime) {
        Vocabulary v = m.vocabulary();
        List<String> tokens = m.text().level() == Level.CHAR ? StreamSymbols.characters(prime)
                : List.of(prime.strip().split("\\s+"));
        List<Integer> ids = new ArrayList<>();
        Set<String> unseen = new LinkedHashSet<>();
        for (String t : tokens) {
            if (t.isEmpty()) {
                continue;
            }
            if (v.contains(t)) {
                ids.add(v.id(t));
            } else {
                unseen.add(t);
                if (v.unknownId() >= 0) {
                    ids.add(v.unknownId());
                }
            }
        }
        if (!unseen.isEmpty()) {
            System.err.println("rnnlm4j: warning: the prime has symbols the model never saw: "
                    + unseen.stream().map(Json::write).collect(Collectors.joining(" "))
                    + (v.unknownId() >= 0 ? "; they are read as " + v.unknownSymbol() : "; they are skipped"));
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }
}
