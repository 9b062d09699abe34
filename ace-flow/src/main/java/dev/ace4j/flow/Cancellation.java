package dev.ace4j.flow;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A cooperative cancellation signal shared by the runs of one workflow. Cancelling a token cancels its children
 * (the branches of a parallel step), never its parent. Steps see it through {@link Context#checkActive()};
 * parallel branches are also interrupted.
 */
public final class Cancellation {
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile String reason;

  private Cancellation() {}

  /** A new token that nothing has cancelled. */
  public static Cancellation create() {
    return new Cancellation();
  }

  /** A token cancelled whenever this one is, and which can also be cancelled on its own. */
  public Cancellation child() {
    Cancellation child = new Cancellation();
    onCancel(() -> child.cancel(reason));
    return child;
  }

  /** Cancels this token and its children; the first reason stays. */
  public void cancel(String why) {
    synchronized (this) {
      if (reason != null) {
        return;
      }
      reason = why == null || why.isBlank() ? "cancelled" : why;
    }
    listeners.forEach(Runnable::run);
  }

  public boolean isCancelled() {
    return reason != null;
  }

  /** Why it was cancelled; empty if it was not. */
  public String reason() {
    String why = reason;
    return why == null ? "" : why;
  }

  /** Runs {@code listener} on cancellation, at once if already cancelled. */
  public void onCancel(Runnable listener) {
    listeners.add(listener);
    if (isCancelled()) {
      listeners.remove(listener);
      listener.run();
    }
  }
}
