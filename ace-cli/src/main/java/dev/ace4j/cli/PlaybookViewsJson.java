package dev.ace4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.core.Bullet;
import dev.ace4j.core.Playbook;
import dev.ace4j.core.PlaybookDiff;
import dev.ace4j.core.PlaybookStore;
import java.util.List;
import java.util.Map;

/**
 * What {@code ace playbook} prints with {@code --json}: one JSON object per command. A class of its own so that
 * building the commands for {@code --help} does not load Jackson.
 */
final class PlaybookViewsJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private PlaybookViewsJson() {}

  /** {@code {"file", "version", "sections": [{"name", "bullets": [...]}]}}. */
  static String show(Playbook playbook, String file, Map<String, List<Bullet>> sections) {
    ObjectNode root = JSON.objectNode().put("file", file).put("version", playbook.version());
    ArrayNode array = root.putArray("sections");
    sections.forEach((name, bullets) -> {
      ArrayNode items = array.addObject().put("name", name).putArray("bullets");
      bullets.forEach(b -> items.add(bullet(b)));
    });
    return root.toString();
  }

  /** {@code {"from", "to", "added": [...], "removed": [...], "changed": [{"before", "after"}]}}. */
  static String diff(PlaybookDiff diff, String from, String to) {
    ObjectNode root = JSON.objectNode().put("from", from).put("to", to);
    diff.added().forEach(b -> root.withArray("added").add(bullet(b)));
    diff.removed().forEach(b -> root.withArray("removed").add(bullet(b)));
    diff.changed().forEach(c -> root.withArray("changed").addObject().<ObjectNode>set("before", bullet(c.before()))
        .set("after", bullet(c.after())));
    List.of("added", "removed", "changed").forEach(root::withArray);
    return root.toString();
  }

  /** {@code {"file", "versions": [{"version", "applied_at", "reasoning", "operations": {"ADD": n}}]}}. */
  static String history(List<PlaybookStore.Version> versions, String file) {
    ObjectNode root = JSON.objectNode().put("file", file);
    ArrayNode array = root.putArray("versions");
    for (PlaybookStore.Version version : versions) {
      ObjectNode node = array.addObject().put("version", version.version())
          .put("applied_at", version.appliedAt().toString()).put("reasoning", version.batch().reasoning());
      ObjectNode operations = node.putObject("operations");
      PlaybookViews.operationCounts(version.batch()).forEach(operations::put);
    }
    return root.toString();
  }

  /** {@code {"query", "hits": [{"score", ...bullet}]}}. */
  static String search(String query, List<BulletSearch.Hit> hits) {
    ObjectNode root = JSON.objectNode().put("query", query);
    ArrayNode array = root.putArray("hits");
    hits.forEach(hit -> array.add(bullet(hit.bullet()).put("score", hit.score())));
    return root.toString();
  }

  /** {@code {"file", "version", "added", "renumbered", "skipped"}}. */
  static String imported(String file, long version, PlaybookImport plan) {
    return JSON.objectNode().put("file", file).put("version", version).put("added", plan.added())
        .put("renumbered", plan.renumbered()).put("skipped", plan.skipped()).toString();
  }

  private static ObjectNode bullet(Bullet bullet) {
    return JSON.objectNode().put("id", bullet.id()).put("section", bullet.section())
        .put("content", bullet.content()).put("helpful", bullet.helpful()).put("harmful", bullet.harmful())
        .put("neutral", bullet.neutral());
  }
}
