package dev.ace4j.cli;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionError;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Output;
import dev.ace4j.sandbox.TestResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The user's file names in what a run shows: the sandbox saves {@code --file sol.py} as {@code main.py} and
 * {@code --tests test_x.py} as {@code test_solution.py}, and tracebacks, compiler errors and test reports name those.
 * The code under test of a suite keeps the name the tests import ({@code solution.py}, as the help says).
 */
final class SourceNames {
  /** Each sandbox name, as a word (or after /work/), mapped to the user's. */
  private final Map<Pattern, String> names;
  /** Test suites named after the tests' file ({@code test_solution} in pytest's report), mapped to the user's. */
  private final Map<String, String> suites;

  private SourceNames(Map<Pattern, String> names, Map<String, String> suites) {
    this.names = names;
    this.suites = suites;
  }

  static SourceNames of(Language language, @Nullable Path code, @Nullable Path tests) {
    Map<Pattern, String> names = new LinkedHashMap<>();
    Map<String, String> suites = new LinkedHashMap<>();
    if (tests != null) {
      language.testsFile().ifPresent(name -> {
        names.put(word(name), tests.toString());
        suites.put(stem(name), stem(String.valueOf(tests.getFileName())));
      });
    } else if (code != null) {
      names.put(word(language.programFile()), code.toString());
    }
    return new SourceNames(names, suites);
  }

  private static String stem(String fileName) {
    int dot = fileName.indexOf('.');
    return dot < 0 ? fileName : fileName.substring(0, dot);
  }

  /** {@code /work/main.py} or {@code main.py} standing alone, not {@code domain.py} nor {@code main.pyc}. */
  private static Pattern word(String name) {
    return Pattern.compile("(?:/work/|(?<![\\w./-]))" + Pattern.quote(name) + "(?![\\w-])");
  }

  /** {@code run} with the user's names in its streams, its error and its test messages. */
  Execution apply(Execution run) {
    if (names.isEmpty()) {
      return run;
    }
    return new Execution(run.status(), run.exitCode(), apply(run.stdout()), apply(run.stderr()),
        run.error().map(e -> new ExecutionError(e.name(), apply(e.value()), apply(e.traceback()))),
        run.tests().stream().map(t -> new TestResult(suites.getOrDefault(t.suite(), apply(t.suite())), t.name(),
            t.outcome(), apply(t.message()), t.duration())).toList(),
        run.duration(), run.files(), run.backend(), run.detail());
  }

  private Output apply(Output output) {
    return new Output(apply(output.text()), output.truncated());
  }

  String apply(String text) {
    String result = text;
    for (Map.Entry<Pattern, String> name : names.entrySet()) {
      result = name.getKey().matcher(result).replaceAll(Matcher.quoteReplacement(name.getValue()));
    }
    return result;
  }
}
