package dev.ace4j.sandbox;

/**
 * One finding about this host's ability to run sandboxes, for {@code ace doctor}.
 *
 * @param subject what was checked, e.g. {@code bubblewrap}, {@code python}, {@code cgroups}
 * @param level whether it is usable
 * @param finding what was found, one line
 * @param fix what to do about it; empty when nothing needs doing
 */
public record HostCheck(String subject, Level level, String finding, String fix) {
  public HostCheck {
    fix = fix == null ? "" : fix;
  }

  public static HostCheck ok(String subject, String finding) {
    return new HostCheck(subject, Level.OK, finding, "");
  }

  public static HostCheck warn(String subject, String finding, String fix) {
    return new HostCheck(subject, Level.WARN, finding, fix);
  }

  public static HostCheck fail(String subject, String finding, String fix) {
    return new HostCheck(subject, Level.FAIL, finding, fix);
  }

  /** How serious a finding is. */
  public enum Level {
    /** Works. */
    OK,
    /** Works, with less protection or fewer features than it could have. */
    WARN,
    /** Does not work until fixed. */
    FAIL
  }
}
