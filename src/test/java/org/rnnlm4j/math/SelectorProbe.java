/*
 * SelectorProbe: a main for KernelSelectorTest's child JVMs. Prints the chosen kernels and a dot
 * product computed with them; on RnnlmException prints the message alone and exits 2, as the CLI
 * does. Not a test itself.
 */
package org.rnnlm4j.math;

import org.rnnlm4j.RnnlmException;

public final class SelectorProbe {
    private SelectorProbe() {
    }

    public static void main(String[] args) {
        try {
            Kernels k = KernelSelector.get();
            float[] x = {1, 2, 3};
            float[] y = {4, 5, 6};
            System.out.println("kernels=" + k.name() + " module=" + KernelSelector.vectorModulePresent()
                    + " dot=" + k.dot(3, x, 0, y, 0));
        } catch (RnnlmException e) {
            System.out.println(e.getMessage());
            System.exit(2);
        }
    }
}
