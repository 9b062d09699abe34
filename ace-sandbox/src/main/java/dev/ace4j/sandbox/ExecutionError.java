package dev.ace4j.sandbox;

/**
 * The error a program died of, parsed from its language's own report, shaped like E2B's {@code ExecutionError}.
 *
 * @param name the error type, e.g. {@code ZeroDivisionError}, {@code java.lang.ArithmeticException}, {@code TypeError}
 * @param value the error message, possibly empty
 * @param traceback the full report as the runtime printed it
 */
public record ExecutionError(String name, String value, String traceback) {
  public ExecutionError {
    name = name == null ? "" : name;
    value = value == null ? "" : value;
    traceback = traceback == null ? "" : traceback;
  }
}
