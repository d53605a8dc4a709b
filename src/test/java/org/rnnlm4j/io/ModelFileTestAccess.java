/*
 * ModelFileTestAccess: byte-level edits of model files for tests in other packages.
 */
package org.rnnlm4j.io;

public final class ModelFileTestAccess {
    private ModelFileTestAccess() {
    }

    /** Sets the format version field (u32 LE after the 8-byte magic) and re-seals the checksum in place. */
    public static void setVersion(byte[] file, int version) {
        TestModels.le(file).putInt(8, version);
        byte[] sealed = TestModels.reseal(file);
        System.arraycopy(sealed, 0, file, 0, file.length);
    }
}
