package dev.ace4j.coder;

import dev.ace4j.sandbox.Language;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One coding task: what the learner is asked, the tests it may see, and the hidden tests that score it.
 *
 * @param id a stable identifier, e.g. {@code easy_fibonacci}
 * @param name a human-readable name
 * @param description a one-line summary (the original passed it to the learner as context)
 * @param prompt the task text the learner sees, stating the exact signature and semantics
 * @param language the language the solution is written in
 * @param signature the fixed signature the solution must provide, e.g. {@code def fibonacci(n: int) -> int}
 * @param visibleTests test source the learner sees and that judges each attempt; blank when there are none, and
 *     then an attempt passes when the module runs without error
 * @param hiddenTests test source the learner never sees; scoring uses it; blank when the task is not scored
 * @param referenceSolution a known-good solution, when there is one
 * @param difficulty how hard the task is
 * @param tags free-form labels, e.g. {@code sorting}
 * @param expectedPatterns the original benchmark's text patterns; information only, never part of scoring
 * @param validationCriteria the original benchmark's text criteria ({@code has_function}, …); information only
 * @param ioTests stdin/stdout cases that score the program instead of hidden test source (competitive-programming
 *     problems): each is one sandboxed run of the program with its input, compared on the host; empty for none
 * @param completionPrefix the code a completion made elsewhere continues, as a HumanEval completion continues its
 *     prompt: the program scored is this prefix and the completion; empty when a completion is the whole program
 */
public record CodeTask(
    String id,
    String name,
    String description,
    String prompt,
    Language language,
    String signature,
    String visibleTests,
    String hiddenTests,
    Optional<String> referenceSolution,
    Difficulty difficulty,
    List<String> tags,
    List<String> expectedPatterns,
    List<String> validationCriteria,
    List<IoTest> ioTests,
    String completionPrefix) {

  public CodeTask {
    id = requireText("id", id, id);
    prompt = requireText("prompt", prompt, id);
    visibleTests = visibleTests == null ? "" : visibleTests;
    hiddenTests = hiddenTests == null ? "" : hiddenTests;
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(difficulty, "difficulty");
    name = name == null || name.isBlank() ? id : name;
    description = description == null ? "" : description;
    signature = signature == null ? "" : signature;
    referenceSolution = referenceSolution == null ? Optional.empty() : referenceSolution;
    tags = tags == null ? List.of() : List.copyOf(tags);
    expectedPatterns = expectedPatterns == null ? List.of() : List.copyOf(expectedPatterns);
    validationCriteria = validationCriteria == null ? List.of() : List.copyOf(validationCriteria);
    ioTests = ioTests == null ? List.of() : List.copyOf(ioTests);
    completionPrefix = completionPrefix == null ? "" : completionPrefix;
  }

  /** A task scored by hidden test source only, without stdin/stdout cases, whose completions are whole programs. */
  public CodeTask(String id, String name, String description, String prompt, Language language, String signature,
      String visibleTests, String hiddenTests, Optional<String> referenceSolution, Difficulty difficulty,
      List<String> tags, List<String> expectedPatterns, List<String> validationCriteria) {
    this(id, name, description, prompt, language, signature, visibleTests, hiddenTests, referenceSolution, difficulty,
        tags, expectedPatterns, validationCriteria, List.of(), "");
  }

  /** The program a completion made elsewhere stands for: the {@linkplain #completionPrefix() prefix} and it. */
  public String program(String completion) {
    return completionPrefix + completion;
  }

  /**
   * A task of your own: a prompt and the tests the program must pass, which import it as the module
   * {@code solution} (Python: {@code from solution import f}). No hidden tests, no reference solution.
   *
   * @param visibleTests the tests; blank for none (then a program passes when it runs without error)
   */
  public static CodeTask of(String id, Language language, String prompt, String visibleTests) {
    return new CodeTask(id, id, "", prompt, language, "", visibleTests, "", Optional.empty(), Difficulty.MEDIUM,
        List.of(), List.of(), List.of());
  }

  /** Whether the task has hidden tests or stdin/stdout cases to score a solution with. */
  public boolean scored() {
    return !hiddenTests.isBlank() || !ioTests.isEmpty();
  }

  /**
   * The expected patterns that occur in {@code code}, compared case-insensitively as substrings, in the order they
   * are listed. This reproduces the original benchmark's pattern check; it is reported as information only, since a
   * pattern's presence says nothing about whether the code works.
   */
  public List<String> patternsFound(String code) {
    if (code == null || code.isEmpty()) {
      return List.of();
    }
    String haystack = code.toLowerCase(Locale.ROOT);
    return expectedPatterns.stream().filter(p -> haystack.contains(p.toLowerCase(Locale.ROOT))).toList();
  }

  /**
   * The original benchmark's "validation": a text check that passed or failed code without running it. Reproduced
   * for comparison only: {@code has_function} needs {@code "def "}, {@code has_class} {@code "class "},
   * {@code has_return} {@code "return"}, {@code has_loop} {@code "for "} or {@code "while "} (lower-cased code);
   * every other criterion was never checked by the original and passes; empty code fails.
   */
  public boolean validationPassed(String code) {
    if (code == null || code.isEmpty()) {
      return false;
    }
    String text = code.toLowerCase(Locale.ROOT);
    return validationCriteria.stream().allMatch(criterion -> switch (criterion) {
      case "has_function" -> text.contains("def ");
      case "has_class" -> text.contains("class ");
      case "has_return" -> text.contains("return");
      case "has_loop" -> text.contains("for ") || text.contains("while ");
      default -> true;
    });
  }

  private static String requireText(String what, String value, String taskId) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "code task " + (taskId == null || taskId.isBlank() ? "(no id)" : "'" + taskId + "'") + ": " + what
              + " is blank; give it a value");
    }
    return value;
  }
}
