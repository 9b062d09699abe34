package dev.ace4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Reading the original system's playbook: a JSON array of strategies. */
class StrategiesJsonTest {
  private static final Instant T0 = Instant.parse("2026-12-06T03:00:00Z");

  private static String fixture(String name) {
    try (InputStream in = StrategiesJsonTest.class.getResourceAsStream("strategies/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void readsContextsAsSectionsStrategiesAsContentAndSuccessesAndFailuresAsCounters() {
    Playbook playbook = StrategiesJson.read(fixture("ace_playbook.json"), "ace_playbook.json", T0);

    assertThat(playbook.version()).isEqualTo(1);
    assertThat(playbook.sections()).containsExactly("syntax_error_handling", "fibonacci", "OTHERS");
    assertThat(playbook.bullets()).extracting(b -> b.id() + " " + b.section() + " :: " + b.content() + " +"
        + b.helpful() + " -" + b.harmful()).containsExactly(
            "seh-00001 syntax_error_handling :: validate syntax before execution +0 -0",
            "fibo-00002 fibonacci :: use memoization for better performance +3 -1",
            "misc-00003 OTHERS :: check inputs before using them +2 -0",
            "seh-00004 syntax_error_handling :: close every bracket you open +1 -2");
    assertThat(playbook.nextId()).isEqualTo(5);
    assertThat(playbook.bullets()).allSatisfy(b -> assertThat(b.createdAt()).isEqualTo(T0));
  }

  @Test
  void refusesAnArrayOfThingsThatAreNotStrategiesNamingTheElement() {
    assertThatThrownBy(() -> StrategiesJson.read("[{\"name\": \"x\"}]", "other.json", T0))
        .isInstanceOf(PlaybookFormatException.class)
        .hasMessage("other.json: [0] is not a strategy: expected an object with \"strategy\", \"context\", "
            + "\"successes\" and \"failures\"");
  }

  @Test
  void refusesAnObjectNamingWhatItExpected() {
    assertThatThrownBy(() -> StrategiesJson.read("{\"bullets\": {}}", "kayba.json", T0))
        .isInstanceOf(PlaybookFormatException.class)
        .hasMessageStartingWith("kayba.json: expected a JSON array of strategies");
  }

  @Test
  void refusesANegativeCounter() {
    assertThatThrownBy(() -> StrategiesJson.read("[{\"strategy\": \"s\", \"context\": \"c\", \"successes\": -1}]",
        "neg.json", T0)).isInstanceOf(PlaybookFormatException.class).hasMessageContaining("successes");
  }
}
