package dev.ace4j.sandbox.internal;

import dev.ace4j.sandbox.Output;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Drains one output stream on its own thread, keeping at most {@code limit} bytes. Past the limit it keeps reading
 * (so the writer never blocks on a full pipe) but discards, and reports the overflow once.
 */
final class BoundedCapture {
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final long limit;
  private final Runnable onOverflow;
  private final Thread thread;
  private long total;

  private BoundedCapture(InputStream in, long limit, Runnable onOverflow, String name) {
    this.limit = limit;
    this.onOverflow = onOverflow;
    this.thread = new Thread(() -> drain(in), name);
    this.thread.setDaemon(true);
  }

  static BoundedCapture start(InputStream in, long limit, Runnable onOverflow, String name) {
    BoundedCapture capture = new BoundedCapture(in, limit, onOverflow, name);
    capture.thread.start();
    return capture;
  }

  private void drain(InputStream in) {
    byte[] buffer = new byte[16 * 1024];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        synchronized (this) {
          long room = limit - total;
          if (room > 0) {
            kept.write(buffer, 0, (int) Math.min(room, n));
          }
          boolean crossed = total <= limit && total + n > limit;
          total += n;
          if (crossed) {
            onOverflow.run();
          }
        }
      }
    } catch (IOException e) {
      // The pipe closed under us (process killed, stream closed at teardown): what was read is kept.
    }
  }

  /** Waits up to {@code millis} for the writer side to close; returns whether it did. */
  boolean await(long millis) throws InterruptedException {
    thread.join(Math.max(1, millis));
    return !thread.isAlive();
  }

  synchronized boolean overflowed() {
    return total > limit;
  }

  /** What was kept, decoded as UTF-8 with replacement characters. */
  synchronized Output output() {
    return new Output(decode(kept.toByteArray()), total > limit);
  }

  /** Decodes lossily: invalid bytes become U+FFFD, never an exception. */
  static String decode(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try {
      return decoder.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder cannot fail", e);
    }
  }
}
