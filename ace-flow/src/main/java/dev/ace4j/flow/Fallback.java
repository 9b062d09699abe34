package dev.ace4j.flow;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A step with ordered fallbacks: it runs the primary step and, when that fails, the next step on the same input,
 * until one succeeds. Each try is a child span; each hand-over is a {@code fallback} event on this step's span
 * naming the failed step, its exception type and the step tried next.
 *
 * <pre>{@code
 * Step<Prompt, Answer> answer = Fallback.of(bigModel, smallModel, cannedAnswer).handle(IOException.class);
 * }</pre>
 *
 * <p>By default every {@link Exception} falls back; {@link #handle} and {@link #handleIf} narrow that. It never falls
 * back on a {@link StepCancelledException} (the workflow is over) or an {@link Error}. When it gives up, it rethrows
 * the last failure with the earlier ones suppressed.
 *
 * @param <I> what the steps take
 * @param <O> what they return
 */
public final class Fallback<I, O> implements Step<I, O> {
  static final AttributeKey<String> FAILED_STEP = AttributeKey.stringKey("ace.flow.fallback.failed_step");
  static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  static final AttributeKey<String> NEXT_STEP = AttributeKey.stringKey("ace.flow.fallback.next_step");

  private final String name;
  private final List<Step<I, O>> steps;
  private final Predicate<? super Exception> handled;

  private Fallback(String name, List<Step<I, O>> steps, Predicate<? super Exception> handled) {
    this.name = name;
    this.steps = steps;
    this.handled = handled;
  }

  /**
   * {@code primary}, falling back to {@code fallbacks} in order; named {@code "primary or fallback1 or ..."}
   * (rename it with {@link #named}).
   *
   * @throws IllegalArgumentException if no fallback is given
   */
  @SafeVarargs
  public static <I, O> Fallback<I, O> of(Step<I, O> primary, Step<I, O>... fallbacks) {
    List<Step<I, O>> steps = new ArrayList<>();
    steps.add(Objects.requireNonNull(primary, "primary"));
    for (Step<I, O> fallback : Objects.requireNonNull(fallbacks, "fallbacks")) {
      steps.add(Objects.requireNonNull(fallback, "fallback"));
    }
    if (steps.size() < 2) {
      throw new IllegalArgumentException("fallbacks must not be empty: give at least one step to fall back to");
    }
    String name = steps.stream().map(Step::name).collect(Collectors.joining(" or "));
    return new Fallback<>(name, List.copyOf(steps), failure -> true);
  }

  /** The same fallbacks, taken only on failures of these types (replacing any earlier filter). */
  @SafeVarargs
  public final Fallback<I, O> handle(Class<? extends Exception>... types) {
    List<Class<? extends Exception>> list = new ArrayList<>();
    for (Class<? extends Exception> type : Objects.requireNonNull(types, "types")) {
      list.add(Objects.requireNonNull(type, "type"));
    }
    if (list.isEmpty()) {
      throw new IllegalArgumentException("types must not be empty: give the exception types to fall back on");
    }
    return handleIf(failure -> list.stream().anyMatch(type -> type.isInstance(failure)));
  }

  /** The same fallbacks, taken only on failures {@code predicate} accepts (replacing any earlier filter). */
  public Fallback<I, O> handleIf(Predicate<? super Exception> predicate) {
    return new Fallback<>(name, steps, Objects.requireNonNull(predicate, "predicate"));
  }

  /** The same fallbacks under another name. */
  @Override
  public Fallback<I, O> named(String newName) {
    return new Fallback<>(Steps.requireName(newName), steps, handled);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public O apply(I input, Context context) throws Exception {
    List<Exception> earlier = new ArrayList<>();
    for (int i = 0; ; i++) {
      Step<I, O> step = steps.get(i);
      try {
        return context.run(step, input);
      } catch (Exception failure) {
        if (i == steps.size() - 1 || failure instanceof StepCancelledException || !handled.test(failure)) {
          earlier.stream().filter(e -> e != failure).forEach(failure::addSuppressed);
          throw failure;
        }
        earlier.add(failure);
        context.span().addEvent("fallback", Attributes.of(FAILED_STEP, step.name(),
            EXCEPTION_TYPE, failure.getClass().getName(), NEXT_STEP, steps.get(i + 1).name()));
      }
    }
  }
}
