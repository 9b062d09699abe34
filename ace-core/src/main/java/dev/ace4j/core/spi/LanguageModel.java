package dev.ace4j.core.spi;

import dev.ace4j.flow.Context;

/**
 * A chat model, as ace-core needs one: messages in; text, token usage and the model's id out. Implementations live
 * in ace-models (LangChain4j providers and the layers around them: cache, recording, replay) or in tests
 * ({@link dev.ace4j.core.testing.ScriptedModel}).
 *
 * <p>An implementation owns the whole call: its retries, their backoff, its time limits. Roles do not retry a
 * failed call; they only ask once more, in the same conversation, when a reply is not usable (and tell the model
 * so through {@link #rejected}). Failures are unchecked exceptions; ace-models throws its {@code ModelException}
 * once its own attempts are done, or its subclass {@code ModelRefusedException} when the call cannot succeed as
 * configured. A cancelled or expired {@link Context} ends the call with ace-flow's {@code StepCancelledException}.
 */
@FunctionalInterface
public interface LanguageModel {

  /** Sends {@code request} and returns the model's reply; blocks until it has one. */
  ModelReply chat(ModelRequest request);

  /**
   * Sends {@code request} as part of the workflow run {@code context}: an implementation that calls a server runs
   * the call as a child step of {@code context}, so the caller's deadline, cancellation and span reach it; a layer
   * around a model passes {@code context} on. By default the plain {@link #chat(ModelRequest)}, for models that
   * neither wait nor trace (scripted answers, a recording).
   */
  default ModelReply chat(ModelRequest request, Context context) {
    return chat(request);
  }

  /**
   * Tells the model that its {@code reply} to {@code request} could not be used (not the JSON asked for, a field
   * missing), so that no layer serves it again: a response cache forgets it. Called before the re-ask; layers pass
   * it on. By default nothing.
   */
  default void rejected(ModelRequest request, ModelReply reply) {}
}
