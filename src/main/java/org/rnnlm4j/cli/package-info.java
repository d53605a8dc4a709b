/**
 * The rnnlm4j command line (picocli): one class per subcommand, flags mapped onto config records
 * and library calls; nothing here does what the library does not.
 */
package org.rnnlm4j.cli;
