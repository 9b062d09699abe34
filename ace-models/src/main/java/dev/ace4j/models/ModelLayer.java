package dev.ace4j.models;

import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.flow.Context;
import java.util.Objects;
import java.util.function.Function;

/**
 * A layer around a model, as an OkHttp interceptor is around a call: it sees each request and decides how to
 * proceed (answer from a cache, record the exchange). Both forms of {@code chat} reach the inner model through
 * {@link #intercept}, with the caller's {@link Context} passed on, and {@link #rejected} reaches it too, so a layer
 * cannot drop either on the way.
 */
public abstract class ModelLayer implements LanguageModel {
  private final LanguageModel inner;

  protected ModelLayer(LanguageModel inner) {
    this.inner = Objects.requireNonNull(inner, "inner");
  }

  /**
   * This layer's work on {@code request}: {@code proceed} sends it on to the inner model (with the caller's context
   * when there is one); a layer may answer without proceeding.
   */
  protected abstract ModelReply intercept(ModelRequest request, Function<ModelRequest, ModelReply> proceed);

  @Override
  public final ModelReply chat(ModelRequest request) {
    return intercept(request, inner::chat);
  }

  @Override
  public final ModelReply chat(ModelRequest request, Context context) {
    return intercept(request, asked -> inner.chat(asked, context));
  }

  /** Tells the inner model; a layer that keeps replies forgets this one first. */
  @Override
  public void rejected(ModelRequest request, ModelReply reply) {
    inner.rejected(request, reply);
  }
}
