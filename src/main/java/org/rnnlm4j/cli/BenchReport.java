/*
 * BenchReport: what every `rnnlm4j bench` JSON line carries besides its workload's own figures, so
 * that one reader understands any line:
 *   throughput, throughput_unit   the headline rate ("chars/s", "words/s", "steps/s", "GFLOP/s", ...)
 *   median_step_ms, step          the median time of one step, and what one step is
 *   peak_heap_mb                  the JVM's peak heap use so far (summed over the heap pools)
 *   threads, jdk, kernels         threads the kernels may use, Runtime.version(), the kernels in use
 *   panel_pad                     ArrayAlignment.padFloats(): 12 when packed panels start 64-byte
 *                                 aligned (the launcher's -XX:ObjectAlignmentInBytes=64), 4 when
 *                                 32-byte aligned (an alignment of 32), 0 otherwise
 * A line that already has threads, jdk or kernels (one line per thread count, say) keeps its own.
 * Also the small statistics and the printing the bench commands share.
 */
package org.rnnlm4j.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.rnnlm4j.io.Json;
import org.rnnlm4j.math.ArrayAlignment;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.math.Parallel;

final class BenchReport {
    private BenchReport() {
    }

    /** Adds the keys every line carries (see the class comment) to r; returns r. */
    static Map<String, Object> common(Map<String, Object> r, double throughput, String unit, double medianStepMs, String step) {
        r.put("throughput", throughput);
        r.put("throughput_unit", unit);
        r.put("median_step_ms", medianStepMs);
        r.put("step", step);
        r.put("peak_heap_mb", peakHeapMb());
        r.putIfAbsent("threads", Parallel.threads());
        r.putIfAbsent("jdk", Runtime.version().toString());
        r.putIfAbsent("kernels", KernelSelector.get().name());
        r.putIfAbsent("panel_pad", ArrayAlignment.padFloats());
        return r;
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static double mean(double[] x) {
        return sum(x) / x.length;
    }

    static double sum(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s;
    }

    static double peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return peak / 1048576.0;
    }

    /** One JSON line, or one "  key  value" line per figure. */
    static void print(Map<String, Object> r, boolean json) {
        if (json) {
            System.out.println(Json.write(r));
        } else {
            for (Map.Entry<String, Object> e : r.entrySet()) {
                Object val = e.getValue();
                System.out.printf(Locale.ROOT, "  %-28s %s%n", e.getKey(),
                        val instanceof Double d ? String.format(Locale.ROOT, "%,.4f", d) : val);
            }
        }
    }
}
