package dev.ace4j.models;

/**
 * A recording for {@link ReplayModel} cannot be read: the file is missing or unreadable, or a line is not a
 * recorded exchange. The message names the file and, for a bad line, its number and what is wrong with it.
 */
public final class RecordingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RecordingException(String message, Throwable cause) {
    super(message, cause);
  }
}
