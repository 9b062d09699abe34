package dev.ace4j.sandbox.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where the language runtimes are, as the sandboxed program sees them.
 *
 * @param python the Python interpreter
 * @param node the Node.js executable
 * @param javaHome the JDK (its {@code bin/java} and {@code bin/javac} are used)
 * @param junitConsole the JUnit Platform console launcher jar, looked up only by Java test suites and mutation tests
 * @param pitest PIT's jars, looked up only by mutation tests
 */
record RuntimePaths(Path python, Path node, Path javaHome, Supplier<Path> junitConsole,
    Supplier<List<Path>> pitest) {

  String java() {
    return javaHome.resolve("bin/java").toString();
  }
}
