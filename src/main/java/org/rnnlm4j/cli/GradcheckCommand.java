/*
 * `rnnlm4j gradcheck`: the tutorial's finite-difference gradient check on a small random model.
 */
package org.rnnlm4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.math.NumpyRandom;
import org.rnnlm4j.model.GradientCheck;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.ModelConfig;
import org.rnnlm4j.nn.Activation;
import org.rnnlm4j.nn.LayerGradientCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gradcheck", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check BPTT gradients by finite differences (float64), every parameter.",
                "Also checks the fast float32 network against the float64 gradients. Exits 1 if a check fails."},
        footer = {"", "Examples:", "  rnnlm4j gradcheck", "  rnnlm4j gradcheck --activation relu --layers 2 --bias",
                "  rnnlm4j gradcheck --cell lstm --layers 2 --bidirectional"})
final class GradcheckCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--vocab", defaultValue = "8", description = "Vocabulary size of the test model (default: ${DEFAULT-VALUE}).")
    int vocab;

    @Option(names = "--hidden", defaultValue = "5", description = "Hidden units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--length", defaultValue = "10", description = "Tokens in the test sequence (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--layers", defaultValue = "1", description = "Stacked layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--activation", defaultValue = "tanh", description = "tanh or relu (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--cell", defaultValue = "rnn", paramLabel = "rnn|gru|lstm",
            description = "rnn checks the whole tutorial-style language model; gru and lstm (and --bidirectional) check the recurrent layers, including the gradients of the inputs and initial states (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--bidirectional", description = "Check PyTorch-style bidirectional layers.")
    boolean bidirectional;

    @Option(names = "--bias", description = "Include biases.")
    boolean bias;

    @Option(names = "--seed", defaultValue = "10", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    /** The layer-level check for gated cells and bidirectional layers. */
    private int layers() {
        String c = cell.equals("rnn") ? "rnn_" + Activation.parse(activation).id() : cell;
        if (!List.of("rnn_tanh", "rnn_relu", "gru", "lstm").contains(c)) {
            throw new org.rnnlm4j.RnnlmException("unknown --cell '" + cell + "': use rnn, gru or lstm");
        }
        System.out.println("layers: " + c + ", " + layers + " layer" + (layers == 1 ? "" : "s") + (bidirectional ? ", bidirectional" : "")
                + ", input 4, hidden " + hidden + ", 5 steps, batch 3, random h0" + (c.equals("lstm") ? "/c0" : "")
                + "; step h = " + LayerGradientCheck.STEP);
        System.out.printf(Locale.ROOT, "%-26s %-6s %22s %22s  %s%n", "gradient of", "size", "finite diff. rel. err", "float32 vs float64", "");
        boolean ok = true;
        for (LayerGradientCheck.Row r : LayerGradientCheck.run(c, 4, hidden, layers, bidirectional, true, 5, 3, seed,
                KernelSelector.get())) {
            ok &= r.passed();
            System.out.printf(Locale.ROOT, "%-26s %-6d %22.3e %22.3e  %s%n", r.name(), r.size(), r.maxFiniteDifferenceError(),
                    r.maxFloat32Error(), r.passed() ? "ok" : "FAILED");
        }
        System.out.printf(Locale.ROOT, "thresholds: finite differences %.0e, float32 %.0e -> %s%n", LayerGradientCheck.FD_THRESHOLD,
                LayerGradientCheck.FLOAT32_THRESHOLD, ok ? "gradient check passed" : "GRADIENT CHECK FAILED");
        return ok ? 0 : 1;
    }

    @Override
    public Integer call() {
        if (!cell.equals("rnn") || bidirectional) {
            return layers();
        }
        if (vocab < 4 || length < 2) {
            throw new org.rnnlm4j.RnnlmException("--vocab must be at least 4 and --length at least 2");
        }
        ModelConfig c = new ModelConfig("rnn", Activation.parse(activation), vocab, hidden, hidden, layers, false, bias, bias,
                "uniform:0.5");
        List<String> words = new ArrayList<>(List.of(Vocabulary.START, Vocabulary.END));
        for (int i = 2; i < vocab - 1; i++) {
            words.add("w" + i);
        }
        words.add(Vocabulary.UNKNOWN);
        LanguageModel m = LanguageModel.initialize(c, Vocabulary.of(words), TextConfig.lines(), seed, Map.of());
        NumpyRandom rng = new NumpyRandom(seed + 1);
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = rng.nextInt(vocab);
        }
        System.out.println("model: " + c.describe() + "; sequence of " + length + " tokens; step h = " + GradientCheck.STEP);
        System.out.printf(Locale.ROOT, "%-22s %-10s %22s %22s  %s%n", "parameter", "shape", "finite diff. rel. err", "float32 vs float64", "");
        boolean ok = true;
        for (GradientCheck.Row r : GradientCheck.run(m, ids, KernelSelector.get())) {
            ok &= r.passed();
            System.out.printf(Locale.ROOT, "%-22s %-10s %22.3e %22.3e  %s%n", r.name(), java.util.Arrays.toString(r.shape()).replace(" ", ""),
                    r.maxFiniteDifferenceError(), r.maxFloat32Error(), r.passed() ? "ok" : "FAILED");
        }
        System.out.printf(Locale.ROOT, "thresholds: finite differences %.0e, float32 %.0e -> %s%n",
                GradientCheck.FD_THRESHOLD, GradientCheck.FLOAT32_THRESHOLD, ok ? "gradient check passed" : "GRADIENT CHECK FAILED");
        return ok ? 0 : 1;
    }
}
