package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class SizeConverterTest {
  private final SizeConverter converter = new SizeConverter();

  @ParameterizedTest(name = "{0} is {1} bytes")
  @CsvSource({"64k, 65536", "512m, 536870912", "1g, 1073741824", "512M, 536870912", "512mb, 536870912",
      "512MiB, 536870912", "1.5k, 1536", "100, 100", "100b, 100", "0, 0"})
  void readsPowersOf1024AndTakesPlainNumbersAsBytes(String text, long bytes) {
    assertThat(converter.convert(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "lots", "1t", "m", "5 megabytes", "99999999999999999999g"})
  void refusesWhatIsNotASize(String text) {
    assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void refusesANegativeSizeSayingSo() {
    assertThatThrownBy(() -> converter.convert("-5m")).hasMessageContaining("negative");
  }

  @ParameterizedTest
  @ValueSource(strings = {"64k", "512m", "1g", "1000", "1536m"})
  void formatsASizeTheWayItReadsIt(String text) {
    assertThat(SizeConverter.format(converter.convert(text))).isEqualTo(text);
  }
}
