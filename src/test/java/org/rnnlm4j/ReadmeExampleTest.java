/*
 * The README's library example, compiled and run as written: the ```java block after the marker
 * <!-- library-example --> is wrapped in a main method, compiled with the JDK's compiler against the
 * project's classes, and executed; its printed comparison must say true. The model file it saves is
 * redirected into a temporary folder.
 */
package org.rnnlm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadmeExampleTest {
    @TempDir
    Path tmp;

    static String example() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int marker = readme.indexOf("<!-- library-example -->");
        assertTrue(marker >= 0, "README has the library-example marker");
        int start = readme.indexOf("```java\n", marker) + "```java\n".length();
        int end = readme.indexOf("```", start);
        return readme.substring(start, end);
    }

    @Test
    void readmeLibraryExampleCompilesAndRuns() throws Exception {
        String code = example();
        long lines = code.lines().filter(l -> !l.isBlank()).count();
        assertTrue(lines <= 16, "the example stays short: " + lines + " lines");
        List<String> imports = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (String line : code.split("\n")) {
            if (line.startsWith("import ")) {
                imports.add(line);
            } else {
                body.append(line).append('\n');
            }
        }
        String model = tmp.resolve("example.model").toString();
        String source = String.join("\n", imports) + "\npublic class ReadmeExample {\n"
                + "public static void main(String[] args) throws Exception {\n"
                + body.toString().replace("\"ptb-small.model\"", "\"" + model + "\"") + "}\n}\n";
        Path src = tmp.resolve("ReadmeExample.java");
        Files.writeString(src, source);
        String classes = Path.of(Rnnlm.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diag = new ByteArrayOutputStream();
        int rc = javac.run(null, diag, diag, "-cp", classes, "-d", tmp.toString(), src.toString());
        assertEquals(0, rc, "the README example compiles:\n" + diag + "\n" + source);
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader cl = new URLClassLoader(new java.net.URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            cl.loadClass("ReadmeExample").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(old);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("true"), "the example's comparison holds:\n" + printed);
        assertTrue(Files.size(Path.of(model)) > 0, "the example saved its model");
    }
}
