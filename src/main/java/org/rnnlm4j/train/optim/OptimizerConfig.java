/*
 * OptimizerConfig: which optimizer and its hyper-parameters, validated on construction.
 *
 * Fields map 1:1 onto flags: --optimizer NAME, --momentum, --nesterov, --weight-decay, --betas B1,B2,
 * --eps, --alpha. parse(NAME) gives PyTorch's defaults for each name:
 *
 *   sgd        plain SGD                              momentum 0,   weight decay 0
 *   momentum   SGD with heavy-ball momentum           momentum 0.9
 *   nesterov   SGD with Nesterov momentum             momentum 0.9, nesterov
 *   adagrad    Adagrad                                eps 1e-10
 *   rmsprop    RMSprop                                alpha 0.99, eps 1e-8, momentum 0
 *   adam       Adam (L2 weight decay in the gradient) betas 0.9,0.999, eps 1e-8, weight decay 0
 *   adamw      AdamW (decoupled weight decay)         betas 0.9,0.999, eps 1e-8, weight decay 0.01
 *
 * Fields an optimizer does not use are ignored, except that a momentum above 0 for adagrad, adam or
 * adamw, or nesterov without momentum, is an error (the user asked for something that would not
 * happen). create(config) builds the optimizer.
 */
package org.rnnlm4j.train.optim;

import java.util.List;
import java.util.Locale;
import org.rnnlm4j.RnnlmException;

public record OptimizerConfig(
        String name,          // --optimizer: one of NAMES
        double momentum,      // --momentum (sgd, momentum, nesterov, rmsprop)
        boolean nesterov,     // --nesterov (sgd family; implied by the name "nesterov")
        double weightDecay,   // --weight-decay: L2 in the gradient, decoupled for adamw
        double beta1,         // --betas B1,B2 (adam, adamw)
        double beta2,
        double eps,           // --eps (adagrad, rmsprop, adam, adamw)
        double alpha) {       // --alpha: rmsprop's smoothing constant

    public static final List<String> NAMES = List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw");

    public OptimizerConfig {
        name = canonical(name);
        boolean sgdFamily = name.equals("sgd") || name.equals("momentum") || name.equals("nesterov");
        if (!(momentum >= 0 && momentum < 1)) {
            throw new RnnlmException("--momentum must be in [0, 1) (got " + momentum + ")");
        }
        if (momentum > 0 && !sgdFamily && !name.equals("rmsprop")) {
            throw new RnnlmException("--momentum applies to sgd, momentum, nesterov and rmsprop, not " + name
                    + ": drop it or choose one of those");
        }
        if (nesterov && !sgdFamily) {
            throw new RnnlmException("--nesterov applies to the sgd optimizers, not " + name);
        }
        if (nesterov && momentum == 0) {
            throw new RnnlmException("Nesterov momentum needs --momentum above 0 (got 0)");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new RnnlmException("--weight-decay must be 0 or positive (got " + weightDecay + ")");
        }
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new RnnlmException("--betas must both be in [0, 1) (got " + beta1 + "," + beta2 + ")");
        }
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new RnnlmException("--eps must be 0 or positive (got " + eps + ")");
        }
        if (!(alpha >= 0 && alpha < 1)) {
            throw new RnnlmException("--alpha must be in [0, 1) (got " + alpha + ")");
        }
    }

    /** PyTorch's defaults for an optimizer named on the command line (case-insensitive). */
    public static OptimizerConfig parse(String name) {
        String n = canonical(name);
        double momentum = n.equals("momentum") || n.equals("nesterov") ? 0.9 : 0;
        double eps = n.equals("adagrad") ? 1e-10 : 1e-8;
        double wd = n.equals("adamw") ? 0.01 : 0;
        return new OptimizerConfig(n, momentum, n.equals("nesterov"), wd, 0.9, 0.999, eps, 0.99);
    }

    public OptimizerConfig withMomentum(double m) {
        return new OptimizerConfig(name, m, nesterov, weightDecay, beta1, beta2, eps, alpha);
    }

    public OptimizerConfig withNesterov(boolean n) {
        return new OptimizerConfig(name, momentum, n, weightDecay, beta1, beta2, eps, alpha);
    }

    public OptimizerConfig withWeightDecay(double wd) {
        return new OptimizerConfig(name, momentum, nesterov, wd, beta1, beta2, eps, alpha);
    }

    public OptimizerConfig withBetas(double b1, double b2) {
        return new OptimizerConfig(name, momentum, nesterov, weightDecay, b1, b2, eps, alpha);
    }

    public OptimizerConfig withEps(double e) {
        return new OptimizerConfig(name, momentum, nesterov, weightDecay, beta1, beta2, e, alpha);
    }

    public OptimizerConfig withAlpha(double a) {
        return new OptimizerConfig(name, momentum, nesterov, weightDecay, beta1, beta2, eps, a);
    }

    public static Optimizer create(OptimizerConfig c) {
        switch (c.name()) {
            case "sgd":
            case "momentum":
            case "nesterov":
                return new SgdMomentum(c.momentum(), c.nesterov(), c.weightDecay());
            case "adagrad":
                return new Adagrad(c.eps(), c.weightDecay());
            case "rmsprop":
                return new RmsProp(c.alpha(), c.eps(), c.momentum(), c.weightDecay());
            case "adam":
                return new Adam(c.beta1(), c.beta2(), c.eps(), c.weightDecay());
            case "adamw":
                return new AdamW(c.beta1(), c.beta2(), c.eps(), c.weightDecay());
            default:
                throw new AssertionError(c.name());
        }
    }

    private static String canonical(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(n)) {
            throw new RnnlmException("unknown --optimizer '" + String.valueOf(name).replaceAll("\\p{Cntrl}", " ") + "': expected one of " + String.join(", ", NAMES));
        }
        return n;
    }
}
