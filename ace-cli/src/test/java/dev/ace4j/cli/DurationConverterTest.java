package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  @ParameterizedTest(name = "{0} is {1} ms")
  @CsvSource({"500ms, 500", "10s, 10000", "2m, 120000", "1h, 3600000", "10, 10000", "1.5s, 1500", "0.25, 250",
      "' 3S ', 3000", "0, 0"})
  void readsEachUnitAndTakesPlainNumbersAsSeconds(String text, long millis) {
    assertThat(converter.convert(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "10 seconds", "1d", "s", "1..5s", "99999999999999999999h"})
  void refusesWhatIsNotADuration(String text) {
    assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void refusesANegativeDurationSayingSo() {
    assertThatThrownBy(() -> converter.convert("-5s")).hasMessageContaining("negative");
  }

  @ParameterizedTest
  @ValueSource(strings = {"500ms", "10s", "2m", "90s", "1500ms"})
  void formatsADurationTheWayItReadsIt(String text) {
    assertThat(DurationConverter.format(converter.convert(text))).isEqualTo(text);
  }
}
