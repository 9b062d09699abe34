package dev.ace4j.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt template from {@code dev/ace4j/core/prompts/NAME.txt}, with {@code {{placeholders}}} filled in one pass
 * (so a value that happens to contain braces is never expanded again).
 */
public final class PromptTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

  private final String name;
  private final String text;

  private PromptTemplate(String name, String text) {
    this.name = name;
    this.text = text;
  }

  /**
   * The template named {@code name} (e.g. {@code generator-v1}).
   *
   * @throws IllegalArgumentException when there is no such resource
   */
  public static PromptTemplate load(String name) {
    String path = "/dev/ace4j/core/prompts/" + name + ".txt";
    try (InputStream in = PromptTemplate.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no prompt template '" + name + "' (looked for resource " + path + ")");
      }
      return new PromptTemplate(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read prompt template " + path, e);
    }
  }

  public String name() {
    return name;
  }

  /**
   * The template with every placeholder replaced.
   *
   * @throws IllegalArgumentException naming a placeholder that {@code values} does not fill
   */
  public String render(Map<String, String> values) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 1024);
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalArgumentException("prompt template " + name + " needs a value for {{" + matcher.group(1)
            + "}}");
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
