package dev.ace4j.cli;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tests file of {@code ace solve --tests}: read as UTF-8 and checked before any model is asked, so a broken file
 * costs nothing. Python tests are parsed in the sandbox (never on the host) and must define a {@code test_}
 * function.
 */
final class TestsFile {
  private static final String OPTION = "--tests";
  private static final Pattern PYTHON_TEST = Pattern.compile("(?m)^\\s*(async\\s+)?def\\s+test_\\w*\\s*\\(");
  private static final String PARSE = "import ast, sys\n"
      + "ast.parse(sys.stdin.read(), sys.argv[1] if len(sys.argv) > 1 else 'tests')\n";

  /** The file name extensions of each language's sources, to tell tests written for another language. */
  private static final Map<Language, List<String>> EXTENSIONS = Map.of(
      Language.PYTHON, List.of(".py"),
      Language.JAVASCRIPT, List.of(".js", ".mjs", ".cjs"),
      Language.JAVA, List.of(".java"),
      Language.BASH, List.of(".sh", ".bash"));

  private TestsFile() {}

  /**
   * Refuses a tests file whose extension belongs to another language than {@code language}, before any work: tests
   * in Python cannot test a JavaScript program. A name with no known extension is left to the test runner.
   *
   * @throws BadInputException naming the file, both languages and the fix
   */
  static void requireLanguage(Path file, Language language) {
    String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
    for (Map.Entry<Language, List<String>> entry : EXTENSIONS.entrySet()) {
      Language other = entry.getKey();
      Optional<String> extension = entry.getValue().stream().filter(name::endsWith).findFirst();
      if (other != language && extension.isPresent()) {
        throw new BadInputException(OPTION + " " + file + ": a " + other.id() + " file (" + extension.get()
            + "), but --lang is " + language.id() + ": give " + language.id() + " tests ("
            + String.join(", ", EXTENSIONS.getOrDefault(language, List.of())) + ") or use --lang " + other.id());
      }
    }
  }

  /**
   * The tests in {@code file}.
   *
   * @throws BadInputException naming the file when it cannot be read, is not UTF-8, is empty, does not parse, or
   *     defines no test
   */
  static String read(Path file, Language language, Sandbox sandbox) {
    String tests = InputFiles.readText(OPTION, file);
    String name = OPTION + " " + file;
    if (tests.isBlank()) {
      throw new BadInputException(name + ": the file is empty: write tests that import your code from `solution`");
    }
    if (language != Language.PYTHON) {
      return tests;
    }
    Execution parsed = sandbox.execute(ExecutionRequest.snippet(Language.PYTHON, PARSE)
        .stdin(tests.getBytes(StandardCharsets.UTF_8)).build());
    if (parsed.status() == Status.SANDBOX_FAILURE) {
      throw new IllegalStateException("the sandbox could not check " + name + ": " + parsed.detail());
    }
    if (parsed.status() != Status.OK || parsed.exitCode() != 0) {
      String why = parsed.error().map(e -> e.name() + (e.value().isBlank() ? "" : ": " + e.value().strip()))
          .orElse("it does not parse");
      throw new BadInputException(name + ": is not valid Python (" + why + "): fix the file");
    }
    if (!PYTHON_TEST.matcher(tests).find()) {
      throw new BadInputException(name + ": defines no test: pytest runs functions named test_*, e.g. "
          + "`def test_adds(): assert add(1, 2) == 3`");
    }
    return tests;
  }
}
