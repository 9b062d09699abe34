package dev.ace4j.sandbox.internal;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The concurrency limit: a fixed set of numbered slots. A run takes one (waiting in line when all are taken, which
 * is the back-pressure) and gives it back; the number picks the run's unprivileged uid.
 */
final class Slots {
  private final BlockingQueue<Integer> free;
  private final int count;

  Slots(int count) {
    this.count = count;
    free = new ArrayBlockingQueue<>(count, true);
    for (int i = 0; i < count; i++) {
      free.add(i);
    }
  }

  int acquire() {
    try {
      return free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a free sandbox slot", e);
    }
  }

  void release(int slot) {
    free.add(slot);
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
