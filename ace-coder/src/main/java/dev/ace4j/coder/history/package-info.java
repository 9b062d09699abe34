/**
 * The learning history in SQLite ({@code ACE4J_HOME/ace.db}): runs, attempts and task results as they
 * happen, the summary figures computed from them, and the original system's three JSON exports.
 */
@NullMarked
package dev.ace4j.coder.history;

import org.jspecify.annotations.NullMarked;
