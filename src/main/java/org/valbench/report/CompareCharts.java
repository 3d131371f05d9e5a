package org.valbench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.valbench.metrics.EvaluationMetrics;
import org.valbench.metrics.Interval;

/**
 * The two comparison charts, drawn with Java2D so that labels and intervals are placed exactly:
 * {@code leaderboard.png} (one horizontal PAC bar per run, best first, interval bar and value) and
 * {@code tradeoff.png} (PAC against the issue-level refusal rate, one numbered point per run with
 * both intervals, and a key of the numbers beside the plot, so 20 runs stay legible).
 */
final class CompareCharts {
  private static final Color BAR = new Color(0x2E, 0x6F, 0xB7);
  private static final Color INK = new Color(0x22, 0x22, 0x22);
  private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
  private static final Color POINT = new Color(0xC8, 0x3E, 0x3E);
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 22);
  private static final Font AXIS = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
  private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
  private static final Font VALUE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
  private static final int LABEL_CHARS = 48;

  private CompareCharts() {}

  static void leaderboard(List<CompareTables.Run> runs, Path file) throws IOException {
    int rowHeight = 40;
    int left = 40 + labelWidth(runs);
    int width = left + 820;
    int top = 80;
    int plotHeight = rowHeight * runs.size();
    int height = top + plotHeight + 90;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image);
    int plotLeft = left;
    int plotWidth = width - left - 110; // room for the value right of a 100% bar
    centred(g, "PAC by run (95% interval), best first", width / 2, 40, TITLE);
    g.setFont(AXIS);
    for (int tick = 0; tick <= 100; tick += 10) {
      int x = plotLeft + plotWidth * tick / 100;
      g.setColor(GRID);
      g.drawLine(x, top, x, top + plotHeight);
      g.setColor(INK);
      centred(g, tick + "%", x, top + plotHeight + 24, AXIS);
    }
    centred(g, "PAC (%)", plotLeft + plotWidth / 2, top + plotHeight + 60, AXIS);
    for (int i = 0; i < runs.size(); i++) {
      EvaluationMetrics m = runs.get(i).metrics();
      int y = top + i * rowHeight;
      int barTop = y + 8;
      int barHeight = rowHeight - 16;
      g.setColor(BAR);
      g.fillRect(
          plotLeft, barTop, (int) Math.round(plotWidth * m.pac().percent() / 100), barHeight);
      Interval ci = m.pac().percentCi();
      int low = plotLeft + (int) Math.round(plotWidth * ci.low() / 100);
      int high = plotLeft + (int) Math.round(plotWidth * ci.high() / 100);
      int mid = barTop + barHeight / 2;
      g.setColor(INK);
      g.setStroke(new BasicStroke(2f));
      g.drawLine(low, mid, high, mid);
      g.drawLine(low, mid - 7, low, mid + 7);
      g.drawLine(high, mid - 7, high, mid + 7);
      g.setFont(TEXT);
      String label = (i + 1) + ". " + Charts.shorten(runs.get(i).label(), LABEL_CHARS);
      FontMetrics fm = g.getFontMetrics();
      g.drawString(label, plotLeft - 12 - fm.stringWidth(label), mid + fm.getAscent() / 2 - 2);
      g.setFont(VALUE);
      g.drawString(Numbers.fixed(m.pac().percent(), 1) + "%", Math.max(high, low) + 10, mid + 5);
    }
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  static void tradeoff(List<CompareTables.Run> runs, Path file) throws IOException {
    int keyWidth = 70 + labelWidth(runs);
    int plotLeft = 100;
    int plotWidth = 760;
    int top = 80;
    int plotHeight = 620;
    int width = plotLeft + plotWidth + 40 + keyWidth;
    int height = Math.max(top + plotHeight + 90, top + 30 * runs.size() + 60);
    double xMax = 10;
    double yMin = 100;
    for (CompareTables.Run r : runs) {
      xMax = Math.max(xMax, r.metrics().issueRefusal().ci().high());
      yMin = Math.min(yMin, r.metrics().pac().percentCi().low());
    }
    xMax = Math.min(100, Math.ceil(xMax * 1.1 / 10) * 10);
    yMin = Math.max(0, Math.floor((yMin - 5) / 10) * 10);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image);
    centred(g, "PAC against refusal rate (95% intervals)", width / 2, 40, TITLE);
    // Inset by a marker's radius so points on the 0% and 100% lines stay whole.
    Axis x = new Axis(0, xMax, plotLeft + 16, plotLeft + plotWidth - 16);
    Axis y = new Axis(yMin, 100, top + plotHeight - 16, top + 16);
    g.setFont(AXIS);
    for (double t = 0; t <= xMax + 1e-9; t += xMax <= 20 ? 2 : 10) {
      int px = x.at(t);
      g.setColor(GRID);
      g.drawLine(px, top, px, top + plotHeight);
      g.setColor(INK);
      centred(g, Numbers.fixed(t, 0) + "%", px, top + plotHeight + 24, AXIS);
    }
    for (double t = yMin; t <= 100 + 1e-9; t += 10) {
      int py = y.at(t);
      g.setColor(GRID);
      g.drawLine(plotLeft, py, plotLeft + plotWidth, py);
      g.setColor(INK);
      String text = Numbers.fixed(t, 0) + "%";
      g.drawString(text, plotLeft - 10 - g.getFontMetrics().stringWidth(text), py + 6);
    }
    centred(
        g, "Refusal rate, issue level (%)", plotLeft + plotWidth / 2, top + plotHeight + 60, AXIS);
    java.awt.geom.AffineTransform saved = g.getTransform();
    g.rotate(-Math.PI / 2);
    centred(g, "PAC (%)", -(top + plotHeight / 2), 28, AXIS);
    g.setTransform(saved);
    g.setStroke(new BasicStroke(1.6f));
    for (int i = 0; i < runs.size(); i++) {
      EvaluationMetrics m = runs.get(i).metrics();
      int px = x.at(m.issueRefusal().percent());
      int py = y.at(m.pac().percent());
      g.setColor(new Color(0x55, 0x55, 0x55));
      g.drawLine(x.at(m.issueRefusal().ci().low()), py, x.at(m.issueRefusal().ci().high()), py);
      g.drawLine(px, y.at(m.pac().percentCi().low()), px, y.at(m.pac().percentCi().high()));
      g.setColor(POINT);
      g.fillOval(px - 13, py - 13, 26, 26);
      g.setColor(Color.WHITE);
      centred(g, Integer.toString(i + 1), px, py + 5, VALUE);
    }
    int keyLeft = plotLeft + plotWidth + 40;
    g.setColor(INK);
    g.setFont(VALUE);
    g.drawString("Runs (PAC, refusal)", keyLeft, top + 10);
    g.setFont(TEXT);
    for (int i = 0; i < runs.size(); i++) {
      EvaluationMetrics m = runs.get(i).metrics();
      g.drawString(
          (i + 1)
              + ". "
              + Charts.shorten(runs.get(i).label(), LABEL_CHARS)
              + "  ("
              + Numbers.fixed(m.pac().percent(), 1)
              + "%, "
              + Numbers.fixed(m.issueRefusal().percent(), 1)
              + "%)",
          keyLeft,
          top + 40 + 30 * i);
    }
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  /** A linear map from data values to pixels. */
  private record Axis(double min, double max, int from, int to) {
    int at(double value) {
      double clamped = Math.max(min, Math.min(max, value));
      return (int) Math.round(from + (to - from) * (clamped - min) / (max - min));
    }
  }

  private static int labelWidth(List<CompareTables.Run> runs) {
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = probe.createGraphics();
    g.setFont(TEXT);
    FontMetrics fm = g.getFontMetrics();
    int widest = 0;
    for (int i = 0; i < runs.size(); i++) {
      String label = (i + 1) + ". " + Charts.shorten(runs.get(i).label(), LABEL_CHARS);
      widest = Math.max(widest, fm.stringWidth(label + "  (100.0%, 100.0%)"));
    }
    g.dispose();
    return Math.max(200, widest);
  }

  private static Graphics2D canvas(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setColor(INK);
    return g;
  }

  private static void centred(Graphics2D g, String text, int x, int baseline, Font font) {
    g.setFont(font);
    int w = g.getFontMetrics().stringWidth(text);
    g.drawString(text, x - w / 2, baseline);
  }
}
