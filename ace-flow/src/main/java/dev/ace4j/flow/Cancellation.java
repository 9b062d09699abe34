package dev.ace4j.flow;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * A cooperative cancellation signal shared by the runs of one workflow. Cancelling a token cancels its children
 * (the branches of a parallel step), never its parent. Steps see it through {@link Context#checkActive()};
 * parallel branches are also interrupted.
 */
public final class Cancellation {
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile @Nullable String reason;
  private volatile Registration parentLink = () -> { };

  private Cancellation() {}

  /** A new token that nothing has cancelled. */
  public static Cancellation create() {
    return new Cancellation();
  }

  /**
   * A token cancelled whenever this one is, and which can also be cancelled on its own. Call {@link #detach()} on
   * it when its work is over, so a long workflow does not keep every child it ever made.
   */
  public Cancellation child() {
    Cancellation child = new Cancellation();
    child.parentLink = onCancel(() -> child.cancel(reason()));
    return child;
  }

  /** Stops following the parent token (if this is a child); this token's own state is unchanged. */
  public void detach() {
    parentLink.remove();
  }

  /** Cancels this token and its children; the first reason stays. */
  public void cancel(String why) {
    synchronized (this) {
      if (reason != null) {
        return;
      }
      reason = why == null || why.isBlank() ? "cancelled" : why;
    }
    // Whoever removes a listener runs it: this loop or a racing onCancel, never both.
    for (Runnable listener : listeners) {
      if (listeners.remove(listener)) {
        listener.run();
      }
    }
  }

  public boolean isCancelled() {
    return reason != null;
  }

  /** Why it was cancelled; empty if it was not. */
  public String reason() {
    String why = reason;
    return why == null ? "" : why;
  }

  /**
   * Runs {@code listener} on cancellation, at once if already cancelled.
   *
   * @return a handle that removes the listener; remove it when the waiting it serves is over
   */
  public Registration onCancel(Runnable listener) {
    // A wrapper of our own, so that removing it never removes an equal listener registered elsewhere.
    Runnable entry = listener::run;
    listeners.add(entry);
    if (isCancelled() && listeners.remove(entry)) {
      listener.run();
    }
    return () -> listeners.remove(entry);
  }

  /** A registered cancellation listener. */
  @FunctionalInterface
  public interface Registration {
    /** Removes the listener; harmless if it already ran or was removed. */
    void remove();
  }
}
