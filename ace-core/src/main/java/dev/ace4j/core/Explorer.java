package dev.ace4j.core;

import dev.ace4j.core.spi.Feedback;
import dev.ace4j.flow.Context;
import dev.ace4j.flow.Flow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The first half of learning from a sample, which writes nothing: answer with a playbook and have the answer
 * judged; if wrong, reflect and regenerate up to {@code rounds} times, stopping as soon as an answer is right; if
 * right at once, reflect once to credit the bullets used. A sample is a workflow of its own whose correlation id is
 * the sample's id; its spans are children of the span current on the thread that answers (a batch's branch).
 * Safe to use from several threads at once: all that one exploration changes is confined to its thread.
 */
final class Explorer {
  private final Generator generator;
  private final Reflector reflector;
  private final Judge judge;
  private final Flow flow;
  private final int rounds;
  private final AceLoop.Listener listener;

  Explorer(Generator generator, Reflector reflector, Judge judge, Flow flow, int rounds, AceLoop.Listener listener) {
    this.generator = generator;
    this.reflector = reflector;
    this.judge = judge;
    this.flow = flow;
    this.rounds = rounds;
    this.listener = listener;
  }

  /** Answers {@code sample} with {@code playbook}, reflecting and answering again as described above. */
  Exploration explore(Sample sample, Playbook playbook) {
    return exploring(sample, playbook, this::answerAndReflect);
  }

  /** Answers {@code sample} once with {@code playbook} and has it judged; no reflection (eval-only). */
  Exploration answerOnce(Sample sample, Playbook playbook) {
    return exploring(sample, playbook, answers -> answers.answer(Optional.empty()));
  }

  private void answerAndReflect(Answers answers) {
    Attempt attempt = answers.answer(Optional.empty());
    // Without a correctness signal there is nothing to retry against: one reflection, then curation.
    boolean retry = !attempt.passed() && attempt.feedback().correct().isPresent();
    Reflection reflection = answers.reflect();
    for (int regenerated = 1; retry; regenerated++) {
      attempt = answers.answer(Optional.of(reflection));
      retry = !attempt.passed() && regenerated < rounds;
      if (retry) {
        reflection = answers.reflect();
      }
    }
  }

  /** Runs {@code work}; an unusable model reply ends it and is recorded as the exploration's problem. */
  private Exploration exploring(Sample sample, Playbook playbook, Consumer<Answers> work) {
    Answers answers = new Answers(sample, playbook);
    try {
      work.accept(answers);
      return answers.done(Optional.empty());
    } catch (ModelReplyException e) {
      return answers.done(Optional.of(e.getMessage()));
    }
  }

  /** One sample's answers as they are made; confined to the thread that answers until {@link #done} freezes them. */
  private final class Answers {
    private final Sample sample;
    private final Playbook playbook;
    private final Context context;
    private final long start = System.nanoTime();
    private final List<Attempt> attempts = new ArrayList<>();
    private Optional<Boolean> correct = Optional.of(false);

    Answers(Sample sample, Playbook playbook) {
      this.sample = sample;
      this.playbook = playbook;
      this.context = flow.newContext(sample.id());
    }

    /** Generates an answer, has the environment judge it, and scores it if it is the first. */
    Attempt answer(Optional<Reflection> reflection) {
      long begin = System.nanoTime();
      GeneratorOutput output = generator.generate(context, sample, playbook, reflection);
      Feedback feedback = judge.learnerFeedback(context, sample, output);
      Attempt attempt = new Attempt(attempts.size() + 1, output, feedback, Optional.empty(),
          Duration.ofNanos(System.nanoTime() - begin));
      attempts.add(attempt);
      listener.attempted(sample, attempt);
      if (attempt.number() == 1) {
        correct = judge.score(sample, output, feedback);
      }
      return attempt;
    }

    /** Reflects on the last answer, with its cited bullets, and records the reflection on it. */
    Reflection reflect() {
      int last = attempts.size() - 1;
      Attempt attempt = attempts.get(last);
      Reflection reflection = reflector.reflect(context, sample, attempt.output(), attempt.feedback(), playbook,
          judge.showsGroundTruth());
      attempts.set(last, attempt.withReflection(reflection));
      return reflection;
    }

    Exploration done(Optional<String> problem) {
      return new Exploration(sample, context, attempts, correct, problem,
          Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
