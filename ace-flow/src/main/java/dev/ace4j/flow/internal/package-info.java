/**
 * ace-flow's implementation: its OpenTelemetry instruments.
 *
 * <p><b>Internal:</b> not part of the public API; it may change in any release without notice. Do not
 * depend on it from outside its module.
 */
@NullMarked
package dev.ace4j.flow.internal;

import org.jspecify.annotations.NullMarked;
