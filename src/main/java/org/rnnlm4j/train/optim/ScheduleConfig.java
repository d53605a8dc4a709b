/*
 * ScheduleConfig: a learning-rate schedule as written after --lr-schedule, validated on parsing;
 * create() builds it once the base rate and the run's number of updates are known.
 *
 *   constant                                   the same rate throughout (the default)
 *   step:N:GAMMA                               multiply by GAMMA every N epochs        (StepDecay)
 *   plateau[:FACTOR[:MIN_DELTA[:PATIENCE]]]    divide by FACTOR (default 4) when the validation
 *                                              loss has not improved by more than MIN_DELTA
 *                                              (default 0) for more than PATIENCE evaluations
 *                                              (default 0)                             (Plateau)
 *   cosine:WARMUP[:MIN_LR]                     rise linearly over WARMUP updates, then follow a
 *                                              cosine down to MIN_LR (default 0) at the last update
 *                                              (CosineWarmup)
 *
 * Examples: "step:2:0.5", "plateau", "plateau:2:0.001", "cosine:500:1e-5". Fields that a kind does
 * not use hold 0.
 */
package org.rnnlm4j.train.optim;

import java.util.Locale;
import java.util.regex.Pattern;
import org.rnnlm4j.RnnlmException;

public record ScheduleConfig(
        String kind,          // constant | step | plateau | cosine
        int everyEpochs,      // step: N
        double gamma,         // step: GAMMA
        double factor,        // plateau: FACTOR
        double minDelta,      // plateau: MIN_DELTA
        int patience,         // plateau: PATIENCE
        long warmupSteps,     // cosine: WARMUP
        double minLr) {       // cosine: MIN_LR

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    public static final String SYNTAX = "constant, step:N:GAMMA, plateau[:FACTOR[:MIN_DELTA[:PATIENCE]]] or cosine:WARMUP[:MIN_LR]";

    public ScheduleConfig {
        switch (String.valueOf(kind)) {
            case "constant":
                break;
            case "step":
                StepDecay.check(everyEpochs, gamma);
                break;
            case "plateau":
                Plateau.check(factor, minDelta, patience);
                break;
            case "cosine":
                CosineWarmup.check(warmupSteps, minLr);
                break;
            default:
                throw new RnnlmException("unknown --lr-schedule kind '" + oneLine(kind) + "': expected " + SYNTAX);
        }
    }

    public static ScheduleConfig constant() {
        return new ScheduleConfig("constant", 0, 0, 0, 0, 0, 0, 0);
    }

    /** Parses the --lr-schedule syntax above (the kind is case-insensitive). */
    public static ScheduleConfig parse(String spec) {
        String[] f = (spec == null ? "" : spec.trim()).split(":", -1);
        String kind = f[0].toLowerCase(Locale.ROOT);
        try {
            switch (kind) {
                case "constant":
                    arity(spec, f, 1, 1);
                    return constant();
                case "step":
                    arity(spec, f, 3, 3);
                    return new ScheduleConfig(kind, Integer.parseInt(f[1]), number(f[2]), 0, 0, 0, 0, 0);
                case "plateau":
                    arity(spec, f, 1, 4);
                    return new ScheduleConfig(kind, 0, 0,
                            f.length > 1 ? number(f[1]) : Plateau.DEFAULT_FACTOR,
                            f.length > 2 ? number(f[2]) : 0,
                            f.length > 3 ? Integer.parseInt(f[3]) : 0, 0, 0);
                case "cosine":
                    arity(spec, f, 2, 3);
                    return new ScheduleConfig(kind, 0, 0, 0, 0, 0, Long.parseLong(f[1]),
                            f.length > 2 ? number(f[2]) : 0);
                default:
                    throw new RnnlmException("unknown --lr-schedule '" + oneLine(spec) + "': expected " + SYNTAX);
            }
        } catch (NumberFormatException e) {
            throw new RnnlmException("--lr-schedule '" + oneLine(spec) + "' has a field that is not a number: expected " + SYNTAX);
        }
    }

    /** The schedule for a run starting at baseLr with totalSteps updates (used by cosine only). */
    public LearningRateSchedule create(double baseLr, long totalSteps) {
        switch (kind) {
            case "step":
                return new StepDecay(baseLr, everyEpochs, gamma);
            case "plateau":
                return new Plateau(baseLr, factor, minDelta, patience);
            case "cosine":
                return new CosineWarmup(baseLr, warmupSteps, totalSteps, minLr);
            default:
                return new Constant(baseLr);
        }
    }

    private static void arity(String spec, String[] f, int min, int max) {
        if (f.length < min || f.length > max) {
            throw new RnnlmException("--lr-schedule '" + oneLine(spec) + "' has " + (f.length < min ? "too few" : "too many")
                    + " fields: expected " + SYNTAX);
        }
    }

    /** A plain decimal number ("0.5", "1e-5"); not NaN, Infinity, hex or Java suffixes. */
    private static double number(String s) {
        if (!DECIMAL.matcher(s).matches()) {
            throw new NumberFormatException(s);
        }
        return Double.parseDouble(s);
    }

    private static String oneLine(String s) {
        return String.valueOf(s).replaceAll("\\p{Cntrl}", " ");
    }
}
