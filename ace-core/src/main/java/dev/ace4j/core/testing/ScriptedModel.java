package dev.ace4j.core.testing;

import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.core.spi.TokenUsage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A test double for {@link LanguageModel}: it answers from a queue of replies, or from a function of the request
 * (which may inspect the prompt: answer right only when the playbook holds a rule, say), and records every request
 * it gets. Deterministic; token usage is estimated as one token per four characters. Thread-safe.
 *
 * <pre>{@code
 * ScriptedModel model = ScriptedModel.replying("{\"final_answer\": \"4\"}");
 * ... run the role ...
 * assertThat(model.requests()).hasSize(1);
 * }</pre>
 *
 * <p>Not for production: it exists so other modules' tests can drive ace-core without a real model.
 */
public final class ScriptedModel implements LanguageModel {
  private final Deque<String> queue = new ArrayDeque<>();
  private final @Nullable Function<ModelRequest, String> answerer;
  private final List<ModelRequest> requests = new ArrayList<>();

  private ScriptedModel(List<String> replies, @Nullable Function<ModelRequest, String> answerer) {
    this.queue.addAll(replies);
    this.answerer = answerer;
  }

  /** A model that gives {@code replies} in order, one per request, and fails when they run out. */
  public static ScriptedModel replying(String... replies) {
    return new ScriptedModel(List.of(replies), null);
  }

  /** A model that answers every request with {@code answerer}'s result (which must not be null). */
  public static ScriptedModel answering(Function<ModelRequest, String> answerer) {
    return new ScriptedModel(List.of(), Objects.requireNonNull(answerer, "answerer"));
  }

  /** Queues more replies (used before the answerer function, if there is one). */
  public synchronized ScriptedModel thenReplying(String... replies) {
    queue.addAll(List.of(replies));
    return this;
  }

  /**
   * The next scripted reply.
   *
   * @throws IllegalStateException when the script has no reply left for this request, naming the request
   */
  @Override
  public synchronized ModelReply chat(ModelRequest request) {
    requests.add(request);
    String text = !queue.isEmpty() ? queue.poll() : answerer != null ? answerer.apply(request) : null;
    if (text == null) {
      String prompt = request.lastUserText().strip().replaceAll("\\s+", " ");
      throw new IllegalStateException("ScriptedModel has no reply left for request " + requests.size()
          + " (last user message: \"" + (prompt.length() > 100 ? prompt.substring(0, 100) + "…" : prompt)
          + "\"); script more replies");
    }
    long input = request.allText().length() / 4 + 1;
    return new ModelReply(text, new TokenUsage(input, text.length() / 4 + 1), "scripted");
  }

  /** Every request received, in order (including the one that failed for lack of a reply). */
  public synchronized List<ModelRequest> requests() {
    return List.copyOf(requests);
  }

  /** How many replies are still queued. */
  public synchronized int remaining() {
    return queue.size();
  }
}
