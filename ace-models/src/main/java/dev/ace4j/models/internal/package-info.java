/**
 * ace-models' implementation: the HTTP transport, the mapping of provider failures, redaction of keys,
 * GenAI telemetry and the cache's database.
 *
 * <p><b>Internal:</b> not part of the public API; it may change in any release without notice. Do not
 * depend on it from outside its module.
 */
@NullMarked
package dev.ace4j.models.internal;

import org.jspecify.annotations.NullMarked;
