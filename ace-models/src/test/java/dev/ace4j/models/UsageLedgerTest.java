package dev.ace4j.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.core.spi.TokenUsage;
import dev.ace4j.core.testing.ScriptedModel;
import dev.ace4j.models.ModelSpec.Provider;
import dev.ace4j.models.UsageLedger.Totals;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class UsageLedgerTest {
  private final UsageLedger ledger = new UsageLedger(PriceTable.defaults());

  private static ModelRequest asking(String role, String text) {
    return ModelRequest.of(text).withRole(role);
  }

  @Test
  void meteredModelRecordsEachReplyUnderItsRoleAndTheRunTotal() {
    ScriptedModel scripted = ScriptedModel.replying("a".repeat(40), "b".repeat(80), "c".repeat(4));
    Metered model = Metered.wrap(scripted, ModelSpec.parse("openai:gpt-4o-mini"), ledger);

    ModelReply first = model.chat(asking("generator", "x".repeat(400)));
    ModelReply second = model.chat(asking("generator", "y".repeat(40)));
    ModelReply third = model.chat(asking("reflector", "z".repeat(4)));

    TokenUsage generator = first.usage().plus(second.usage());
    assertThat(ledger.forRole("generator").calls()).isEqualTo(2);
    assertThat(ledger.forRole("generator").tokens()).isEqualTo(generator);
    assertThat(ledger.forRole("reflector").tokens()).isEqualTo(third.usage());
    assertThat(ledger.forRole("curator")).isEqualTo(Totals.NONE);
    assertThat(ledger.total().calls()).isEqualTo(3);
    assertThat(ledger.total().tokens()).isEqualTo(generator.plus(third.usage()));
    assertThat(ledger.byRole()).containsOnlyKeys("generator", "reflector");
  }

  @Test
  void costIsPricedFromTheTableForTheSpecsModel() {
    ledger.record("generator", Provider.OPENAI, "gpt-4o-mini", new TokenUsage(2_000_000, 1_000_000));
    ledger.record("curator", Provider.ANTHROPIC, "claude-haiku-4-5", new TokenUsage(1_000_000, 0));

    // 2 * 0.15 + 1 * 0.60 = 0.90; 1 * 1.00 = 1.00
    assertThat(ledger.forRole("generator").costUsd().orElseThrow()).isEqualByComparingTo("0.90");
    assertThat(ledger.forRole("curator").costUsd().orElseThrow()).isEqualByComparingTo("1.00");
    assertThat(ledger.total().costUsd().orElseThrow()).isEqualByComparingTo("1.90");
  }

  @Test
  void aCallToAModelWithoutAPriceMakesTheCostUnknownNotZero() {
    ledger.record("generator", Provider.OPENAI, "gpt-4o-mini", new TokenUsage(1_000, 1_000));
    ledger.record("reflector", Provider.OPENAI, "gpt-9-preview", new TokenUsage(1_000, 1_000));

    assertThat(ledger.forRole("generator").costUsd()).isPresent();
    assertThat(ledger.forRole("reflector").costUsd()).isEmpty();
    assertThat(ledger.total().costUsd()).isEmpty();
    assertThat(ledger.total().unpricedModels()).containsExactly("openai:gpt-9-preview");
    assertThat(ledger.total().tokens()).isEqualTo(new TokenUsage(2_000, 2_000));
  }

  @Test
  void aReplayIsPricedByTheRecordedModelIdAndCostsNothing() {
    Metered model = Metered.wrap(ScriptedModel.replying("ok"), ModelSpec.parse("replay:run.jsonl"), ledger);

    model.chat(asking("generator", "hi"));

    assertThat(ledger.total().costUsd().orElseThrow()).isZero();
  }

  @Test
  void aRequestWithoutARoleIsCountedAsUnlabelled() {
    Metered.wrap(ScriptedModel.replying("ok"), ModelSpec.parse("ollama:qwen"), ledger).chat(ModelRequest.of("hi"));

    assertThat(ledger.byRole()).containsOnlyKeys(UsageLedger.NO_ROLE);
  }

  @Test
  void aFailedCallRecordsNothing() {
    Metered model = Metered.wrap(ScriptedModel.replying(), ModelSpec.parse("openai:gpt-4o-mini"), ledger);

    try {
      model.chat(asking("generator", "hi"));
    } catch (IllegalStateException expected) {
      // the script ran out: no reply, no usage
    }

    assertThat(ledger.total()).isEqualTo(Totals.NONE);
  }

  @Test
  void totalsAreExactWhenManyThreadsRecordAtOnce() throws Exception {
    int threads = 16;
    int callsEach = 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String role = t % 2 == 0 ? "generator" : "reflector";
        done.add(pool.submit(() -> {
          for (int i = 0; i < callsEach; i++) {
            ledger.record(role, Provider.OPENAI, "gpt-4o-mini", new TokenUsage(3, 7));
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }

    long calls = (long) threads * callsEach;
    assertThat(ledger.total().calls()).isEqualTo(calls);
    assertThat(ledger.total().tokens()).isEqualTo(new TokenUsage(3 * calls, 7 * calls));
    assertThat(ledger.forRole("generator").calls()).isEqualTo(calls / 2);
    assertThat(ledger.total().costUsd().orElseThrow())
        .isEqualByComparingTo(new BigDecimal("0.15").multiply(BigDecimal.valueOf(3 * calls))
            .add(new BigDecimal("0.60").multiply(BigDecimal.valueOf(7 * calls))).divide(BigDecimal.valueOf(1_000_000)));
  }
}
