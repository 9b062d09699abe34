package dev.ace4j.sandbox;

/**
 * Runs untrusted code and reports what it did. Implementations are safe to call from many threads at once; calls
 * beyond the configured concurrency wait their turn.
 *
 * <p>Create one with {@link Sandboxes#create(SandboxSettings)} and close it when done.
 */
public interface Sandbox extends AutoCloseable {

  /**
   * Runs one request to completion and returns its result. A program that fails, hangs or exhausts a limit is a
   * result with a status, never an exception.
   *
   * @throws InvalidRequestException when the request cannot be run as given (e.g. a file name the runner reserves)
   * @throws SandboxUnavailableException when the language's runtime is missing on this host
   */
  Execution execute(ExecutionRequest request);

  /** The backend's name: {@code bubblewrap} or {@code unsafe-process}. */
  String name();

  /** Releases the sandbox's host resources (staging directories, control groups). */
  @Override
  void close();
}
