package dev.ace4j.coder.history;

/**
 * The learning history cannot be used as asked: its file ({@code ace.db}, whose {@link SqliteFile opener} also serves
 * the response cache) is not an SQLite database, was written by a newer ace4j, or a call broke one of its rules (an
 * unknown session, a task finished twice). The one-line message names the file and the fix, so the CLI can print it
 * instead of a stack trace.
 */
public final class HistoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HistoryException(String message) {
    super(message);
  }

  public HistoryException(String message, Throwable cause) {
    super(message, cause);
  }

  /** What was wrong and how to fix it; never null. */
  @Override
  public String getMessage() {
    return String.valueOf(super.getMessage());
  }
}
