package dev.ace4j.core;

/**
 * A playbook file that cannot be read: truncated or invalid JSON, an unknown shape, a bad id, duplicate ids. The
 * message is one line naming the source (usually the file) and the problem, e.g.
 * {@code playbook.json: bullet 'Q&A-00001' has an id not of the form slug-00001}. Nothing was loaded.
 */
public class PlaybookFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code source: problem}. */
  public PlaybookFormatException(String source, String problem) {
    super(source + ": " + problem);
  }

  /** {@code source: problem}, keeping the parser's exception as the cause. */
  public PlaybookFormatException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
  }

  /** What was wrong and how to fix it; never null. */
  @Override
  public String getMessage() {
    return String.valueOf(super.getMessage());
  }
}
