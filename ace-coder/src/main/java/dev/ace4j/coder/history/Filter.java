package dev.ace4j.coder.history;

import java.util.Optional;

/** Which task rows a query or a summary covers; an empty part matches everything. */
public record Filter(Optional<String> sessionId, Optional<String> kind, Optional<String> model) {
  public Filter {
    sessionId = sessionId == null ? Optional.empty() : sessionId;
    kind = kind == null ? Optional.empty() : kind;
    model = model == null ? Optional.empty() : model;
  }

  /** Every row in the history. */
  public static Filter all() {
    return new Filter(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The rows of one session. */
  public static Filter session(String id) {
    return all().withSession(id);
  }

  public Filter withSession(String id) {
    return new Filter(Optional.of(Checks.notBlank(id, "sessionId")), kind, model);
  }

  public Filter withKind(String value) {
    return new Filter(sessionId, Optional.of(Checks.notBlank(value, "kind")), model);
  }

  public Filter withModel(String value) {
    return new Filter(sessionId, kind, Optional.of(Checks.notBlank(value, "model")));
  }
}
