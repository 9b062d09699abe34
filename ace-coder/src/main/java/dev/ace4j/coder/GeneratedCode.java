package dev.ace4j.coder;

import dev.ace4j.core.GeneratorOutput;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the program in a Generator's reply: the JSON {@code code} field, else a fenced block in the answer. */
public final class GeneratedCode {
  private static final Pattern PYTHON_FENCE =
      Pattern.compile("```(?:python|py)[ \\t]*\\r?\\n(.*?)```", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
  private static final Pattern ANY_FENCE = Pattern.compile("```[^\\n`]*\\r?\\n(.*?)```", Pattern.DOTALL);

  private GeneratedCode() {}

  /** The code of {@code output}, or empty when the reply holds none. */
  public static Optional<String> of(GeneratorOutput output) {
    Optional<String> field = output.code().filter(code -> !code.isBlank());
    if (field.isPresent()) {
      return field;
    }
    return fenced(PYTHON_FENCE, output.finalAnswer()).or(() -> fenced(ANY_FENCE, output.finalAnswer()));
  }

  private static Optional<String> fenced(Pattern pattern, String text) {
    Matcher block = pattern.matcher(text);
    return block.find() && !block.group(1).isBlank() ? Optional.of(block.group(1)) : Optional.empty();
  }
}
