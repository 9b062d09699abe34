package dev.ace4j.cli;

/**
 * Input the command cannot use: a file that cannot be read, or a value that makes no sense. The message is one line
 * that names the input; {@link Main} prints it and exits {@link ExitCodes#BAD_INPUT}.
 */
final class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadInputException(String message) {
    super(message);
  }
}
