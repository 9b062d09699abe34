package dev.ace4j.mcp.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * Standard input as the SDK's stdio transport reads it (one JSON-RPC message per line), each line passed through
 * {@link CallTags} first. Counts the end of input down on {@link #ended}: the client closed the pipe.
 */
public final class TaggedInput extends InputStream {
  /** The stdio transport has one session. */
  public static final String SESSION = "stdio";
  /** The longest message taken: as over HTTP, a line past it ends the session instead of filling the heap. */
  public static final int MAX_LINE = 16 * 1024 * 1024;

  private final InputStream in;
  private final CallTags tags;
  private final CountDownLatch ended = new CountDownLatch(1);
  private byte[] line = new byte[0];
  private int position;
  private volatile boolean oversized;

  public TaggedInput(InputStream in, CallTags tags) {
    this.in = in;
    this.tags = tags;
  }

  /** Reaches zero when the input has ended, or a message was over {@link #MAX_LINE}. */
  public CountDownLatch ended() {
    return ended;
  }

  /** Whether the input ended because a message was over {@link #MAX_LINE}. */
  public boolean oversized() {
    return oversized;
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return line[position++] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int count = Math.min(length, line.length - position);
    System.arraycopy(line, position, buffer, offset, count);
    position += count;
    return count;
  }

  @Override
  public void close() throws IOException {
    ended.countDown();
    in.close();
  }

  /** Makes sure bytes are waiting; false at the end of input. */
  private boolean fill() throws IOException {
    if (position < line.length) {
      return true;
    }
    ByteArrayOutputStream next = new ByteArrayOutputStream(256);
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (next.size() == MAX_LINE) {
        oversized = true;
        ended.countDown();
        throw new IOException("a message over " + MAX_LINE / (1024 * 1024) + " MiB");
      }
      next.write(b);
    }
    if (b == -1 && next.size() == 0) {
      ended.countDown();
      return false;
    }
    String text = tags.inspect(SESSION, next.toString(StandardCharsets.UTF_8));
    line = (text + "\n").getBytes(StandardCharsets.UTF_8);
    position = 0;
    return true;
  }
}
