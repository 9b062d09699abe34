package dev.ace4j.models;

import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import java.util.Objects;

/**
 * A {@link LanguageModel} that records every reply's token usage in a {@link UsageLedger}, under the request's role
 * and the spec's provider and model (the reply's own model id may be a dated snapshot the price table does not
 * name; for {@code replay} and {@code reference}, which name no model, the reply's id is used). A call that fails
 * records nothing: it returned no usage.
 */
public final class Metered implements LanguageModel {
  private final LanguageModel delegate;
  private final ModelSpec spec;
  private final UsageLedger ledger;

  private Metered(LanguageModel delegate, ModelSpec spec, UsageLedger ledger) {
    this.delegate = delegate;
    this.spec = spec;
    this.ledger = ledger;
  }

  /** {@code model}, which serves {@code spec}, recording into {@code ledger}. */
  public static Metered wrap(LanguageModel model, ModelSpec spec, UsageLedger ledger) {
    return new Metered(Objects.requireNonNull(model, "model"), Objects.requireNonNull(spec, "spec"),
        Objects.requireNonNull(ledger, "ledger"));
  }

  @Override
  public ModelReply chat(ModelRequest request) {
    ModelReply reply = delegate.chat(request);
    String model = spec.model().isEmpty() ? reply.modelId() : spec.model();
    ledger.record(request.role(), spec.provider(), model, reply.usage());
    return reply;
  }

  @Override
  public String toString() {
    return "Metered[" + spec + "]";
  }
}
