package dev.ace4j.sandbox.internal;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Starts every sandbox process from one long-lived platform thread.
 *
 * <p>bubblewrap's {@code --die-with-parent} uses {@code PR_SET_PDEATHSIG}, which fires when the <em>thread</em> that
 * forked the process exits, not the process. A pooled or virtual thread may exit while its sandbox still runs and
 * take the sandbox down with it; this thread never exits while the JVM lives.
 */
final class Spawner {
  private static final Spawner INSTANCE = new Spawner();

  private final BlockingQueue<Request> queue = new ArrayBlockingQueue<>(1024);

  private Spawner() {
    Thread thread = new Thread(this::loop, "ace4j-sandbox-spawner");
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts a process on the spawner thread in the background. */
  static CompletableFuture<Process> startLater(ProcessBuilder builder) {
    Request request = new Request(builder, new CompletableFuture<>());
    if (!INSTANCE.queue.offer(request)) {
      request.result.completeExceptionally(new IOException("too many sandbox starts queued"));
    }
    return request.result;
  }

  /** Starts a process on the spawner thread and waits for it to be started. */
  static Process start(ProcessBuilder builder) throws IOException {
    Request request = new Request(builder, new CompletableFuture<>());
    try {
      INSTANCE.queue.put(request);
      return request.result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // The spawner may still start it; make sure whatever starts dies at once.
      request.result.thenAccept(Process::destroyForcibly);
      throw new IOException("interrupted while starting the sandbox", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("could not start the sandbox: " + e.getCause(), e.getCause());
    }
  }

  private void loop() {
    while (true) {
      Request request;
      try {
        request = queue.take();
      } catch (InterruptedException e) {
        continue; // this thread must outlive every sandbox: ignore interrupts
      }
      try {
        request.result.complete(request.builder.start());
      } catch (IOException | RuntimeException e) {
        request.result.completeExceptionally(e);
      }
    }
  }

  private record Request(ProcessBuilder builder, CompletableFuture<Process> result) {}
}
