package dev.ace4j.sandbox.internal.sealed;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails every test that ends after the code under test has gone or broken the protocol, so that a test that
 * expects "some exception" cannot pass on the code's exit. JUnit finds it through the service file that
 * {@code AceSealed prepare} writes, with extension autodetection on.
 */
public final class AceSealedGuard implements AfterEachCallback {
  @Override
  public void afterEach(ExtensionContext context) {
    Throwable broken = AceSealed.broken();
    if (broken != null) {
      throw new AssertionError(broken.getMessage(), broken);
    }
  }
}
