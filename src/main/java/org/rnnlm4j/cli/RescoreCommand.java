/*
 * `rnnlm4j rescore`: a Moses n-best list with the model's score appended to every hypothesis as a
 * feature, optionally folded into the total with --weight and re-ranked per sentence id. Streams:
 * one id's block in memory at a time, written as soon as it is scored. A one-line summary (how many
 * network steps the shared prefixes saved) goes to standard error.
 */
package org.rnnlm4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.MosesNbest;
import org.rnnlm4j.infer.NbestRescorer;
import org.rnnlm4j.math.KernelSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rescore", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Rescore a Moses n-best list (id ||| hypothesis ||| feature scores ||| total): append the model's "
                + "score of each hypothesis as a feature; with --weight add weight * score to the total and re-rank "
                + "each id's hypotheses by the new total (best first; ties keep their order).",
        footer = {"", "Examples:",
                "  rnnlm4j rescore --model ptb.model --nbest nbest.txt > nbest.rnnlm.txt",
                "  rnnlm4j rescore --model ptb.model --nbest nbest.txt --weight 0.5",
                "  moses -f moses.ini -n-best-list - 100 < in.txt \\",
                "    | rnnlm4j rescore --model ptb.model --nbest -",
                "",
                "The score is the natural log (ln) of P(START hypothesis END), the unit of",
                "Moses' language-model features (log10 x 2.302585), written with 4 decimals",
                "after the other features: 'rnnlm: -40.1260', or 'rnnlm= -40.1260' when the",
                "list labels its features like 'LM0='. The README's demo.model with --weight",
                "0.5 on data/nbest/example.nbest:",
                "  1 ||| shares fell N cents in heavy trading ||| d: 0 lm: -20.4 tm: -3.1",
                "  w: -7 rnnlm: -40.1260 ||| -24.8630",
                "Each hypothesis is scored from a fresh state, so identical hypotheses get",
                "identical scores; hypotheses sharing a prefix share its computation. The",
                "list must be grouped by id, as Moses writes it."})
final class RescoreCommand implements Runnable {
    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Model file.")
    Path model;

    @Option(names = "--nbest", paramLabel = "FILE", description = "Moses n-best list; '-' reads standard input.")
    String nbest;

    @Option(names = "--weight", paramLabel = "W", description = "New total = total + W * score; re-rank per id by it.")
    Double weight;

    @Option(names = "--feature", paramLabel = "NAME", defaultValue = "rnnlm",
            description = "Label of the appended feature (default: ${DEFAULT-VALUE}).")
    String feature;

    @Override
    public void run() {
        if (nbest == null) {
            throw new RnnlmException("no n-best list given: pass --nbest FILE (or --nbest - to read standard input)");
        }
        if (!feature.matches("[^\\s:=|]+")) {
            throw new RnnlmException("--feature \"" + feature + "\" cannot label a feature: use letters, digits, '_' or '-' (no spaces, ':', '=' or '|')");
        }
        if (weight != null && !Double.isFinite(weight)) {
            throw new RnnlmException("--weight must be a finite number, got " + weight);
        }
        NbestRescorer rescorer = new NbestRescorer(Inputs.model(model), KernelSelector.get());
        PrintStream out = System.out;
        long[] ids = {0};
        MosesNbest.Grouper grouper = new MosesNbest.Grouper(block -> {
            for (MosesNbest.Entry e : block) {
                if (e.hasFeature(feature)) {
                    throw new RnnlmException("line " + e.line() + " already has a feature '" + feature
                            + "': name the new one with --feature NAME");
                }
            }
            for (NbestRescorer.Rescored r : rescorer.rescore(block, weight)) {
                String total = weight == null ? r.entry().totalText() : String.format(Locale.ROOT, "%.4f", r.total());
                out.println(r.entry().withFeature(feature, r.lm(), total));
            }
            out.flush();
            ids[0]++;
        });
        Inputs.forEachLine(nbest, grouper::accept);
        grouper.finish();
        long tokens = rescorer.tokens();
        System.err.printf(Locale.ROOT, "rescored %,d hypotheses of %,d sentence ids: %,d network steps for %,d predicted tokens"
                + " (shared prefixes saved %.0f%%)%n", rescorer.hypotheses(), ids[0], rescorer.steps(), tokens,
                tokens == 0 ? 0.0 : 100.0 * (tokens - rescorer.steps()) / tokens);
    }
}
