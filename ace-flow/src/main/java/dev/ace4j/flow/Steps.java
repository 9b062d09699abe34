package dev.ace4j.flow;

import io.opentelemetry.api.trace.SpanKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Composition of steps: sequence, route, conditional (and, in their own classes, parallel groups, fallbacks,
 * caches and sagas). Every composite is a step with a span of its own; its parts run as child spans.
 */
public final class Steps {
  private Steps() {}

  /** A step that runs {@code first}, then {@code second} on its result. Nested sequences flatten. */
  public static <I, M, O> Step<I, O> sequence(Step<I, M> first, Step<? super M, O> second) {
    List<Step<?, ?>> parts = new ArrayList<>();
    addFlattened(parts, Objects.requireNonNull(first, "first"));
    addFlattened(parts, Objects.requireNonNull(second, "second"));
    return new Sequence<>(parts);
  }

  /**
   * A step that picks one of {@code routes} by the key {@code selector} computes from the input, and runs
   * {@code fallback} for keys with no route. The chosen key is the span attribute {@code ace.flow.route}.
   */
  public static <I, O, K> Step<I, O> route(
      String name, Function<? super I, K> selector, Map<K, ? extends Step<I, O>> routes, Step<I, O> fallback) {
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(fallback, "fallback");
    Map<K, Step<I, O>> table = new LinkedHashMap<>(Objects.requireNonNull(routes, "routes"));
    return Step.of(requireName(name), (input, context) -> {
      K key = selector.apply(input);
      Step<I, O> chosen = Optional.ofNullable(table.get(key)).orElse(fallback);
      context.span().setAttribute("ace.flow.route", String.valueOf(key));
      context.span().setAttribute("ace.flow.route.step", chosen.name());
      return context.run(chosen, input);
    });
  }

  /** A step that runs {@code whenTrue} if {@code condition} holds for the input, else {@code whenFalse}. */
  public static <I, O> Step<I, O> conditional(
      String name, Predicate<? super I> condition, Step<I, O> whenTrue, Step<I, O> whenFalse) {
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(whenTrue, "whenTrue");
    Objects.requireNonNull(whenFalse, "whenFalse");
    return Step.of(requireName(name), (input, context) -> {
      boolean holds = condition.test(input);
      context.span().setAttribute("ace.flow.condition", holds);
      return context.run(holds ? whenTrue : whenFalse, input);
    });
  }

  static <I, O> Step<I, O> withPolicies(Step<I, O> step, List<Policy> policies) {
    Objects.requireNonNull(step, "step");
    if (policies.isEmpty()) {
      throw new IllegalArgumentException("policies must not be empty: give at least one policy");
    }
    policies.forEach(p -> Objects.requireNonNull(p, "policy"));
    // Innermost first: the last policy wraps the step itself. The result keeps the step's name and span kind.
    Step<I, O> chain = step;
    for (int i = policies.size() - 1; i >= 0; i--) {
      Policy policy = policies.get(i);
      Step<I, O> next = chain;
      chain = new Named<>(step.name(), (input, context) -> policy.execute(input, context, next), step.spanKind());
    }
    return chain;
  }

  static String requireName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank: give the step a name for its span");
    }
    return name;
  }

  private static void addFlattened(List<Step<?, ?>> parts, Step<?, ?> step) {
    if (step instanceof Sequence<?, ?> sequence) {
      parts.addAll(sequence.parts);
    } else {
      parts.add(step);
    }
  }

  /** A step made from a lambda. */
  record Named<I, O>(String name, Step.Body<I, O> body, SpanKind spanKind) implements Step<I, O> {
    @Override
    public O apply(I input, Context context) throws Exception {
      return body.apply(input, context);
    }
  }

  /** Parts run in order, each on the previous one's output, each as a child span. */
  static final class Sequence<I, O> implements Step<I, O> {
    private final List<Step<?, ?>> parts;
    private final String name;

    Sequence(List<Step<?, ?>> parts) {
      this.parts = List.copyOf(parts);
      this.name = this.parts.stream().map(Step::name).collect(Collectors.joining(" > "));
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    @SuppressWarnings("unchecked")
    public O apply(I input, Context context) throws Exception {
      Object value = input;
      for (Step<?, ?> part : parts) {
        value = context.run((Step<Object, Object>) part, value);
      }
      return (O) value;
    }
  }
}
