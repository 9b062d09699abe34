package dev.ace4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ace4j.core.spi.Feedback;
import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.core.spi.Message;
import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.core.spi.TokenUsage;
import dev.ace4j.core.testing.ScriptedModel;
import dev.ace4j.flow.Context;
import dev.ace4j.flow.Flow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RolesTest {
  private final Flow flow = Flow.create();
  private final Context context = flow.newContext("roles-test");
  private final Sample sample = ArithmeticWorld.sum("q1", 6, 7);

  @AfterEach
  void closeFlow() {
    flow.close();
  }

  @Test
  void reasksOnceQuotingTheProblemAndThenUsesTheAnswer() {
    ScriptedModel model = ScriptedModel.replying("The answer is 13.",
        "{\"reasoning\": \"6+7\", \"bullet_ids\": [], \"final_answer\": 13}");

    GeneratorOutput output = new Generator(model).generate(context, sample, Playbook.empty(), Optional.empty());

    assertThat(output.finalAnswer()).isEqualTo("13");
    assertThat(model.requests()).hasSize(2);
    List<Message> second = model.requests().get(1).messages();
    assertThat(second).hasSize(3);
    assertThat(second.get(1)).isEqualTo(Message.assistant("The answer is 13."));
    assertThat(second.get(2).text()).contains("could not be used").contains("no JSON object");
    assertThat(output.usage().inputTokens()).isGreaterThan(model.requests().get(0).allText().length() / 4);
  }

  @Test
  void throwsAnExceptionNamingTheRoleWhenTheReplyIsNotJsonTwice() {
    ScriptedModel model = ScriptedModel.replying("I would add a bullet.", "Still prose, sorry.");
    Reflection reflection = new Reflection("", "", "", "", "carry", List.of(), null);

    assertThatThrownBy(() -> new Curator(model).curate(context, sample, reflection, Playbook.empty(), "sample 1/1",
        Provenance.none()))
        .isInstanceOfSatisfying(ModelReplyException.class, e -> assertThat(e.role()).isEqualTo("curator"))
        .hasMessageStartingWith("curator reply unusable after one re-ask")
        .hasMessageContaining("Still prose");
    assertThat(model.requests()).hasSize(2);
  }

  @Test
  void reasksTheCuratorWhenAnOperationNamesABulletThatDoesNotExist() {
    ScriptedModel model = ScriptedModel.replying(
        "{\"reasoning\": \"r\", \"operations\": [{\"type\": \"UPDATE\", \"bullet_id\": \"str-00042\", \"content\": \"x\"}]}",
        "{\"reasoning\": \"r\", \"operations\": [{\"type\": \"ADD\", \"section\": \"s\", \"content\": \"x\"}]}");
    Reflection reflection = new Reflection("", "", "", "", "carry", List.of(), null);

    Curation curation = new Curator(model).curate(context, sample, reflection, Playbook.empty(), "sample 1/1",
        Provenance.none());

    assertThat(model.requests().get(1).lastUserText()).contains("no such bullet str-00042");
    assertThat(curation.batch().operations()).containsExactly(Operation.Add.of("s", "x"));
  }

  @Test
  void theReflectorSeesOnlyTheBulletsTheGeneratorCited() {
    Playbook playbook = Playbook.empty().apply(DeltaBatch.of(Operation.Add.of("strategies", "first rule"),
        Operation.Add.of("strategies", "second rule"), Operation.Add.of("formulas", "third rule")), Instant.EPOCH);
    String citedId = playbook.active().get(1).id();
    ScriptedModel model = ScriptedModel.replying(
        "{\"reasoning\": \"r\", \"bullet_ids\": [\"" + citedId + "\", \"str-09999\"], \"final_answer\": \"12\"}",
        "{\"key_insight\": \"k\", \"bullet_tags\": [{\"id\": \"" + citedId + "\", \"tag\": \"harmful\"}]}");
    GeneratorOutput output = new Generator(model).generate(context, sample, playbook, Optional.empty());

    Reflection reflection = new Reflector(model).reflect(context, sample, output, Feedback.incorrect("no"),
        playbook, true);

    assertThat(output.bulletIds()).containsExactly(citedId);
    String prompt = model.requests().get(1).allText();
    assertThat(prompt).contains("[" + citedId + "] second rule (+0/-0)")
        .doesNotContain("first rule").doesNotContain("third rule");
    assertThat(reflection.bulletTags()).containsExactly(new Reflection.BulletTag(citedId, Operation.Verdict.HARMFUL));
  }

  @Test
  void theGeneratorSeesThePlaybookWithoutCounters() {
    Playbook playbook = Playbook.empty().apply(DeltaBatch.of(Operation.Add.of("strategies", "a rule")), Instant.EPOCH);
    ScriptedModel model = ScriptedModel.replying("{\"final_answer\": \"13\"}");

    new Generator(model).generate(context, sample, playbook, Optional.empty());

    assertThat(model.requests().get(0).allText()).contains("[stra-00001] a rule").doesNotContain("(+0/-0)");
  }

  @Test
  void keepsExtraFieldsSuchAsCodeForCodeTasks() {
    ScriptedModel model = ScriptedModel.replying("{\"reasoning\": \"r\", \"code\": \"def f(): return 1\"}");

    GeneratorOutput output = new Generator(model).generate(context, sample, Playbook.empty(), Optional.empty());

    assertThat(output.code()).contains("def f(): return 1");
    assertThat(output.finalAnswer()).isEmpty();
  }

  @Test
  void rejectsAnUnknownBulletTagWithTheReask() {
    ScriptedModel model = ScriptedModel.replying(
        "{\"key_insight\": \"k\", \"bullet_tags\": [{\"id\": \"str-00001\", \"tag\": \"great\"}]}",
        "{\"key_insight\": \"k\", \"bullet_tags\": []}");
    GeneratorOutput output = new GeneratorOutput("r", List.of(), "12", null, null, null);

    new Reflector(model).reflect(context, sample, output, Feedback.incorrect("no"), Playbook.empty(),
        false);

    assertThat(model.requests().get(1).lastUserText()).contains("use helpful, harmful or neutral");
  }

  @Test
  void theScriptedModelFailsClearlyWhenItRunsOutOfReplies() {
    ScriptedModel model = ScriptedModel.replying();

    assertThatThrownBy(() -> new Generator(model).generate(context, sample, Playbook.empty(), Optional.empty()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no reply left for request 1")
        .hasMessageContaining("script more replies");
    assertThat(model.requests()).hasSize(1);
  }

  @Test
  void doesNotRetryAFailedModelCallBecauseTheModelOwnsItsRetries() {
    List<ModelRequest> asked = new CopyOnWriteArrayList<>();
    LanguageModel failing = request -> {
      asked.add(request);
      throw new RuntimeException("HTTP 503 after the provider's own attempts");
    };

    assertThatThrownBy(() -> new Generator(failing).generate(context, sample, Playbook.empty(), Optional.empty()))
        .hasMessageContaining("HTTP 503");
    assertThat(asked).hasSize(1);
  }

  @Test
  void passesItsContextToTheModelSoTheCallersDeadlineAndCancellationReachIt() {
    AtomicReference<Context> seen = new AtomicReference<>();
    LanguageModel model = new LanguageModel() {
      @Override
      public ModelReply chat(ModelRequest request) {
        throw new AssertionError("the role must pass its context");
      }

      @Override
      public ModelReply chat(ModelRequest request, Context context) {
        seen.set(context);
        return new ModelReply("{\"reasoning\": \"r\", \"bullet_ids\": [], \"final_answer\": 13}",
            TokenUsage.ZERO, "m");
      }
    };

    new Generator(model).generate(context, sample, Playbook.empty(), Optional.empty());

    assertThat(seen.get().workflowId()).isEqualTo(context.workflowId());
    assertThat(seen.get().cancellation()).isSameAs(context.cancellation());
  }

  @Test
  void tellsTheModelOfEachReplyItCouldNotUseBeforeAskingAgain() {
    List<String> rejected = new CopyOnWriteArrayList<>();
    ScriptedModel script = ScriptedModel.replying("prose, not JSON", "more prose");
    LanguageModel model = new LanguageModel() {
      @Override
      public ModelReply chat(ModelRequest request) {
        return script.chat(request);
      }

      @Override
      public void rejected(ModelRequest request, ModelReply reply) {
        rejected.add(script.requests().size() + ": " + reply.text());
      }
    };

    assertThatThrownBy(() -> new Generator(model).generate(context, sample, Playbook.empty(), Optional.empty()))
        .isInstanceOf(ModelReplyException.class);
    assertThat(rejected).containsExactly("1: prose, not JSON", "2: more prose");
  }
}
