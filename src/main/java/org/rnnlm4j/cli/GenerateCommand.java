/*
 * `rnnlm4j generate`: the tutorial's sentence generation from a trained model.
 */
package org.rnnlm4j.cli;

import java.nio.file.Path;
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
                "  rnnlm4j generate --model reddit.model --min-length 7 --temperature 0.8 --seed 3"})
final class GenerateCommand implements Runnable {
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

    @Override
    public void run() {
        if (count < 0 || minLength < 0 || maxLength < 1) {
            throw new org.rnnlm4j.RnnlmException("--count and --min-length must not be negative and --max-length must be at least 1");
        }
        LanguageModel m = Inputs.model(model);
        Generator g = new Generator(m, KernelSelector.get());
        NumpyRandom rng = new NumpyRandom(seed != null ? seed : System.nanoTime() & 0xffffffffL);
        boolean chars = m.text().level() == Level.CHAR;
        for (int i = 0; i < count; i++) {
            System.out.println(Detokenizer.join(g.sentence(rng, temperature, minLength, Math.max(maxLength, minLength)), chars));
            System.out.flush();
        }
    }
}
