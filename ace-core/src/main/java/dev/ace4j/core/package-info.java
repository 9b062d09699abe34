/**
 * The ACE engine: the playbook and its delta operations, versioned stores and formats, dedup and the token
 * budget, the Generator, Reflector and Curator roles, and the adaptation loop ({@link dev.ace4j.core.AceLoop}).
 * Knows nothing of code execution or of any model vendor.
 */
@NullMarked
package dev.ace4j.core;

import org.jspecify.annotations.NullMarked;
