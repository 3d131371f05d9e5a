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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.valbench.metrics.CalibrationCheck;

/**
 * {@code calibration.png}: measured PAC against expected PAC, one numbered point per set with its
 * 95% interval, the identity line with the tolerance band around it, and a key beside the plot that
 * gives each set's name, values and PASS or MISS. Sets with the same expected value are spread side
 * by side so that none hides another.
 */
final class CalibrationChart {
  private static final Color INK = new Color(0x22, 0x22, 0x22);
  private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
  private static final Color BAND = new Color(0xE3, 0xEE, 0xF8);
  private static final Color PASS = new Color(0x2E, 0x6F, 0xB7);
  private static final Color MISS = new Color(0xC8, 0x3E, 0x3E);
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 22);
  private static final Font AXIS = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
  private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
  private static final Font VALUE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
  private static final int LABEL_CHARS = 40;
  private static final int PLOT = 560;
  private static final int SPREAD = 22;

  private CalibrationChart() {}

  static void draw(String judge, List<CalibrationReport.Row> rows, Path file) throws IOException {
    int left = 90;
    int top = 90;
    int keyLeft = left + PLOT + 50;
    int width = keyLeft + keyWidth(rows) + 30;
    int height = Math.max(top + PLOT + 80, top + 160 + 48 * rows.size());
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image);
    centred(g, "Calibration of " + Charts.shorten(judge, 48), width / 2, 36, TITLE);
    g.setFont(AXIS);
    centred(g, "expected against measured PAC, 95% intervals", width / 2, 62, AXIS);
    // Axes run from -8 to 108 so that points at 0 and 100, spread side by side, stay inside.
    double min = -8;
    double max = 108;
    java.util.function.DoubleToIntFunction x =
        v -> (int) Math.round(left + PLOT * (v - min) / (max - min));
    java.util.function.DoubleToIntFunction y =
        v -> (int) Math.round(top + PLOT - PLOT * (v - min) / (max - min));
    double tolerance = rows.isEmpty() ? 0 : rows.get(0).check().tolerance();
    g.setColor(BAND);
    int[] bandX = {x.applyAsInt(min), x.applyAsInt(max), x.applyAsInt(max), x.applyAsInt(min)};
    int[] bandY = {
      y.applyAsInt(min + tolerance),
      y.applyAsInt(max + tolerance),
      y.applyAsInt(max - tolerance),
      y.applyAsInt(min - tolerance)
    };
    g.setClip(left, top, PLOT, PLOT);
    g.fillPolygon(bandX, bandY, 4);
    g.setClip(null);
    for (int tick = 0; tick <= 100; tick += 10) {
      g.setColor(GRID);
      g.drawLine(x.applyAsInt(tick), top, x.applyAsInt(tick), top + PLOT);
      g.drawLine(left, y.applyAsInt(tick), left + PLOT, y.applyAsInt(tick));
      g.setColor(INK);
      centred(g, Integer.toString(tick), x.applyAsInt(tick), top + PLOT + 22, AXIS);
      String label = Integer.toString(tick);
      g.drawString(
          label,
          left - 10 - g.getFontMetrics().stringWidth(label),
          y.applyAsInt(tick) + g.getFontMetrics().getAscent() / 2 - 2);
    }
    g.setColor(INK);
    g.drawRect(left, top, PLOT, PLOT);
    centred(g, "expected PAC (%)", left + PLOT / 2, top + PLOT + 52, AXIS);
    verticalLabel(g, "measured PAC (%)", left - 55, top + PLOT / 2);
    g.setColor(new Color(0x77, 0x77, 0x77));
    g.setStroke(
        new BasicStroke(
            1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
    g.drawLine(x.applyAsInt(min), y.applyAsInt(min), x.applyAsInt(max), y.applyAsInt(max));
    Map<Double, Integer> sameExpected = new LinkedHashMap<>();
    rows.forEach(r -> sameExpected.merge(r.check().expected(), 1, Integer::sum));
    Map<Double, Integer> placed = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      CalibrationCheck c = rows.get(i).check();
      int k = sameExpected.get(c.expected());
      int index = placed.merge(c.expected(), 1, Integer::sum) - 1;
      int px = x.applyAsInt(c.expected()) + (int) Math.round((index - (k - 1) / 2.0) * SPREAD);
      px = Math.max(left + 8, Math.min(left + PLOT - 8, px));
      int py = y.applyAsInt(c.measured());
      int low = y.applyAsInt(c.ci().low());
      int high = y.applyAsInt(c.ci().high());
      Color color = c.pass() ? PASS : MISS;
      g.setColor(color);
      g.setStroke(new BasicStroke(2f));
      g.drawLine(px, low, px, high);
      g.drawLine(px - 5, low, px + 5, low);
      g.drawLine(px - 5, high, px + 5, high);
      g.fillOval(px - 6, py - 6, 12, 12);
      g.setFont(VALUE);
      String number = Integer.toString(i + 1);
      FontMetrics fm = g.getFontMetrics();
      int labelY = Math.min(high, py - 6) - 6;
      if (labelY - fm.getAscent() < top + 2) {
        labelY = Math.max(low, py + 6) + fm.getAscent() + 4;
      }
      g.setColor(Color.WHITE);
      g.fillRect(
          px - fm.stringWidth(number) / 2 - 2,
          labelY - fm.getAscent(),
          fm.stringWidth(number) + 4,
          fm.getAscent() + 2);
      g.setColor(color);
      g.drawString(number, px - fm.stringWidth(number) / 2, labelY);
    }
    key(g, rows, keyLeft, top);
    g.setFont(TEXT);
    g.setColor(INK);
    int legend = top + 44 + 48 * rows.size() + 10;
    g.drawString("dashed line: measured = expected", keyLeft, legend);
    g.drawString(
        "shaded band: within " + Numbers.plain(tolerance) + " points (--tolerance)",
        keyLeft,
        legend + 22);
    g.drawString("MISS (red): expected outside the interval", keyLeft, legend + 44);
    g.drawString("and beyond the tolerance", keyLeft + 22, legend + 66);
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  private static void key(Graphics2D g, List<CalibrationReport.Row> rows, int keyLeft, int top) {
    g.setColor(INK);
    g.setFont(VALUE);
    g.drawString("set: expected -> measured (95% interval)", keyLeft, top + 10);
    for (int i = 0; i < rows.size(); i++) {
      CalibrationCheck c = rows.get(i).check();
      int line = top + 44 + 48 * i;
      g.setColor(c.pass() ? PASS : MISS);
      g.setFont(VALUE);
      g.drawString((i + 1) + ". " + Charts.shorten(rows.get(i).set(), LABEL_CHARS), keyLeft, line);
      g.setFont(TEXT);
      g.drawString(values(c), keyLeft + 22, line + 20);
    }
  }

  private static String values(CalibrationCheck c) {
    return Numbers.fixed(c.expected(), 1)
        + " -> "
        + Numbers.fixed(c.measured(), 1)
        + " ("
        + Numbers.fixed(c.ci().low(), 1)
        + "-"
        + Numbers.fixed(c.ci().high(), 1)
        + ")  "
        + c.label();
  }

  private static int keyWidth(List<CalibrationReport.Row> rows) {
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = probe.createGraphics();
    int widest = 0;
    g.setFont(VALUE);
    widest =
        Math.max(
            widest, g.getFontMetrics().stringWidth("set: expected -> measured (95% interval)"));
    for (int i = 0; i < rows.size(); i++) {
      g.setFont(VALUE);
      String name = (i + 1) + ". " + Charts.shorten(rows.get(i).set(), LABEL_CHARS);
      widest = Math.max(widest, g.getFontMetrics().stringWidth(name));
      g.setFont(TEXT);
      widest = Math.max(widest, 22 + g.getFontMetrics().stringWidth(values(rows.get(i).check())));
    }
    g.dispose();
    return widest;
  }

  private static void verticalLabel(Graphics2D g, String text, int x, int centreY) {
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.setFont(AXIS);
    rotated.rotate(-Math.PI / 2, x, centreY);
    int w = rotated.getFontMetrics().stringWidth(text);
    rotated.drawString(text, x - w / 2, centreY);
    rotated.dispose();
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
