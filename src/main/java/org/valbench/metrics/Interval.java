package org.valbench.metrics;

/** A two-sided 95% confidence interval, in the unit of the figure it belongs to. */
public record Interval(double low, double high) {
  public Interval {
    if (Double.isNaN(low) || Double.isNaN(high) || low > high) {
      throw new IllegalArgumentException("bad interval [" + low + ", " + high + "]");
    }
  }
}
