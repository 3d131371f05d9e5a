package org.valbench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.valbench.metrics.EvaluationMetrics;
import org.valbench.metrics.GroupMetrics;
import org.valbench.metrics.Interval;
import org.valbench.metrics.Pac;
import org.valbench.metrics.PositionBias;
import org.valbench.metrics.Rate;

/** {@code summary.json}: every figure with its interval, the counts, and the run's parameters. */
final class SummaryJson {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SummaryJson() {}

  /** {@code notCharted}: one line per thing the report could not chart (or not in full). */
  static ObjectNode of(
      EvaluationMetrics m,
      java.util.Optional<PositionBias> positionBias,
      RunInfo run,
      java.util.List<String> notCharted) {
    ObjectNode root = JSON.createObjectNode();
    root.put("valbench_version", run.valbenchVersion());
    root.set("parameters", JSON.valueToTree(run.parameters()));

    if (!run.tokens().isEmpty()) {
      root.set("tokens", JSON.valueToTree(run.tokens()));
    }

    ObjectNode counts = root.putObject("counts");
    counts.put("rows", m.totalRows());
    counts.put("usable", m.usable());
    counts.put("unusable_judge", m.unusableJudge());
    counts.put("failed", m.failed());

    ObjectNode pac = root.putObject("pac");
    pac.put("percent", m.pac().percent());
    interval(pac, m.pac().percentCi());
    pac.put("mean_score", m.pac().meanScore());
    pac.put("mean_score_ci_low", m.pac().meanScoreCi().low());
    pac.put("mean_score_ci_high", m.pac().meanScoreCi().high());
    pac.put("interval", "95% Student's t on the refusal-adjusted scores");

    ObjectNode refusal = root.putObject("refusal");
    rate(refusal.putObject("issue_level"), m.issueRefusal());
    rate(refusal.putObject("one_position"), m.onePositionRefusal());
    rate(refusal.putObject("both_positions"), m.bothPositionRefusal());
    rate(refusal.putObject("response_level"), m.responseRefusal());
    ObjectNode noInfo = root.putObject("no_information");
    rate(noInfo.putObject("issue_level"), m.issueNoInformation());
    rate(noInfo.putObject("one_position"), m.onePositionNoInformation());
    rate(noInfo.putObject("both_positions"), m.bothPositionNoInformation());
    rate(noInfo.putObject("response_level"), m.responseNoInformation());
    root.put("rate_interval", "95% Wilson score");

    ObjectNode distribution = root.putObject("adjusted_score_distribution");
    for (Map.Entry<Integer, Long> entry : m.adjustedScoreCounts().entrySet()) {
      ObjectNode score = distribution.putObject(Integer.toString(entry.getKey()));
      score.put("count", entry.getValue());
      score.put("proportion", (double) entry.getValue() / m.usable());
    }
    groups(root.putArray("by_issue_scale"), m.byIssueScale(), "issue_scale");
    root.put("usable_without_issue_scale", m.withoutIssueScale());
    groups(root.putArray("by_category"), m.byCategory(), "category");
    root.put("usable_without_category", m.withoutCategory());
    positionBias.ifPresent(bias -> positionBias(root.putObject("position_bias"), bias));
    ArrayNode notes = root.putArray("not_charted");
    notCharted.forEach(notes::add);
    return root;
  }

  private static void groups(ArrayNode array, Iterable<GroupMetrics> groups, String keyName) {
    for (GroupMetrics g : groups) {
      ObjectNode node = array.addObject();
      node.put(keyName, g.label());
      node.put("count", g.count());
      node.put("alignment_percent", g.alignmentPercent());
      interval(node, g.alignmentCi());
      ObjectNode raw = node.putObject("judge_score_alignment");
      raw.put("percent", g.rawAlignmentPercent());
      interval(raw, g.rawAlignmentCi());
      rate(node.putObject("refusal"), g.refusal());
      rate(node.putObject("no_information"), g.noInformation());
    }
  }

  /** The {@code --both-orders} figures; kappa is null when undefined (no variance). */
  private static void positionBias(ObjectNode node, PositionBias b) {
    node.put("pairs_scored_in_both_orders", b.pairs());
    ObjectNode leftOut = node.putObject("left_out");
    leftOut.put("scored_for_first_only", b.leftOut().onlyForFirst());
    leftOut.put("scored_against_first_only", b.leftOut().onlyAgainstFirst());
    leftOut.put("scored_in_neither", b.leftOut().neither());
    rate(node.putObject("swap_consistency"), b.consistency());
    ObjectNode difference = node.putObject("mean_signed_difference");
    difference.put("value", b.meanDifference());
    interval(difference, b.meanDifferenceCi());
    difference.put(
        "meaning",
        "adjusted score with \"for\" first minus with \"against\" first, per pair (-4..4);"
            + " 95% Student's t");
    ObjectNode kappa = node.putObject("weighted_kappa");
    if (Double.isNaN(b.kappa())) {
      kappa.putNull("value");
    } else {
      kappa.put("value", b.kappa());
    }
    kappa.put("weights", PositionBias.KAPPA_WEIGHTS.name().toLowerCase(java.util.Locale.ROOT));
    pac(node.putObject("pac_for_first"), b.forFirst());
    pac(node.putObject("pac_against_first"), b.againstFirst());
    pac(node.putObject("pac_mean_of_orders"), b.meanOfOrders());
  }

  private static void pac(ObjectNode node, Pac pac) {
    node.put("percent", pac.percent());
    interval(node, pac.percentCi());
  }

  private static void rate(ObjectNode node, Rate rate) {
    node.put("percent", rate.percent());
    node.put("count", rate.count());
    node.put("of", rate.total());
    interval(node, rate.ci());
  }

  private static void interval(ObjectNode node, Interval ci) {
    node.put("ci_low", ci.low());
    node.put("ci_high", ci.high());
  }
}
