/**
 * The {@code ace} command line (picocli): the command tree, option parsing and checks, progress and
 * output, exit codes, and the OpenTelemetry SDK of one run. An application, not a library: nothing here is
 * API.
 */
@NullMarked
package dev.ace4j.cli;

import org.jspecify.annotations.NullMarked;
