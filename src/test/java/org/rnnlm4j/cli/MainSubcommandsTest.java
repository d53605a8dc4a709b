/*
 * MainSubcommandsTest: Main builds only the subcommand a command line names (a startup saving), so
 * its table of names must match the classes' @Command names, and every other command line must
 * still see all commands (the usage lists them; `help COMMAND` finds its command). The launcher
 * keeps a class-data archive per subcommand and lists their names too; they must be the same.
 * The build compiles picocli from its sources so that those archives can hold its classes (the
 * published jar's Java 5 class files are skipped by them); the class path must see those classes.
 */
package org.rnnlm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainSubcommandsTest {

    @Test
    void tableNamesMatchTheCommandAnnotations() {
        Main.SUBCOMMANDS.forEach((name, cls) ->
                assertEquals(name, cls.getAnnotation(CommandLine.Command.class).name(), cls.getName()));
    }

    @Test
    void picocliIsCompiledAtOurClassFileLevel() throws IOException {
        byte[] head;
        try (var in = CommandLine.class.getResourceAsStream("CommandLine.class")) {
            head = in.readNBytes(8);
        }
        int major = ((head[6] & 0xff) << 8) | (head[7] & 0xff);
        assertTrue(major >= 61, "picocli.CommandLine is a class file of major version " + major
                + " (the jar's own, Java 5): the build's picocli-from-sources step did not run");
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

    @Test
    void theLauncherKnowsTheSameSubcommands() throws IOException {
        String launcher = Files.readString(Path.of("rnnlm4j"));
        Matcher m = Pattern.compile("\\n\\s*([a-z|]+)\\) sub=\\$1 ;;").matcher(launcher);
        assertTrue(m.find(), "the launcher's case list of subcommands");
        List<String> names = Main.SUBCOMMANDS.keySet().stream().filter(n -> !n.equals("help")).toList();
        assertEquals(String.join("|", names), m.group(1));
    }
}
