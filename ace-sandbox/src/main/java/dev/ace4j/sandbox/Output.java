package dev.ace4j.sandbox;

/**
 * One captured stream (stdout or stderr): its text decoded as UTF-8 with replacement, capped at the request's
 * output limit.
 *
 * @param text what was kept, at most the limit's worth of bytes
 * @param truncated whether the stream produced more than was kept
 */
public record Output(String text, boolean truncated) {
  public Output {
    text = text == null ? "" : text;
  }

  /** An empty, complete stream. */
  public static Output empty() {
    return new Output("", false);
  }
}
