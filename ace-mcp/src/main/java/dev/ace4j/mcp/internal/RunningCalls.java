package dev.ace4j.mcp.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The tool calls in flight, each by its key (transport session and JSON-RPC id) and the thread that answers it, so
 * a client's {@code notifications/cancelled} can interrupt that thread. A thread is interrupted only while it
 * still answers the call: {@link #end} and {@link #cancel} hold the same lock, and {@code end} clears the flag, so a
 * pooled thread never carries a late cancellation into its next call.
 */
public final class RunningCalls {
  private final Map<String, Thread> running = new HashMap<>();
  private final Set<String> cancelled = new HashSet<>();

  /** The current thread answers the call {@code key}. */
  public synchronized void begin(String key) {
    running.put(key, Thread.currentThread());
  }

  /**
   * The current thread is done with {@code key}; clears an interruption that cancelled it, and returns whether the
   * call was cancelled (whatever the handler made of the interruption).
   */
  public synchronized boolean end(String key) {
    running.remove(key, Thread.currentThread());
    Thread.interrupted();
    return cancelled.remove(key);
  }

  /** Interrupts the call {@code key}; returns whether it was running. */
  public synchronized boolean cancel(String key) {
    Thread thread = running.remove(key);
    if (thread == null) {
      return false;
    }
    cancelled.add(key);
    thread.interrupt();
    return true;
  }

  /** Interrupts every call whose key starts with {@code session}: its client went away. */
  public synchronized void cancelSession(String session) {
    running.entrySet().removeIf(entry -> {
      if (entry.getKey().startsWith(session + "#")) {
        cancelled.add(entry.getKey());
        entry.getValue().interrupt();
        return true;
      }
      return false;
    });
  }

  /** How many calls are in flight. */
  public synchronized int size() {
    return running.size();
  }
}
