package dev.ace4j.core;

/**
 * A role's model reply that could not be used even after one re-ask quoting the problem: not JSON, or JSON that
 * breaks the role's contract. Nothing from it was applied; a Curator's batch is skipped whole.
 */
public class ModelReplyException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String role;
  private final String reply;

  public ModelReplyException(String role, String problem, String reply) {
    super(role + " reply unusable after one re-ask: " + problem + " (reply began: " + excerpt(reply)
        + "); check the model and the " + role + " prompt, or use a model with JSON output");
    this.role = role;
    this.reply = reply == null ? "" : reply;
  }

  /** What was wrong with the reply and what to check; never null. */
  @Override
  public String getMessage() {
    return String.valueOf(super.getMessage());
  }

  /** generator, reflector or curator. */
  public String role() {
    return role;
  }

  /** The last reply, in full. */
  public String reply() {
    return reply;
  }

  private static String excerpt(String reply) {
    if (reply == null) {
      return "\"\"";
    }
    String flat = reply.strip().replaceAll("\\s+", " ");
    return "\"" + (flat.length() > 80 ? flat.substring(0, 80) + "…" : flat) + "\"";
  }
}
