package dev.ace4j.core.spi;

/**
 * A chat model, as ace-core needs one: messages in; text, token usage and the model's id out. Implementations live
 * in ace-models (LangChain4j providers) or in tests ({@link dev.ace4j.core.testing.ScriptedModel}); ace-core calls
 * them from ace-flow steps that add retries, timeouts and tracing, so an implementation does one plain call.
 *
 * <p>Failures are unchecked exceptions. Roles retry them, except {@link IllegalArgumentException} and
 * {@link IllegalStateException}, which mean a request that cannot succeed (a bad request, a test script that ran
 * out).
 */
@FunctionalInterface
public interface LanguageModel {

  /** Sends {@code request} and returns the model's reply; blocks until it has one. */
  ModelReply chat(ModelRequest request);
}
