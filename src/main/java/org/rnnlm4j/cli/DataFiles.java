/*
 * DataFiles: finds the bundled data (data/...) whether rnnlm4j runs from the repository root, via the
 * launcher from anywhere (RNNLM4J_HOME), or next to the jar.
 */
package org.rnnlm4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.rnnlm4j.RnnlmException;

final class DataFiles {
    private DataFiles() {
    }

    static Path bundled(Path relative) {
        if (Files.isRegularFile(relative)) {
            return relative;
        }
        String home = System.getenv("RNNLM4J_HOME");
        if (home != null && Files.isRegularFile(Path.of(home).resolve(relative))) {
            return Path.of(home).resolve(relative);
        }
        throw new RnnlmException("bundled data " + relative + " not found: run from the rnnlm4j directory or through its ./rnnlm4j launcher");
    }
}
