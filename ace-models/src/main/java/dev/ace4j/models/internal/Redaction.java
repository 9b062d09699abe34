package dev.ace4j.models.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text that may reach a message, a span or a log: the configured key itself wherever it
 * appears, and anything shaped like a key or an authorization header (a provider's error body may echo a key, in
 * part or in full).
 */
public final class Redaction {
  private static final String MASK = "[redacted]";
  private static final Pattern KEY_SHAPED = Pattern.compile(
      "(?i)(bearer\\s+|x-api-key[\"':\\s]+|x-goog-api-key[\"':\\s]+|api[_-]?key[\"'=:\\s]+|key=)[^\\s\"',;&]+"
          + "|\\b(sk|AIza)[-_A-Za-z0-9*]{6,}");
  private static final int MAX_LENGTH = 500;

  private Redaction() {}

  /** {@code text} without {@code secret} or anything key-shaped, cut to a readable length. */
  public static String scrub(String text, String secret) {
    if (text == null) {
      return "";
    }
    String clean = secret == null || secret.isBlank() ? text : text.replace(secret, MASK);
    clean = KEY_SHAPED.matcher(clean).replaceAll(
        m -> Matcher.quoteReplacement(m.group(1) != null ? m.group(1) + MASK : MASK));
    clean = clean.strip();
    return clean.length() > MAX_LENGTH ? clean.substring(0, MAX_LENGTH) + "…" : clean;
  }
}
