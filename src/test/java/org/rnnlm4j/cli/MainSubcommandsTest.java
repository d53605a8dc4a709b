/*
 * MainSubcommandsTest: Main builds only the subcommand a command line names (a startup saving), so
 * its table of names must match the classes' @Command names, and every other command line must
 * still see all commands (the usage lists them; `help COMMAND` finds its command).
 */
package org.rnnlm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainSubcommandsTest {

    @Test
    void tableNamesMatchTheCommandAnnotations() {
        Main.SUBCOMMANDS.forEach((name, cls) ->
                assertEquals(name, cls.getAnnotation(CommandLine.Command.class).name(), cls.getName()));
    }

    @Test
    void aNamedSubcommandIsBuiltAloneOtherCommandLinesGetAll() {
        assertEquals(List.of("generate"), List.copyOf(Main.commandLine("generate", "--model", "m").getSubcommands().keySet()));
        List<String> all = List.copyOf(Main.SUBCOMMANDS.keySet());
        for (String[] args : new String[][] {{}, {"--help"}, {"--version"}, {"help", "generate"}, {"generat"}}) {
            assertEquals(all, List.copyOf(Main.commandLine(args).getSubcommands().keySet()), String.join(" ", args));
        }
    }

    @Test
    void usageListsEveryCommandAndHelpFindsOne() {
        CliRunner.Result usage = CliRunner.run();
        for (String name : Main.SUBCOMMANDS.keySet()) {
            assertTrue(usage.out().contains("  " + name), name + " missing from usage:\n" + usage.out());
        }
        CliRunner.Result typo = CliRunner.run("generat");
        assertEquals(2, typo.exit());
        assertTrue(typo.err().contains("'generat'"), typo.err());
        CliRunner.Result help = CliRunner.run("help", "generate");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--temperature"), help.out());
    }
}
