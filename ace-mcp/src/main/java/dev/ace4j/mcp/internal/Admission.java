package dev.ace4j.mcp.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The sandbox's slots as tool calls see them: a call that needs one and finds them all busy waits, telling its
 * client once a second, and stops waiting when cancelled. Fair, so calls get slots in the order they asked.
 */
public final class Admission {
  private final Semaphore slots;
  private final int count;

  public Admission(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("slots must be at least 1, not " + count);
    }
    this.slots = new Semaphore(count, true);
    this.count = count;
  }

  /** Takes a slot, waiting as long as it takes; {@code progress} hears about the wait. Release it with {@link #release}. */
  public void acquire(Consumer<String> progress) throws InterruptedException {
    if (slots.tryAcquire()) {
      return;
    }
    progress.accept("waiting for a sandbox slot: all " + count + " are busy");
    long waited = 0;
    while (!slots.tryAcquire(1, TimeUnit.SECONDS)) {
      waited++;
      progress.accept("waiting for a sandbox slot: all " + count + " are busy (" + waited + " s; "
          + slots.getQueueLength() + " calls waiting)");
    }
  }

  /** Gives a slot back. */
  public void release() {
    slots.release();
  }

  /** Slots free now. */
  public int available() {
    return slots.availablePermits();
  }
}
