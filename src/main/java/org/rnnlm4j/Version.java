/*
 * Version: this build's version, recorded in every model file's provenance.
 */
package org.rnnlm4j;

public final class Version {
    public static final String VERSION = "0.1.0";

    private Version() {
    }
}
