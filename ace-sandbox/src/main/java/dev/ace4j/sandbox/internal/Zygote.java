package dev.ace4j.sandbox.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * One long-lived sandbox whose pid 1 is {@code _ace_zygote.py}, a Python fork server: each {@link #run} forks a
 * fresh process inside it and streams back what that process did. See the script for the protocol and for why
 * nothing of one run reaches the next.
 *
 * <p>The host decodes the server's frames strictly and keeps deciding every verdict from what the program cannot
 * write (its clock, the control groups' counters): the server only relays the program's streams, exit status and
 * output files, as a cold sandbox's pipes and archive would.
 */
final class Zygote implements AutoCloseable {
  /** The largest frame the server sends: an output chunk is 64 KiB, an archive at most the file-size limit. */
  private static final int MAX_FRAME = 1 << 30;
  /** Output chunks waiting for the reader: back-pressure on the sandbox once this many are queued. */
  private static final int QUEUED_CHUNKS = 256;

  private final Process launcher;
  private final Path stage;
  private final OutputStream requests;
  private final BoundedCapture diagnostics;
  private final Semaphore ready = new Semaphore(0);
  private volatile @Nullable Run current;
  private volatile boolean dead;

  private Zygote(Process launcher, Path stage) {
    this.launcher = launcher;
    this.stage = stage;
    this.requests = launcher.getOutputStream();
    this.diagnostics = BoundedCapture.start(launcher.getErrorStream(), 16 * 1024, () -> { }, "ace4j-zygote-err");
    Thread reader = new Thread(this::readFrames, "ace4j-zygote");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Takes over a launcher that was just given its go line and now runs the server: its stdin and stdout are the
   * protocol. {@code stage} is the launch's host folder, removed when the server ends.
   */
  static Zygote attach(Process launcher, Path stage) {
    return new Zygote(launcher, stage);
  }

  /** Waits until the server can take a request; false if it died or {@code timeout} passed first. */
  boolean awaitReady(Duration timeout) {
    try {
      boolean got = ready.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
      // Once the server answers, bubblewrap has read its request and holds its status file open: the launch
      // folder has served its purpose.
      StateDir.deleteQuietly(stage);
      return got && !dead;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  boolean alive() {
    return !dead && launcher.isAlive();
  }

  /** Why the server ended, from what it wrote on stderr (its own traceback, or bubblewrap's or the launcher's). */
  String diagnostics() {
    return diagnostics.output().text().strip();
  }

  /** Sends one request (the server is ready) and returns its run, a {@link Process} that ends with the program. */
  Run run(byte[] request) throws IOException {
    Run run = new Run();
    current = run;
    byte[] header = {(byte) (request.length >>> 24), (byte) (request.length >>> 16), (byte) (request.length >>> 8),
        (byte) request.length};
    try {
      requests.write(header);
      requests.write(request);
      requests.flush();
    } catch (IOException e) {
      kill();
      throw e;
    }
    return run;
  }

  /** Ends the sandbox: bubblewrap's pid 1 dies with its parent, and every process of the sandbox with it. */
  void kill() {
    dead = true;
    launcher.destroyForcibly();
    Run run = current;
    if (run != null) {
      run.end(-1, true);
    }
    ready.release();
  }

  @Override
  public void close() {
    kill();
    StateDir.deleteQuietly(stage);
  }

  private void readFrames() {
    try (DataInputStream in = new DataInputStream(launcher.getInputStream())) {
      while (true) {
        int kind = in.read();
        if (kind < 0) {
          break;
        }
        int length = in.readInt();
        if (length < 0 || length > MAX_FRAME) {
          throw new IOException("malformed frame length " + length);
        }
        byte[] payload = in.readNBytes(length);
        if (payload.length != length) {
          throw new EOFException();
        }
        Run run = current;
        switch (kind) {
          case 'R' -> ready.release();
          case 'O' -> forward(run, payload, true);
          case 'E' -> forward(run, payload, false);
          case 'F' -> {
            if (run != null) {
              run.files = Optional.of(payload);
            }
          }
          case 'X' -> {
            if (run != null) {
              run.end(Integer.parseInt(new String(payload, StandardCharsets.US_ASCII)), false);
            }
          }
          default -> throw new IOException("unknown frame kind " + kind);
        }
      }
    } catch (IOException | RuntimeException e) {
      // The server died or spoke out of turn: either way it is done with.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    dead = true;
    launcher.destroyForcibly();
    Run run = current;
    if (run != null) {
      run.end(-1, true);
    }
    ready.release();
  }

  private static void forward(@Nullable Run run, byte[] chunk, boolean stdout) throws InterruptedException {
    if (run != null) {
      (stdout ? run.stdout : run.stderr).chunks.put(chunk);
    }
  }

  /**
   * One program run inside the server, seen as a process: its stdout and stderr streams end when it has ended and
   * every process it left is dead. Its stdin went with the request; destroying it ends the whole server.
   */
  final class Run extends Process {
    private final Chunks stdout = new Chunks();
    private final Chunks stderr = new Chunks();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile Optional<byte[]> files = Optional.empty();
    private volatile boolean lost;

    private synchronized void end(int status, boolean serverEnded) {
      if (exit.isDone()) {
        return;
      }
      lost = serverEnded;
      stdout.finish(serverEnded);
      stderr.finish(serverEnded);
      exit.complete(status);
    }

    /** Whether the server ended before the program did, so that this run says nothing of the program. */
    boolean lost() {
      return lost;
    }

    /** The requested outputs as a tar archive, empty when none were asked for or the run was lost. */
    Optional<byte[]> files() {
      return files;
    }

    @Override
    public OutputStream getOutputStream() {
      return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream() {
      return stdout;
    }

    @Override
    public InputStream getErrorStream() {
      return stderr;
    }

    @Override
    public int waitFor() throws InterruptedException {
      try {
        return exit.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
      try {
        exit.get(Math.max(0, timeout), unit);
        return true;
      } catch (TimeoutException e) {
        return false;
      } catch (ExecutionException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public int exitValue() {
      Integer status = exit.getNow(null);
      if (status == null) {
        throw new IllegalThreadStateException("still running");
      }
      return status;
    }

    @Override
    public boolean isAlive() {
      return !exit.isDone();
    }

    @Override
    public void destroy() {
      kill();
    }

    @Override
    public Process destroyForcibly() {
      kill();
      return this;
    }
  }

  /** A stream of the chunks the reader thread hands over, ending at an empty marker. */
  private static final class Chunks extends InputStream {
    private static final byte[] END = new byte[0];
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    private byte @Nullable [] chunk = new byte[0];
    private int position;
    private volatile boolean finished;

    /** Ends the stream after what is queued, or at once ({@code discard}) when the server is gone. */
    void finish(boolean discard) {
      if (finished) {
        return;
      }
      finished = true;
      if (discard) {
        chunks.clear();
        chunks.offer(END);
        return;
      }
      try {
        chunks.put(END);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        chunks.clear();
        chunks.offer(END);
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      while (chunk != null && position == chunk.length) {
        try {
          byte[] next = chunks.take();
          chunk = next == END ? null : next;
          position = 0;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
      byte[] current = chunk;
      if (current == null) {
        return -1;
      }
      int n = Math.min(length, current.length - position);
      System.arraycopy(current, position, buffer, offset, n);
      position += n;
      return n;
    }
  }
}
