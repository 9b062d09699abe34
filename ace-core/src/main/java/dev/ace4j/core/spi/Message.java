package dev.ace4j.core.spi;

import java.util.Objects;

/** One chat message: who speaks and what they say. */
public record Message(Role role, String text) {

  /** Who a message is from. */
  public enum Role {
    SYSTEM,
    USER,
    ASSISTANT
  }

  public Message {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(text, "text");
  }

  public static Message system(String text) {
    return new Message(Role.SYSTEM, text);
  }

  public static Message user(String text) {
    return new Message(Role.USER, text);
  }

  public static Message assistant(String text) {
    return new Message(Role.ASSISTANT, text);
  }
}
