package dev.ace4j.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration such as {@code 500ms}, {@code 10s}, {@code 2m} or {@code 1h}; a plain number means seconds, and
 * fractions ({@code 1.5s}) are allowed. Only the syntax is checked here: the range is the sandbox's
 * {@link dev.ace4j.sandbox.Limits} to judge.
 */
final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(ms|s|m|h)?");
  private static final BigDecimal MAX_MILLIS = BigDecimal.valueOf(Long.MAX_VALUE);

  @Override
  public Duration convert(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (value.startsWith("-")) {
      throw new TypeConversionException("'" + text + "' is negative: give a positive duration such as 10s");
    }
    Matcher matcher = FORMAT.matcher(value);
    if (!matcher.matches()) {
      throw new TypeConversionException(
          "'" + text + "' is not a duration: use e.g. 500ms, 10s or 2m (a plain number means seconds)");
    }
    BigDecimal millis = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unitMillis(matcher.group(2))));
    if (millis.compareTo(MAX_MILLIS) > 0) {
      throw new TypeConversionException("'" + text + "' is too long to be a duration");
    }
    return Duration.ofMillis(millis.longValue());
  }

  /** The shortest exact spelling this converter reads back: {@code 2m}, {@code 10s}, {@code 500ms}. */
  static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis != 0 && millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  private static long unitMillis(String unit) {
    if (unit == null) {
      return 1000;
    }
    return switch (unit) {
      case "ms" -> 1;
      case "s" -> 1000;
      case "m" -> 60_000;
      default -> 3_600_000;
    };
  }
}
