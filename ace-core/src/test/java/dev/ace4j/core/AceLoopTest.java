package dev.ace4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ace4j.core.ArithmeticWorld.Reads;
import dev.ace4j.core.spi.Environment;
import dev.ace4j.core.spi.Feedback;
import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.core.spi.TokenUsage;
import dev.ace4j.core.testing.ScriptedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AceLoopTest {
  private final ArithmeticWorld world = new ArithmeticWorld();
  private final List<Sample> judged = new ArrayList<>();
  private final Environment environment = ArithmeticWorld.environment(judged);
  private final InMemoryPlaybookStore store = InMemoryPlaybookStore.empty();

  private AceLoop loop(ScriptedModel model, LabelMode mode) {
    return AceLoop.builder(model, environment, store).labelMode(mode).runId("run-1").build();
  }

  private static List<ModelRequest> requestsOf(ScriptedModel model, String role) {
    return model.requests().stream().filter(r -> r.allText().startsWith("# ACE " + role)).toList();
  }

  @Test
  void learnsTheMissingRuleThroughReflectionAndCurationAloneAndThenAnswersRightAtOnce() {
    ScriptedModel model = world.model(Reads.PLAYBOOK);
    List<Sample> stream = List.of(ArithmeticWorld.sum("q1", 6, 7), ArithmeticWorld.sum("q2", 9, 5),
        ArithmeticWorld.sum("q3", 8, 8));

    RunResult run;
    try (AceLoop loop = loop(model, LabelMode.FULL)) {
      run = loop.online(stream);
    }

    SampleResult first = run.samples().get(0);
    assertThat(first.correct()).contains(false);
    assertThat(first.rounds()).isEqualTo(3);
    assertThat(first.curated()).isTrue();
    assertThat(run.samples().subList(1, 3)).allSatisfy(later -> {
      assertThat(later.correct()).contains(true);
      assertThat(later.rounds()).isEqualTo(1);
      assertThat(later.problem()).isEmpty();
    });
    Bullet rule = store.current().active().get(0);
    assertThat(store.current().active()).hasSize(1);
    assertThat(rule.content()).isEqualTo(ArithmeticWorld.RULE);
    assertThat(rule.helpful()).isEqualTo(2);
    assertThat(rule.provenance().taskId()).isEqualTo("q1");
    assertThat(rule.provenance().runId()).isEqualTo("run-1");
    assertThat(run.accuracy()).isEqualTo(2.0 / 3);
  }

  @Test
  void stopsReflectingAsSoonAsTheRegeneratedAnswerIsRight() {
    ScriptedModel model = world.model(Reads.WHOLE_PROMPT);

    SampleResult result;
    try (AceLoop loop = loop(model, LabelMode.FULL)) {
      result = loop.online(List.of(ArithmeticWorld.sum("q1", 6, 7))).samples().get(0);
    }

    assertThat(result.correct()).contains(false);
    assertThat(result.rounds()).isEqualTo(1);
    assertThat(requestsOf(model, "Generator")).hasSize(2);
    assertThat(requestsOf(model, "Reflector")).hasSize(1);
    assertThat(requestsOf(model, "Generator").get(1).allText()).contains("key_insight: " + ArithmeticWorld.RULE);
  }

  @Test
  void appliesTheCuratorsAddAsANewVersionOfTheStore() {
    try (AceLoop loop = loop(world.model(Reads.PLAYBOOK), LabelMode.FULL)) {
      loop.online(List.of(ArithmeticWorld.sum("q1", 6, 7)));
    }

    assertThat(store.current().version()).isEqualTo(1);
    assertThat(store.history()).singleElement().satisfies(version -> {
      assertThat(version.version()).isEqualTo(1);
      assertThat(version.batch().operations()).singleElement().isInstanceOf(Operation.Add.class);
    });
    assertThat(store.current().active()).extracting(Bullet::section).containsExactly("formulas and calculations");
  }

  @Test
  void appliesTheReflectorsTagsToTheCitedBulletsCounters() {
    store.apply(DeltaBatch.of(Operation.Add.of("formulas", ArithmeticWorld.RULE)));

    try (AceLoop loop = loop(world.model(Reads.PLAYBOOK), LabelMode.FULL)) {
      loop.online(List.of(ArithmeticWorld.sum("q1", 6, 7)));
    }

    Bullet rule = store.current().active().get(0);
    assertThat(rule.helpful()).isEqualTo(1);
    assertThat(rule.harmful()).isZero();
    assertThat(store.history().get(1).batch().operations())
        .containsExactly(new Operation.Tag(rule.id(), Operation.Verdict.HELPFUL, ArithmeticWorld.RULE));
  }

  @Test
  void evalOnlyAnswersWithTheFrozenPlaybookAndWritesNothing() {
    ScriptedModel model = world.model(Reads.PLAYBOOK);

    RunResult run;
    try (AceLoop loop = loop(model, LabelMode.FULL)) {
      run = loop.evaluate(List.of(ArithmeticWorld.sum("q1", 6, 7), ArithmeticWorld.sum("q2", 9, 5)));
    }

    assertThat(run.accuracy()).isZero();
    assertThat(run.samples()).allSatisfy(s -> assertThat(s.rounds()).isZero());
    assertThat(store.history()).isEmpty();
    assertThat(store.current().version()).isZero();
    assertThat(model.requests()).hasSize(2).allSatisfy(r -> assertThat(r.allText()).startsWith("# ACE Generator"));
  }

  @Test
  void offlineKeepsThePlaybookOfTheEpochWithTheBestValidationAccuracy() {
    world.curatorRemovesTheRuleWhenPresent = true;

    OfflineResult result;
    try (AceLoop loop = loop(world.model(Reads.PLAYBOOK), LabelMode.FULL)) {
      result = loop.offline(List.of(ArithmeticWorld.sum("t1", 6, 7)), List.of(ArithmeticWorld.sum("v1", 9, 5)), 2);
    }

    assertThat(result.validations()).extracting(RunResult::accuracy).containsExactly(1.0, 0.0);
    assertThat(result.bestEpoch()).isEqualTo(1);
    assertThat(result.bestVersion()).isEqualTo(1);
    assertThat(store.current().version()).isGreaterThan(result.epochs().get(1).playbookVersion());
    assertThat(store.current().active()).extracting(Bullet::content).containsExactly(ArithmeticWorld.RULE);
  }

  @Test
  void warmUpThenOnlineStartsTheOnlineStreamFromTheWarmedPlaybook() {
    WarmUpResult result;
    try (AceLoop loop = loop(world.model(Reads.PLAYBOOK), LabelMode.FULL)) {
      result = loop.warmUpThenOnline(List.of(ArithmeticWorld.sum("t1", 6, 7)), List.of(), 1,
          List.of(ArithmeticWorld.sum("q1", 8, 5)));
    }

    assertThat(result.warmUp().bestEpoch()).isEqualTo(1);
    assertThat(result.online().samples().get(0).correct()).contains(true);
  }

  @ParameterizedTest
  @EnumSource(LabelMode.class)
  void theReflectorSeesTheGroundTruthTextOnlyInFullLabelMode(LabelMode mode) {
    ScriptedModel model = world.model(Reads.PLAYBOOK);
    Sample sample = ArithmeticWorld.sum("q1", 600, 7);

    try (AceLoop loop = loop(model, mode)) {
      loop.online(List.of(sample));
    }

    List<ModelRequest> reflections = requestsOf(model, "Reflector");
    assertThat(reflections).isNotEmpty();
    if (mode == LabelMode.FULL) {
      assertThat(reflections).allSatisfy(r -> assertThat(r.allText()).contains("## Ground truth answer\n607"));
    } else {
      assertThat(reflections).allSatisfy(r -> assertThat(r.allText()).doesNotContain("607"));
    }
    assertThat(model.requests()).filteredOn(r -> r.allText().startsWith("# ACE Curator"))
        .allSatisfy(r -> assertThat(r.allText()).doesNotContain("607"));
  }

  @Test
  void withoutAnOracleTheLoopLearnsFromExecutionSignalsOnlyAndStillScoresTheRun() {
    ScriptedModel model = world.model(Reads.PLAYBOOK);

    SampleResult result;
    try (AceLoop loop = loop(model, LabelMode.NO_ORACLE)) {
      result = loop.online(List.of(ArithmeticWorld.sum("q1", 6, 7))).samples().get(0);
    }

    assertThat(result.rounds()).isEqualTo(1);
    assertThat(requestsOf(model, "Generator")).hasSize(1);
    assertThat(requestsOf(model, "Reflector").get(0).allText()).contains("no check available")
        .doesNotContain("answer does not match");
    assertThat(result.correct()).contains(false);
    assertThat(store.current().active()).extracting(Bullet::content).containsExactly(ArithmeticWorld.RULE);
  }

  @Test
  void hidingTheLabelTextStillLetsTheEnvironmentJudgeWithTheLabel() {
    try (AceLoop loop = loop(world.model(Reads.PLAYBOOK), LabelMode.HIDE_LABEL_TEXT)) {
      loop.online(List.of(ArithmeticWorld.sum("q1", 6, 7)));
    }

    assertThat(judged).isNotEmpty().allSatisfy(s -> assertThat(s.groundTruth()).contains("13"));
  }

  @Test
  void aCuratorReplyThatIsNotJsonTwiceIsSkippedAndNothingIsWritten() {
    ScriptedModel model = ScriptedModel.answering(request -> request.allText().startsWith("# ACE Curator")
        ? "I would add a rule about carrying."
        : request.allText().startsWith("# ACE Reflector")
            ? "{\"key_insight\": \"carry\", \"bullet_tags\": []}"
            : "{\"bullet_ids\": [], \"final_answer\": \"13\"}");

    SampleResult result;
    try (AceLoop loop = loop(model, LabelMode.FULL)) {
      result = loop.online(List.of(ArithmeticWorld.sum("q1", 6, 7))).samples().get(0);
    }

    assertThat(result.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("curator reply unusable"));
    assertThat(result.curated()).isFalse();
    assertThat(result.correct()).contains(true);
    assertThat(requestsOf(model, "Curator")).hasSize(2);
    assertThat(store.history()).isEmpty();
  }

  @Test
  void aGeneratorReplyThatIsNotJsonTwiceCountsAsWrongAndLearnsNothing() {
    ScriptedModel model = ScriptedModel.replying("thirteen", "still thirteen");

    SampleResult result;
    try (AceLoop loop = loop(model, LabelMode.FULL)) {
      result = loop.online(List.of(ArithmeticWorld.sum("q1", 6, 7))).samples().get(0);
    }

    assertThat(result.correct()).contains(false);
    assertThat(result.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("generator reply unusable"));
    assertThat(store.history()).isEmpty();
  }

  /**
   * {@code replies}' texts, each call declaring its own usage: call n (from 0) 10^n tokens in and 2 * 10^n out, so
   * each call owns one digit of a total and a call dropped, counted twice or re-estimated from its text shows.
   */
  private static LanguageModel declaringUsage(LanguageModel replies) {
    AtomicInteger calls = new AtomicInteger();
    return request -> {
      ModelReply reply = replies.chat(request);
      long unit = (long) Math.pow(10, calls.getAndIncrement());
      return new ModelReply(reply.text(), new TokenUsage(unit, 2 * unit), reply.modelId());
    };
  }

  @Test
  void reportsTheTokensEveryCallOfASampleDeclared() {
    ScriptedModel scripted = world.model(Reads.WHOLE_PROMPT);

    SampleResult result;
    try (AceLoop loop = AceLoop.builder(declaringUsage(scripted), environment, store).build()) {
      result = loop.online(List.of(ArithmeticWorld.sum("q1", 6, 7))).samples().get(0);
    }

    assertThat(scripted.requests()).hasSize(4);
    assertThat(result.usage()).isEqualTo(new TokenUsage(1_111, 2_222));
  }

  @Test
  void countsTheTokensOfAnUnusableReplyAndOfTheReplyThatReplacedIt() {
    ScriptedModel scripted = world.model(Reads.PLAYBOOK);
    LanguageModel firstReplyUnusable = request -> {
      ModelReply reply = scripted.chat(request);
      return scripted.requests().size() == 1 ? new ModelReply("thirteen", reply.usage(), reply.modelId()) : reply;
    };
    Environment alwaysRight = (sample, output) -> Feedback.correct("ok");

    SampleResult result;
    try (AceLoop loop = AceLoop.builder(declaringUsage(firstReplyUnusable), alwaysRight, store).build()) {
      result = loop.online(List.of(ArithmeticWorld.sum("q1", 6, 7))).samples().get(0);
    }

    assertThat(requestsOf(scripted, "Generator")).hasSize(2);
    assertThat(scripted.requests()).hasSize(4);
    assertThat(result.problem()).isEmpty();
    assertThat(result.usage()).isEqualTo(new TokenUsage(1_111, 2_222));
  }

  @Test
  void refusesReflectionRoundsOutsideOneToFive() {
    AceLoop.Builder builder = AceLoop.builder(ScriptedModel.replying(), environment, store);

    assertThatThrownBy(() -> builder.rounds(0)).hasMessage("rounds must be between 1 and 5, got 0");
    assertThatThrownBy(() -> builder.rounds(6)).hasMessage("rounds must be between 1 and 5, got 6");
  }

  @Test
  void doesNotRetryARightAnswer() {
    Environment alwaysRight = (sample, output) -> Feedback.correct("ok");
    ScriptedModel model = world.model(Reads.PLAYBOOK);

    try (AceLoop loop = AceLoop.builder(model, alwaysRight, store).build()) {
      loop.online(List.of(ArithmeticWorld.sum("q1", 6, 7)));
    }

    assertThat(requestsOf(model, "Generator")).hasSize(1);
    assertThat(requestsOf(model, "Reflector")).hasSize(1);
    assertThat(store.current().version()).isEqualTo(1);
  }

  @Test
  void mergesADuplicateTheCuratorAddsInsteadOfKeepingBoth() {
    store.apply(DeltaBatch.of(Operation.Add.of("formulas and calculations",
        "When adding two digits, carry the ten into the next column!")));

    try (AceLoop loop = AceLoop.builder(world.model(Reads.WHOLE_PROMPT), environment, store).build()) {
      loop.online(List.of(ArithmeticWorld.sum("q1", 6, 7)));
    }

    assertThat(store.current().active()).hasSize(1);
    assertThat(store.history()).anySatisfy(v -> assertThat(v.batch().operations())
        .anySatisfy(op -> assertThat(op).isInstanceOf(Operation.Merge.class)));
  }

  @Test
  void retiresLowValueBulletsWhenThePlaybookOutgrowsItsBudget() {
    for (int i = 0; i < 20; i++) {
      store.apply(DeltaBatch.of(Operation.Add.of("others", "Unused note number " + i + " about nothing in particular")));
    }
    int before = store.current().active().size();

    try (AceLoop loop = AceLoop.builder(world.model(Reads.PLAYBOOK), environment, store)
        .tokenBudget(TokenBudget.of(120)).build()) {
      loop.online(List.of(ArithmeticWorld.sum("q1", 6, 7)));
    }

    assertThat(PromptView.estimatedTokens(PromptView.withoutCounters(store.current()))).isLessThanOrEqualTo(120);
    assertThat(store.current().active().size()).isLessThan(before);
    assertThat(store.current().bullets()).filteredOn(b -> !b.active()).isNotEmpty();
  }
}
