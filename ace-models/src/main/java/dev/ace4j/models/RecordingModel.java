package dev.ace4j.models;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.models.internal.ExchangeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link LanguageModel} that appends every successful exchange to a JSONL file ({@code --record FILE}), for
 * {@link ReplayModel} to play back. One line per exchange:
 *
 * <pre>{@code
 * {"digest":"<cache key>","role":"generator","provider":"openai","model":"gpt-4o-mini",
 *  "request":{"messages":[{"role":"user","text":"…"}],"response_format":{"type":"text"},
 *             "temperature":0.0,"max_tokens":null},
 *  "reply":{"text":"…","input_tokens":12,"output_tokens":3,"model":"gpt-4o-mini-2024-07-18"}}
 * }</pre>
 *
 * <p>{@code digest} is the same key {@link CachedModel} uses. A line holds only what the request and reply hold, so
 * no API key can reach it. Each line is written with one append and forced to disk before the reply is returned; a
 * crash can at worst leave a torn last line, which replay ignores and which the next recording to the same file
 * removes before appending. Failed calls are not recorded. A {@linkplain #rejected rejected} reply stays recorded:
 * a replay must meet the same reply, and the same re-ask after it. Thread-safe.
 */
public final class RecordingModel extends ModelLayer implements AutoCloseable {
  private final ModelEndpoint endpoint;
  private final Path file;
  private final FileChannel channel;

  private RecordingModel(LanguageModel inner, ModelEndpoint endpoint, Path file, FileChannel channel) {
    super(inner);
    this.endpoint = endpoint;
    this.file = file;
    this.channel = channel;
  }

  /**
   * Wraps {@code inner}, which talks to {@code endpoint}, appending to {@code file} (created when absent).
   *
   * @throws UncheckedIOException when the file cannot be opened for writing, naming it
   */
  public static RecordingModel open(LanguageModel inner, ModelEndpoint endpoint, Path file) {
    Objects.requireNonNull(inner, "inner");
    Objects.requireNonNull(endpoint, "endpoint");
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (FileChannel existing = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE)) {
        dropTornLastLine(existing);
      }
      // append mode: lines from several processes recording to one file land whole, one after another
      FileChannel channel = FileChannel.open(file, StandardOpenOption.APPEND);
      return new RecordingModel(inner, endpoint, file, channel);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open recording " + file + " for writing: " + e, e);
    }
  }

  /** The inner model's reply, appended to the file with the request before it is returned. */
  @Override
  protected ModelReply intercept(ModelRequest request, Function<ModelRequest, ModelReply> proceed) {
    ModelReply reply = proceed.apply(request);
    ObjectNode line = ExchangeJson.MAPPER.createObjectNode()
        .put("digest", ExchangeJson.cacheKey(endpoint, request))
        .put("role", request.role())
        .put("provider", endpoint.provider())
        .put("model", endpoint.model());
    line.set("request", ExchangeJson.request(request));
    line.set("reply", ExchangeJson.reply(reply));
    append(ExchangeJson.write(line) + "\n");
    return reply;
  }

  /** The file exchanges are appended to. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close recording " + file + ": " + e, e);
    }
  }

  private synchronized void append(String line) {
    ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
    try {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to recording " + file + ": " + e, e);
    }
  }

  /** Cuts an unfinished line left by a crash, so the next line does not glue onto it. */
  private static void dropTornLastLine(FileChannel channel) throws IOException {
    long end = channel.size();
    long position = end;
    ByteBuffer one = ByteBuffer.allocate(1);
    while (position > 0) {
      one.clear();
      channel.read(one, position - 1);
      if (one.get(0) == '\n') {
        break;
      }
      position--;
    }
    if (position < end) {
      channel.truncate(position);
    }
  }
}
