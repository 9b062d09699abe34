package dev.ace4j.core.spi;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One call to a {@link LanguageModel}.
 *
 * @param messages the conversation, oldest first; not empty
 * @param responseFormat the shape of reply wanted
 * @param temperature sampling temperature, 0 to 2
 * @param maxTokens a cap on the reply's tokens; empty leaves it to the provider
 * @param role who asks: {@code generator}, {@code reflector}, {@code curator}, or empty; for cost accounting per
 *     role, traces and error messages (a replay with no answer names it). Never sent to the provider.
 * @param sample which of several samples of the same request this is, from 0: part of what a cache or a recording
 *     keys the answer by (so that sample 1 is not served sample 0's answer), never sent to the provider
 */
public record ModelRequest(List<Message> messages, ResponseFormat responseFormat, double temperature,
    OptionalInt maxTokens, String role, int sample) {

  public ModelRequest {
    messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a model request needs at least one message");
    }
    Objects.requireNonNull(responseFormat, "responseFormat");
    if (!(temperature >= 0 && temperature <= 2)) {
      throw new IllegalArgumentException("temperature must be between 0 and 2, got " + temperature);
    }
    maxTokens = maxTokens == null ? OptionalInt.empty() : maxTokens;
    role = role == null ? "" : role;
    if (maxTokens.isPresent() && maxTokens.getAsInt() < 1) {
      throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens.getAsInt());
    }
    if (sample < 0) {
      throw new IllegalArgumentException("sample must be at least 0, got " + sample);
    }
  }

  /** The first (or only) sample of a request. */
  public ModelRequest(List<Message> messages, ResponseFormat responseFormat, double temperature,
      OptionalInt maxTokens, String role) {
    this(messages, responseFormat, temperature, maxTokens, role, 0);
  }

  /** A single user message asking for text, at temperature 0. */
  public static ModelRequest of(String userText) {
    return new ModelRequest(List.of(Message.user(userText)), ResponseFormat.text(), 0, OptionalInt.empty(), "");
  }

  /** This request with {@code more} messages appended (a follow-up in the same conversation). */
  public ModelRequest followedBy(Message... more) {
    List<Message> all = new java.util.ArrayList<>(messages);
    all.addAll(List.of(more));
    return new ModelRequest(all, responseFormat, temperature, maxTokens, role, sample);
  }

  /** This request labelled as coming from {@code value}. */
  public ModelRequest withRole(String value) {
    return new ModelRequest(messages, responseFormat, temperature, maxTokens, value, sample);
  }

  /** This request as sample {@code index} of several, drawn at {@code value} temperature. */
  public ModelRequest asSample(int index, double value) {
    return new ModelRequest(messages, responseFormat, value, maxTokens, role, index);
  }

  /** The text of the last user message, or empty. */
  public String lastUserText() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role() == Message.Role.USER) {
        return messages.get(i).text();
      }
    }
    return "";
  }

  /** Every message's text, joined by blank lines: handy for tests that look for a phrase anywhere in the prompt. */
  public String allText() {
    return String.join("\n\n", messages.stream().map(Message::text).toList());
  }
}
