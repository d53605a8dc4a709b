/*
 * Parity with torch.optim, torch.nn.utils.clip_grad_norm_ and torch.optim.lr_scheduler (PyTorch
 * 1.13, float32 on CPU), from src/test/resources/optim/torch_optim.json, which
 * make_torch_optim.py beside it produced. The optimizers follow PyTorch's float32 operation order,
 * but PyTorch's CPU kernels fuse "a + alpha * b" into one FMA (one rounding instead of two), so a
 * weight can differ by about one ulp of its operands per operation and step. The tolerance is
 * therefore 2 * step ulps of the largest magnitude the weight has had so far; a real formula error
 * (a missing term, a wrong coefficient) is thousands of ulps. Most weights still agree exactly.
 */
package org.rnnlm4j.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.io.Json;
import org.rnnlm4j.nn.Param;

class TorchParityTest {
    @SuppressWarnings("unchecked")
    static Map<String, Object> fixture() {
        try (InputStream in = TorchParityTest.class.getResourceAsStream("/optim/torch_optim.json")) {
            assertTrue(in != null, "missing fixture optim/torch_optim.json");
            return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T get(Object map, String key) {
        Object v = ((Map<String, Object>) map).get(key);
        assertTrue(v != null, "fixture has no '" + key + "'");
        return (T) v;
    }

    static double number(Object map, String key) {
        return ((Number) get(map, key)).doubleValue();
    }

    static OptimizerConfig config(Object c) {
        return OptimizerConfig.parse(get(c, "name"))
                .withMomentum(number(c, "momentum"))
                .withNesterov(get(c, "nesterov"))
                .withWeightDecay(number(c, "weight_decay"))
                .withBetas(number(c, "beta1"), number(c, "beta2"))
                .withEps(number(c, "eps"))
                .withAlpha(number(c, "alpha"));
    }

    @Test
    void optimizersMatchTorchOptim() {
        List<Object> cases = get(fixture(), "optimizers");
        assertEquals(13, cases.size());
        int exact = 0;
        int total = 0;
        for (Object c : cases) {
            String label = get(c, "label");
            Optimizer opt = OptimizerConfig.create(config(get(c, "config")));
            List<Param> ps = new ArrayList<>();
            for (String name : List.of("a", "b")) {
                Object t = get(get(c, "init"), name);
                ps.add(new Param(name, Json.floats(get(t, "data")), Json.ints(get(t, "shape"))));
            }
            List<Object> lrs = get(c, "lrs");
            List<Object> grads = get(c, "grads");
            List<Object> after = get(c, "after");
            float[][] scale = new float[ps.size()][];
            for (int j = 0; j < ps.size(); j++) {
                scale[j] = ps.get(j).w.clone();
            }
            for (int s = 0; s < lrs.size(); s++) {
                for (Param p : ps) {
                    Tensors.setGrad(p, Json.floats(get(grads.get(s), p.name)));
                }
                opt.step(ps, ((Number) lrs.get(s)).doubleValue());
                for (int j = 0; j < ps.size(); j++) {
                    Param p = ps.get(j);
                    float[] expected = Json.floats(get(after.get(s), p.name));
                    for (int i = 0; i < expected.length; i++) {
                        scale[j][i] = Math.max(Math.abs(scale[j][i]), Math.abs(expected[i]));
                        float tol = 2 * (s + 1) * Math.ulp(scale[j][i]);
                        assertEquals(expected[i], p.w[i], tol, label + " step " + (s + 1) + " " + p.name + "[" + i + "]");
                        exact += expected[i] == p.w[i] ? 1 : 0;
                        total++;
                    }
                }
            }
            assertEquals(lrs.size(), opt.steps(), label);
        }
        assertTrue(exact > total * 3 / 4, "only " + exact + " of " + total + " weights match PyTorch bit for bit");
    }

    @Test
    void clippingMatchesClipGradNorm() {
        List<Object> cases = get(fixture(), "clip");
        for (Object c : cases) {
            float[] ga = Json.floats(get(c, "a"));
            float[] gb = Json.floats(get(c, "b"));
            Param a = new Param("a", new float[ga.length], ga.length);
            Param b = new Param("b", new float[gb.length], gb.length);
            Tensors.setGrad(a, ga);
            Tensors.setGrad(b, gb);
            double maxNorm = number(c, "max_norm");
            GradientClipping.ClipResult r = GradientClipping.clipByGlobalNorm(List.of(a, b), maxNorm);
            double torchNorm = number(c, "norm");   // float32 in PyTorch
            assertEquals(torchNorm, r.norm(), 1e-6 * torchNorm);
            assertEquals(torchNorm > maxNorm, r.clipped());
            float[] ea = Json.floats(get(c, "a_after"));
            float[] eb = Json.floats(get(c, "b_after"));
            for (int i = 0; i < ea.length; i++) {
                assertEquals(ea[i], a.grad()[i], 2 * Math.ulp(ea[i]));
            }
            for (int i = 0; i < eb.length; i++) {
                assertEquals(eb[i], b.grad()[i], 2 * Math.ulp(eb[i]));
            }
        }
    }

    @Test
    void plateauMatchesReduceLrOnPlateau() {
        List<Object> cases = get(fixture(), "plateau");
        for (Object c : cases) {
            Plateau p = new Plateau(1.0, number(c, "factor"), number(c, "min_delta"), (int) number(c, "patience"));
            List<Object> losses = get(c, "losses");
            List<Object> lrs = get(c, "lrs");
            for (int i = 0; i < losses.size(); i++) {
                p.onValidation(((Number) losses.get(i)).doubleValue());
                assertEquals(((Number) lrs.get(i)).doubleValue(), p.lr(0, i), 0, "evaluation " + i);
            }
        }
    }

    @Test
    void stepDecayMatchesStepLr() {
        Object c = get(fixture(), "step_lr");
        StepDecay s = new StepDecay(number(c, "base"), (int) number(c, "every"), number(c, "gamma"));
        List<Object> lrs = get(c, "lrs");
        for (int epoch = 0; epoch < lrs.size(); epoch++) {
            assertEquals(((Number) lrs.get(epoch)).doubleValue(), s.lr(epoch * 100L, epoch), 1e-15, "epoch " + epoch);
        }
    }
}
