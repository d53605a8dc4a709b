/*
 * Main: the `rnnlm4j` command. Each subcommand is a class that turns flags into config records and
 * calls the library; nothing here does what the library does not.
 *
 * Exit codes: 0 success; 1 a check failed (gradcheck) or an internal error; 2 bad input or usage
 * (one line on stderr saying what was wrong and what to do, never a stack trace).
 *
 * Startup: picocli builds a command's model by reflection over all its options, which costs tens
 * of milliseconds per subcommand before the JIT has warmed up. So when the first argument names a
 * subcommand only that one is built; any other command line (no arguments, --help, --version,
 * `help`, a mistyped command) gets all of them, so usage and error messages list every command.
 */
package org.rnnlm4j.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnlm4j.RnnlmException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "rnnlm4j",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Recurrent neural network language models: train, score, evaluate, rescore, generate, serve.",
        footer = {"",
                "Examples:",
                "  rnnlm4j demo           a minute of training on bundled text, then use it",
                "  rnnlm4j tutorial       the WildML tutorial's Part 2 run on reddit comments",
                "  rnnlm4j train data/ptb/ptb.valid.txt --format lines --out ptb.model",
                "  echo \"the cat sat on the mat\" | rnnlm4j score --model ptb.model --per-token -",
                "  rnnlm4j eval --model ptb.model data/ptb/ptb.test.txt",
                "  rnnlm4j rescore --model ptb.model --nbest nbest.txt --weight 0.5",
                "  rnnlm4j generate --model ptb.model --count 5",
                "  rnnlm4j serve --model ptb.model --port 8080",
                "Run 'rnnlm4j COMMAND --help' for a command's options."})
public final class Main implements Runnable {

    public static final String VERSION = org.rnnlm4j.Version.VERSION;

    /** The subcommands by name (each class's @Command name), in the order the usage lists them. */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("demo", DemoCommand.class);
        m.put("tutorial", TutorialCommand.class);
        m.put("train", TrainCommand.class);
        m.put("score", ScoreCommand.class);
        m.put("eval", EvalCommand.class);
        m.put("rescore", RescoreCommand.class);
        m.put("generate", GenerateCommand.class);
        m.put("fill", FillCommand.class);
        m.put("serve", ServeCommand.class);
        m.put("info", InfoCommand.class);
        m.put("gradcheck", GradcheckCommand.class);
        m.put("bench", BenchCommand.class);
        m.put("help", CommandLine.HelpCommand.class);
        return m;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (System.exit is left to main). */
    public static int run(String... args) {
        CommandLine cl = commandLine(args);
        // handlers last: picocli gives them to the subcommands registered at the time
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof RnnlmException) {
                cmd.getErr().println("rnnlm4j: error: " + ex.getMessage());
                cmd.getErr().flush();
                return 2;
            }
            throw ex;
        });
        cl.setParameterExceptionHandler((ex, args1) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("rnnlm4j: error: " + ex.getMessage() + " (try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return 2;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("rnnlm4j: error: out of memory: lower --vocab-size or --hidden, or give Java more memory (JAVA_OPTS=-Xmx8g)");
            return 2;
        }
    }

    /** The command line for args: the subcommand args[0] names alone, or all of them (see the class comment). */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        String first = args.length > 0 ? args[0] : "";
        Class<?> named = SUBCOMMANDS.get(first);
        if (named != null && named != CommandLine.HelpCommand.class) {
            cl.addSubcommand(first, named);
        } else {
            SUBCOMMANDS.forEach(cl::addSubcommand);
        }
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"rnnlm4j " + VERSION + " (Java " + Runtime.version() + ", kernels: "
                    + org.rnnlm4j.math.KernelSelector.get().name() + ")"};
        }
    }
}
