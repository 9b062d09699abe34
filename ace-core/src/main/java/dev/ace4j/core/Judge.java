package dev.ace4j.core;

import dev.ace4j.core.spi.Environment;
import dev.ace4j.core.spi.Feedback;
import dev.ace4j.flow.Context;
import dev.ace4j.flow.Step;
import java.util.Optional;

/**
 * The environment's judgement of an answer, split by the label mode into what the learner may know and the score
 * the run reports: in {@link LabelMode#NO_ORACLE} the learner's judgement never sees the label, and the score is
 * judged again with it.
 */
final class Judge {
  private final Environment environment;
  private final LabelMode labelMode;

  Judge(Environment environment, LabelMode labelMode) {
    this.environment = environment;
    this.labelMode = labelMode;
  }

  /**
   * What the learner may know about an answer. The evaluation is the step {@value AceLoop#EVALUATE} of the sample's
   * workflow, so a trace shows each test run beside the role calls.
   */
  Feedback learnerFeedback(Context context, Sample sample, GeneratorOutput output) {
    Sample seen = labelMode == LabelMode.NO_ORACLE ? sample.withoutGroundTruth() : sample;
    Step<GeneratorOutput, Feedback> evaluate =
        Step.of(AceLoop.EVALUATE, (GeneratorOutput answer, Context c) -> environment.evaluate(seen, answer));
    return context.call(evaluate, output);
  }

  /** The score reported for the run, kept apart from learning. */
  Optional<Boolean> score(Sample sample, GeneratorOutput output, Feedback learnerFeedback) {
    if (labelMode == LabelMode.NO_ORACLE && sample.groundTruth().isPresent()) {
      return environment.evaluate(sample, output).correct();
    }
    return learnerFeedback.correct();
  }

  /** Whether the Reflector may read the ground truth: in {@link LabelMode#FULL} only. */
  boolean showsGroundTruth() {
    return labelMode == LabelMode.FULL;
  }
}
