/*
 * `rnnlm4j train`: flags -> TextConfig, ModelConfig, TrainConfig -> TrainingSession.
 */
package org.rnnlm4j.cli;

import java.nio.file.Path;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.ModelConfig;
import org.rnnlm4j.nn.Activation;
import org.rnnlm4j.train.StreamConfig;
import org.rnnlm4j.train.TrainConfig;
import org.rnnlm4j.train.optim.OptimizerConfig;
import org.rnnlm4j.train.optim.ScheduleConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Train an RNN language model with SGD and backpropagation through time.",
        footer = {"", "Examples:",
                "  rnnlm4j train data/reddit/reddit-comments-2015-08-sample.csv --out reddit.model --epochs 5",
                "  rnnlm4j train data/ptb/ptb.valid.txt --valid data/ptb/ptb.test.txt --vocab-size 10000 --out ptb.model",
                "  rnnlm4j train data/tinyshakespeare.txt --level char --mode stream --cell lstm --layers 2 --hidden 256 --embedding 64 --steps 1000 --out shakespeare.model",
                "Ctrl-C stops training after the current step and saves the model."})
final class TrainCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Training text (CSV, one sentence per line, or running text).")
    Path data;

    @Option(names = {"-o", "--out"}, paramLabel = "MODEL", description = "Where to save the model (default: <FILE name>.model in the current directory).")
    Path out;

    @Mixin
    TextOptions text;

    @Option(names = "--vocab-size", defaultValue = "8000", description = "Keep the N-1 most frequent tokens + UNKNOWN_TOKEN (default: ${DEFAULT-VALUE}).")
    int vocabSize;

    @Option(names = "--hidden", defaultValue = "100", description = "Hidden units H (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--mode", defaultValue = "sentence", paramLabel = "sentence|stream",
            description = "sentence: the tutorial's loop, one sentence per SGD step; stream: the text as one stream in --batch streams of --bptt steps, state carried (char-rnn) (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--cell", defaultValue = "rnn", paramLabel = "rnn|gru|lstm", description = "Recurrent cell (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--embedding", defaultValue = "0", description = "Embedding width E (default: = --hidden).")
    int embedding;

    @Option(names = "--batch", description = "Streams (stream mode, default 32) or sentences (sentence mode, default 1 = the tutorial's loop) per step.")
    Integer batch;

    @Option(names = "--bptt", defaultValue = "64", description = "Stream mode: window length T; gradients stop at window borders (default: ${DEFAULT-VALUE}).")
    int bptt;

    @Option(names = "--steps", defaultValue = "0", description = "Stream mode: optimizer steps (default: --epochs passes).")
    long steps;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "NAME",
            description = "Stream mode: sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--weight-decay", defaultValue = "0", description = "Stream mode: weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--eval-every", defaultValue = "0", paramLabel = "STEPS",
            description = "Stream mode: evaluate on the validation text, log metrics and print a sample every N steps (default: at the end).")
    long evalEvery;

    @Option(names = "--resume", paramLabel = "CKPT",
            description = "Continue a minibatch run exactly from the MODEL.ckpt it wrote (its stored settings are used).")
    Path resume;

    @Option(names = "--init", paramLabel = "MODEL",
            description = "Fine-tune: start from MODEL's weights, architecture and vocabulary, and train on FILE (fresh optimizer).")
    Path init;

    @Option(names = "--patience", defaultValue = "0",
            description = "Minibatch training: stop after N evaluations without a better validation loss (default: off). With validation data MODEL keeps the best weights and MODEL.last the final ones.")
    int patience;

    @Option(names = "--tie-weights", description = "Minibatch training: the output layer reuses the embedding matrix (needs --embedding = --hidden).")
    boolean tieWeights;

    @Option(names = "--bidirectional", description = "Minibatch training: add a right-to-left stack (trained as a right-to-left LM, sharing embedding and output) for `rnnlm4j fill`; scoring and generation use the left-to-right stack.")
    boolean bidirectional;

    @Option(names = "--dropout", defaultValue = "0", description = "Stream mode: dropout between stacked layers while training (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--clip", defaultValue = "5", description = "Stream mode: clip the global gradient norm at this value; 0 = off (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--lr-schedule", defaultValue = "constant", paramLabel = "SPEC",
            description = "Stream mode: constant, step:N:GAMMA, plateau[:FACTOR] or cosine:WARMUP (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--activation", defaultValue = "tanh", paramLabel = "tanh|relu", description = "f in s_t = f(U x_t + W s_{t-1}) (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--layers", defaultValue = "1", description = "Stacked recurrent layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--bias", description = "Add biases to the recurrent and output layers (the tutorial has none).")
    boolean bias;

    @Option(names = "--epochs", defaultValue = "10", description = "Passes over the training data (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", defaultValue = "0.005", description = "Learning rate (default: ${DEFAULT-VALUE} for the sentence loop's SGD; 0.002 in stream mode).")
    double lr;

    @Option(names = "--bptt-truncate", defaultValue = "0", paramLabel = "K",
            description = "Each output's error flows back at most K steps, as the tutorial does; 0 = full BPTT (default: ${DEFAULT-VALUE}).")
    int truncate;

    @Option(names = "--evaluate-every", defaultValue = "1", paramLabel = "E", description = "Evaluate every E epochs; halve lr when the loss rose (default: ${DEFAULT-VALUE}).")
    int evaluateEvery;

    @Option(names = "--valid", paramLabel = "FILE", description = "Held-out text to evaluate on (same format as FILE).")
    Path valid;

    @Option(names = "--valid-fraction", defaultValue = "0.05", description = "Without --valid, hold out this share of the sentences (default: ${DEFAULT-VALUE}).")
    double validFraction;

    @Option(names = "--max-sentences", defaultValue = "0", description = "Use only the first N sentences (0 = all).")
    int maxSentences;

    @Option(names = "--seed", defaultValue = "10", description = "Seed for initialization, shuffling and the validation split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-shuffle", description = "Visit sentences in file order instead of a seeded random order each epoch.")
    boolean noShuffle;

    @Option(names = "--save-every", defaultValue = "5", paramLabel = "MINUTES", description = "Save the model every N minutes while training (default: ${DEFAULT-VALUE}; 0 = only at the end).")
    double saveEvery;

    @Option(names = "--max-time", defaultValue = "0", paramLabel = "MINUTES", description = "Stop and save after N minutes (default: no limit).")
    double maxTime;

    @Override
    public void run() {
        if (resume != null) {
            RunCheckpoints.resume(resume);
            return;
        }
        if (data == null) {
            throw new org.rnnlm4j.RnnlmException("no training file given: rnnlm4j train FILE (or --resume MODEL.ckpt)");
        }
        Path model = out != null ? out : Path.of(stem(data) + ".model");
        if (!mode.equals("sentence") && !mode.equals("stream")) {
            throw new org.rnnlm4j.RnnlmException("unknown --mode '" + mode + "': use sentence or stream");
        }
        LanguageModel initial = init == null ? null : FineTuning.load(init, spec.commandLine().getParseResult(), mode);
        if (mode.equals("stream")) {
            runStream(model, initial);
            return;
        }
        int sentencesPerStep = batch == null ? 1 : batch;
        if (sentencesPerStep > 1) {
            ModelConfig arch = minibatchArch(Math.max(2, vocabSize));
            StreamConfig sc = minibatchConfig(sentencesPerStep, 1, 1);
            TrainingSession.run(new TrainingSession.Options(data, textConfig(initial), vocabSize, valid, validFraction,
                    maxSentences, arch, new TrainConfig(epochs, 0.005, 0, 1, seed, true, saveEvery, maxTime), model, false, sc, null,
                    initial),
                    System.out);
            return;
        }
        String cellName = initial != null ? initial.config().cell() : cell;
        if (!cellName.equals("rnn") || (initial != null && initial.config().inputProjection())) {
            throw new org.rnnlm4j.RnnlmException("--cell " + cellName + " needs minibatches: use --mode stream, or --batch 8 (or more) in sentence mode");
        }
        ModelConfig arch = new ModelConfig("rnn", Activation.parse(activation), Math.max(2, vocabSize), hidden, hidden, layers,
                false, bias, bias, "tutorial");
        TrainConfig tc = new TrainConfig(epochs, lr, truncate, evaluateEvery, seed, !noShuffle, saveEvery, maxTime);
        TrainingSession.run(new TrainingSession.Options(data, textConfig(initial), vocabSize, valid, validFraction,
                maxSentences, arch, tc, model, false, null, null, initial), System.out);
    }

    /** The architecture flags of minibatch training (any cell, input projections, biases, PyTorch init). */
    private ModelConfig minibatchArch(int vocab) {
        int e = embedding > 0 ? embedding : hidden;
        return new ModelConfig(cell, Activation.parse(activation), vocab, e, hidden, layers, true, true, true, "pytorch", tieWeights, bidirectional);
    }

    /** The optimizer, schedule and stopping flags of minibatch training; lr defaults to 0.002 here. */
    private StreamConfig minibatchConfig(int rows, int window, int evalChunk) {
        double rate = spec.commandLine().getParseResult().hasMatchedOption("--lr") ? lr : 0.002;
        return new StreamConfig(rows, window, steps, epochs, rate,
                OptimizerConfig.parse(optimizer).withWeightDecay(weightDecay), ScheduleConfig.parse(schedule), clip,
                StreamConfig.Reduction.MEAN, evalEvery, evalChunk, maxTime, seed, dropout, patience);
    }

    private void runStream(Path model, LanguageModel initial) {
        ModelConfig arch = minibatchArch(2);
        StreamConfig sc = minibatchConfig(batch == null ? 32 : batch, bptt, 1000);
        StreamSession.run(data, TextOptions.parseLevel(text.level), valid, valid == null ? validFraction : 0, arch, sc, model,
                System.out, null, initial);
    }

    /** How FILE is read: the flags, but a fine-tuned model's own tokenization (level, tokenizer, lowercasing). */
    private org.rnnlm4j.data.TextConfig textConfig(LanguageModel initial) {
        org.rnnlm4j.data.TextConfig t = text.toConfig(data);
        if (initial == null) {
            return t;
        }
        org.rnnlm4j.data.TextConfig m = initial.text();
        return new org.rnnlm4j.data.TextConfig(m.level(), t.format(), m.tokenizerName(), m.lowercase(), t.sentenceSplit(), t.csvColumn());
    }

    static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
