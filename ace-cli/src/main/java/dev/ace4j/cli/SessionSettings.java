package dev.ace4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What {@code --resume} reuses of a session beyond what the history holds: the {@code --base-url} it ran with, in
 * {@code ACE4J_HOME/sessions/ID.base-url}. Never a key: a URL that carries credentials (user info or a query) is not
 * kept, and then a resume needs {@code --base-url} again.
 */
final class SessionSettings {
  private SessionSettings() {}

  /** Keeps {@code url} for session {@code sessionId} when it carries no credentials; replaces the file whole. */
  static void rememberBaseUrl(AceHome home, String sessionId, String url) {
    if (carriesCredentials(url)) {
      return;
    }
    Path file = file(home, sessionId);
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), ".base-url-", ".tmp");
      Files.writeString(temp, url + "\n", StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remember the base URL of session " + sessionId + " in " + file, e);
    }
  }

  /** The base URL session {@code sessionId} ran with, if it ran with one. */
  static Optional<String> baseUrl(AceHome home, String sessionId) {
    Path file = file(home, sessionId);
    try {
      return Files.isRegularFile(file)
          ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()).filter(url -> !url.isEmpty())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // as if none was kept: the resume then asks for --base-url like a new session would
    }
  }

  private static boolean carriesCredentials(String url) {
    try {
      URI uri = new URI(url);
      return uri.getRawUserInfo() != null || uri.getRawQuery() != null;
    } catch (URISyntaxException e) {
      return true; // cannot tell, so do not keep it
    }
  }

  private static Path file(AceHome home, String sessionId) {
    return home.sessions().resolve(sessionId + ".base-url");
  }
}
