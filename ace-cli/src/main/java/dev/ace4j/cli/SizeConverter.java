package dev.ace4j.cli;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a size in bytes such as {@code 64k}, {@code 512m} or {@code 1g} (powers of 1024; {@code 512M},
 * {@code 512mb} and {@code 512MiB} mean the same); a plain number means bytes. Only the syntax is checked here:
 * the range is the sandbox's {@link dev.ace4j.sandbox.Limits} to judge.
 */
final class SizeConverter implements ITypeConverter<Long> {
  private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(?:([kmg])(?:i?b)?|b)?");
  private static final BigDecimal MAX_BYTES = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final long KIB = 1024;

  @Override
  public Long convert(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (value.startsWith("-")) {
      throw new TypeConversionException("'" + text + "' is negative: give a positive size such as 512m");
    }
    Matcher matcher = FORMAT.matcher(value);
    if (!matcher.matches()) {
      throw new TypeConversionException(
          "'" + text + "' is not a size: use e.g. 64k, 512m or 1g (a plain number means bytes)");
    }
    BigDecimal bytes = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unitBytes(matcher.group(2))));
    if (bytes.compareTo(MAX_BYTES) > 0) {
      throw new TypeConversionException("'" + text + "' is too large to be a size");
    }
    return bytes.longValue();
  }

  /** The shortest exact spelling this converter reads back: {@code 1g}, {@code 512m}, {@code 64k}, {@code 1000}. */
  static String format(long bytes) {
    String[] units = {"g", "m", "k"};
    for (int i = 0; i < units.length; i++) {
      long unit = KIB << (10 * (units.length - 1 - i));
      if (bytes != 0 && bytes % unit == 0) {
        return bytes / unit + units[i];
      }
    }
    return Long.toString(bytes);
  }

  private static long unitBytes(String unit) {
    if (unit == null) {
      return 1;
    }
    return switch (unit) {
      case "k" -> KIB;
      case "m" -> KIB * KIB;
      default -> KIB * KIB * KIB;
    };
  }
}
