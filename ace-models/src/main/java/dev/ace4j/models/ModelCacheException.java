package dev.ace4j.models;

/**
 * The response cache's database cannot be used: it is not an SQLite database, it is unreadable, or the disk
 * refused a write. The message names the file and the fix (move the file away, or run with {@code --no-cache}).
 */
public final class ModelCacheException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelCacheException(String message, Throwable cause) {
    super(message, cause);
  }
}
