package dev.ace4j.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.models.internal.ExchangeJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link LanguageModel} with no server: it answers from a recording written by {@link RecordingModel}
 * ({@code replay:FILE}). A request gets the reply recorded for an identical request (same messages, response format,
 * temperature and token cap; the {@link ModelRequest#role()} label does not matter); identical requests get their
 * recorded replies in order, and the last one again once those run out.
 *
 * <p>Requests are matched on their content alone, whatever provider and model recorded them, because a
 * {@code replay:} spec names neither. A torn last line (a recording cut short by a crash) is ignored; any other
 * line that is not an exchange fails {@link #open}. Thread-safe.
 */
public final class ReplayModel implements LanguageModel {
  private static final int SHORT_DIGEST = 12;

  private final Path file;
  private final int exchanges;
  private final Map<String, List<ModelReply>> replies;
  private final Set<Recorded> recorded;
  private final Map<String, Integer> served = new HashMap<>();

  private ReplayModel(Path file, int exchanges, Map<String, List<ModelReply>> replies, Set<Recorded> recorded) {
    this.file = file;
    this.exchanges = exchanges;
    this.replies = replies;
    this.recorded = Collections.unmodifiableSet(recorded);
  }

  /**
   * A model that answered in the recording, as its exchanges name it.
   *
   * @param provider the spec prefix it was called through: {@code openai}, {@code openai-compatible}, …
   * @param model the model name sent to the server
   */
  public record Recorded(String provider, String model) {}

  /**
   * Reads the recording in {@code file}.
   *
   * @throws RecordingException when the file cannot be read or a line (other than a torn last one) is not an
   *     exchange, naming the file and the line
   */
  public static ReplayModel open(Path file) {
    String content;
    try {
      content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RecordingException("cannot read recording " + file + " (" + e
          + "): check the path given to replay:, or record one with --record", e);
    }
    Map<String, List<ModelReply>> replies = new HashMap<>();
    Set<Recorded> recorded = new LinkedHashSet<>();
    String[] lines = content.split("\n", -1);
    int exchanges = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      boolean last = i == lines.length - 1;
      try {
        JsonNode node = ExchangeJson.MAPPER.readTree(line);
        ModelRequest request = ExchangeJson.readRequest(node.path("request"), ExchangeJson.optionalText(node, "role"));
        ModelReply reply = ExchangeJson.readReply(node.path("reply"));
        replies.computeIfAbsent(ExchangeJson.promptDigest(request), digest -> new ArrayList<>()).add(reply);
        recorded.add(
            new Recorded(ExchangeJson.optionalText(node, "provider"), ExchangeJson.optionalText(node, "model")));
        exchanges++;
      } catch (JsonProcessingException | IllegalArgumentException e) {
        if (last) {
          continue; // no newline after it: a line cut short by a crash, not a finished exchange
        }
        throw new RecordingException("recording " + file + " line " + (i + 1) + " is not a recorded exchange: "
            + reason(e) + "; fix or delete that line, or record again with --record", e);
      }
    }
    return new ReplayModel(file, exchanges, replies, recorded);
  }

  /**
   * The recorded reply to {@code request}.
   *
   * @throws ReplayMissException when the recording has no reply for it, naming the role and the prompt's digest
   */
  @Override
  public synchronized ModelReply chat(ModelRequest request) {
    String digest = ExchangeJson.promptDigest(request);
    List<ModelReply> recorded = replies.get(digest);
    if (recorded == null) {
      String role = request.role().isEmpty() ? "(no role)" : request.role();
      throw new ReplayMissException("replay has no answer for a request from " + role + " (prompt digest "
          + digest.substring(0, SHORT_DIGEST) + ") in recording " + file + ", which holds " + exchanges
          + " exchange(s): the run differs from the recorded one; record it again with --record");
    }
    int index = served.merge(digest, 1, Integer::sum) - 1;
    return recorded.get(Math.min(index, recorded.size() - 1));
  }

  /**
   * The models whose answers the recording holds, in the order they first answered: what a replayed answer cost
   * when it was made, so that a replayed session's figures are the recorded session's.
   */
  public Set<Recorded> recordedModels() {
    return recorded;
  }

  /** How many exchanges the recording holds. */
  public int exchanges() {
    return exchanges;
  }

  private static String reason(Exception e) {
    if (e instanceof JsonProcessingException json) {
      return "invalid JSON (" + json.getOriginalMessage() + ")";
    }
    return Objects.toString(e.getMessage(), e.toString());
  }
}
