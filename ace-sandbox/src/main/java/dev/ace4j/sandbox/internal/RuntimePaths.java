package dev.ace4j.sandbox.internal;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Where the language runtimes are, as the sandboxed program sees them.
 *
 * @param python the Python interpreter
 * @param node the Node.js executable
 * @param javaHome the JDK (its {@code bin/java} and {@code bin/javac} are used)
 * @param junitConsole the JUnit Platform console launcher jar, looked up only by Java test suites
 */
record RuntimePaths(Path python, Path node, Path javaHome, Supplier<Path> junitConsole) {

  String java() {
    return javaHome.resolve("bin/java").toString();
  }
}
