package dev.ace4j.flow;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Steps that undo themselves: each step comes with a compensation, and when a step fails, the compensations of the
 * steps that completed run in reverse order before the failure is rethrown.
 *
 * <pre>{@code
 * Step<Order, Receipt> placeOrder = Saga.<Order>builder("place-order")
 *     .step(reserveStock, releaseStock)   // Order -> Reservation; releaseStock gets the Reservation
 *     .step(charge, refund)               // Reservation -> Payment; refund gets the Payment
 *     .step(ship, cancelShipment)         // Payment -> Receipt
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li>Like a sequence, each step runs on the previous step's output; the saga returns the last one's.
 *   <li>Each compensation gets what its own step returned, runs as a child span of the saga's span, and is announced
 *       by a {@code compensate} event on the saga's span naming the step it undoes and the compensation.
 *   <li>The failed step itself is not compensated: it is expected to leave nothing behind.
 *   <li>The original failure is always what the saga throws; compensation failures are attached to it as
 *       suppressed exceptions, and one failing compensation does not stop the ones after it.
 *   <li>Compensations run even when the workflow was cancelled or is past its deadline, and with the thread's
 *       interrupt status cleared (it is restored afterwards): undoing is clean-up, like a {@code finally} block.
 * </ul>
 *
 * @param <I> what the first step takes
 * @param <O> what the last step returns
 */
public final class Saga<I, O> implements Step<I, O> {
  static final AttributeKey<String> STEP = AttributeKey.stringKey("ace.flow.saga.step");
  static final AttributeKey<String> COMPENSATION = AttributeKey.stringKey("ace.flow.saga.compensation");

  private final String name;
  private final List<Stage> stages;

  private Saga(String name, List<Stage> stages) {
    this.name = name;
    this.stages = stages;
  }

  /** A saga named {@code name} taking {@code I}; add its steps with {@link Builder#step}. */
  public static <I> Builder<I, I> builder(String name) {
    return new Builder<>(Steps.requireName(name), List.of());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  @SuppressWarnings("unchecked")
  public O apply(I input, Context context) throws Exception {
    Deque<Completed> completed = new ArrayDeque<>();
    Object value = input;
    for (Stage stage : stages) {
      try {
        value = context.run(stage.step(), value);
      } catch (Exception | Error failure) {
        compensate(completed, failure, context);
        throw failure;
      }
      completed.push(new Completed(stage, value));
    }
    return (O) value;
  }

  /** Runs the compensations, most recent first, attaching their failures to {@code failure}. */
  private static void compensate(Deque<Completed> completed, Throwable failure, Context context) {
    if (completed.isEmpty()) {
      return;
    }
    Context cleanup = context.detached();
    boolean interrupted = Thread.interrupted();
    try {
      for (Completed done : completed) {
        Step<Object, ?> compensation = done.stage().compensation();
        cleanup.span().addEvent("compensate",
            Attributes.of(STEP, done.stage().step().name(), COMPENSATION, compensation.name()));
        try {
          cleanup.run(compensation, done.output());
        } catch (Exception | Error compensationFailure) {
          if (compensationFailure != failure) {
            failure.addSuppressed(compensationFailure);
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private record Stage(Step<Object, Object> step, Step<Object, ?> compensation) {}

  private record Completed(Stage stage, Object output) {}

  /**
   * Adds a saga's steps in order; each call returns a new builder typed by the last step's output.
   *
   * @param <I> what the saga takes
   * @param <O> what its last step so far returns
   */
  public static final class Builder<I, O> {
    private final String name;
    private final List<Stage> stages;

    private Builder(String name, List<Stage> stages) {
      this.name = name;
      this.stages = stages;
    }

    /**
     * Adds {@code step}, run on the previous step's output (the saga's input for the first), and the
     * {@code compensation} that undoes it, run on what {@code step} returned.
     */
    @SuppressWarnings("unchecked")
    public <R> Builder<I, R> step(Step<? super O, R> step, Step<? super R, ?> compensation) {
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(compensation, "compensation");
      List<Stage> more = new ArrayList<>(stages);
      more.add(new Stage((Step<Object, Object>) step, (Step<Object, ?>) compensation));
      return new Builder<>(name, List.copyOf(more));
    }

    /**
     * The saga.
     *
     * @throws IllegalStateException if no step was added
     */
    public Saga<I, O> build() {
      if (stages.isEmpty()) {
        throw new IllegalStateException("steps must not be empty: add at least one step(step, compensation)");
      }
      return new Saga<>(name, stages);
    }
  }
}
