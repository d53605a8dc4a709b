/*
 * ProgressLine: the live one-line training status on stderr —
 *   epoch 2/10  step  512/1156  loss 5.912  ppl 369.4  1,843 sent/s  ETA 0:00:07
 * redrawn in place (\r) at most 10 times a second on a terminal; on a pipe or log file, one line
 * every 10 seconds instead. Evaluations and messages are printed on lines of their own.
 */
package org.rnnlm4j.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.rnnlm4j.train.TrainingListener;

final class ProgressLine implements TrainingListener {
    private final PrintStream out;
    private final boolean terminal;
    private final long intervalNanos;
    private long last;
    private int width;
    private final String unit;

    ProgressLine(PrintStream out) {
        this(out, "sent");
    }

    /** unit names what the rate counts: "sent" (sentences per step) or "tok" (stream tokens). */
    ProgressLine(PrintStream out, String unit) {
        this.out = out;
        this.unit = unit;
        this.terminal = isTerminal();
        this.intervalNanos = terminal ? 100_000_000L : 10_000_000_000L;
        this.last = System.nanoTime(); // the first line waits one interval: early rates and ETAs are JIT noise
    }

    /**
     * Whether stdout is an interactive terminal. Before JDK 22 System.console() is null otherwise; from
     * JDK 22 on it is not, and Console.isTerminal() (called reflectively: this code targets 17) tells.
     */
    static boolean isTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException olderJdk) {
            return true;
        }
    }

    @Override
    public void step(Progress p) {
        long now = System.nanoTime();
        boolean endOfEpoch = p.step() == p.stepsPerEpoch();
        if (now - last < intervalNanos && !endOfEpoch) {
            return;
        }
        last = now;
        String line = String.format(Locale.ROOT, "epoch %d/%d  step %" + digits(p.stepsPerEpoch()) + "d/%d  loss %.3f  ppl %.1f  %,.0f " + unit + "/s  ETA %s",
                p.epoch(), p.epochs(), p.step(), p.stepsPerEpoch(), p.runningLoss(), Math.exp(p.runningLoss()),
                p.sentencesPerSecond(), duration(p.secondsRemaining()));
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
            width = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    private void endLine() {
        if (terminal && width > 0) {
            out.println();
            width = 0;
        }
    }

    @Override
    public void evaluated(Evaluation e) {
        endLine();
        String valid = Double.isNaN(e.validLoss()) ? ""
                : String.format(Locale.ROOT, "  valid loss %.4f (ppl %.1f)", e.validLoss(), Math.exp(e.validLoss()));
        out.printf(Locale.ROOT, "after %s %d (%,d %s): train loss %.4f (ppl %.1f)%s  lr %.4g%n",
                unit.equals("sent") ? "epoch" : "pass", e.epoch(), e.sentencesSeen(), unit.equals("sent") ? "sentences seen" : "steps",
                e.trainLoss(), Math.exp(e.trainLoss()), valid, e.learningRate());
    }

    @Override
    public void message(String text) {
        endLine();
        out.println(text);
    }

    static String duration(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    private static int digits(int n) {
        return Integer.toString(n).length();
    }
}
