package dev.ace4j.sandbox.internal;

import java.time.Duration;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * The concurrency limit: a fixed set of numbered slots. A run takes one (waiting in line when all are taken, which
 * is the back-pressure) and gives it back; the number picks the run's unprivileged uid. The slot given back last is
 * taken first, so that a run at a time keeps to one slot and its warm sandboxes.
 */
final class Slots {
  private final BlockingDeque<Integer> free;
  private final int count;

  Slots(int count) {
    this.count = count;
    free = new LinkedBlockingDeque<>(count);
    for (int i = 0; i < count; i++) {
      free.add(i);
    }
  }

  int acquire() {
    try {
      return free.takeFirst();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a free sandbox slot", e);
    }
  }

  void release(int slot) {
    free.addFirst(slot);
  }

  /** Waits until every slot is back, or {@code timeout} has passed; returns whether they all are. */
  boolean awaitIdle(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (free.size() < count) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
