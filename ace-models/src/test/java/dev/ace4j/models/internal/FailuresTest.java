package dev.ace4j.models.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.models.ModelException;
import dev.ace4j.models.ModelRefusedException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** How what the JDK's HTTP client throws becomes one failure naming the endpoint and the cause in words. */
class FailuresTest {
  private static final String KEY = "sk-failures-0123456789";
  private final Failures failures = new Failures("OpenAI-compatible server", "m", "http://10.0.0.7:8000/v1", "", KEY);

  private static RuntimeException fromTransport(Throwable root) {
    ConnectException connect = new ConnectException();
    connect.initCause(root);
    return new RuntimeException(new UncheckedIOException(connect));
  }

  @Test
  void aClosedChannelUnderAConnectExceptionIsARefusedConnectionWorthRetrying() {
    ModelException mapped = failures.map(fromTransport(new ClosedChannelException()));

    assertThat(mapped).isExactlyInstanceOf(ModelException.class)
        .hasMessage("could not reach OpenAI-compatible server at http://10.0.0.7:8000/v1 for m: connection refused; "
            + "check that the server is running and the base URL's port");
    assertThat(mapped.summary()).isEqualTo("connection refused");
  }

  @Test
  void anUnresolvedAddressIsAnUnknownHostNotWorthRetrying() {
    ModelException mapped = failures.map(fromTransport(new UnresolvedAddressException()));

    assertThat(mapped).isInstanceOf(ModelRefusedException.class).hasMessageContaining("http://10.0.0.7:8000/v1")
        .hasMessageContaining("unknown host");
  }

  @Test
  void aTlsFailureIsNamedWithoutTheKeyAndNotRetried() {
    ModelException mapped = failures.map(fromTransport(new SSLHandshakeException("bad certificate for " + KEY)));

    assertThat(mapped).isInstanceOf(ModelRefusedException.class).hasMessageContaining("TLS failure")
        .hasMessageContaining("https").hasMessageNotContaining(KEY);
  }

  @Test
  void aConnectTimeoutIsATimeoutWorthRetrying() {
    ModelException mapped = failures.map(new RuntimeException(new HttpConnectTimeoutException("connect timed out")));

    assertThat(mapped).isExactlyInstanceOf(ModelException.class).hasMessageContaining("did not answer in time");
    assertThat(mapped.summary()).isEqualTo("timeout");
  }

  @Test
  void anInterruptedCallIsNotARefusalThatWouldBeReportedAsBadInput() {
    ModelException mapped = failures.map(new IllegalStateException("interrupted", new InterruptedException()));

    assertThat(mapped).isExactlyInstanceOf(ModelException.class).hasMessageContaining("was interrupted");
  }
}
