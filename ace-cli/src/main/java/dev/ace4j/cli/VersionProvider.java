package dev.ace4j.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code ace --version}: ace's version from the jar manifest, and the Java running it. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {
        "ace " + (version == null ? "(development build, not run from ace-cli.jar)" : version),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ") at "
            + System.getProperty("java.home")};
  }
}
