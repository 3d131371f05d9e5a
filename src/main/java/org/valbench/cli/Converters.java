package org.valbench.cli;

import java.util.Optional;
import org.valbench.common.Urls;
import org.valbench.inference.OpenAiApi;
import org.valbench.inference.ProviderKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Flag value converters whose errors name the accepted values. */
final class Converters {
  private Converters() {}

  static final class Provider implements ITypeConverter<ProviderKind> {
    @Override
    public ProviderKind convert(String value) {
      return ProviderKind.parse(value)
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "'"
                          + value
                          + "' is not a provider; expected one of "
                          + ProviderKind.names()));
    }
  }

  static final class Api implements ITypeConverter<OpenAiApi> {
    @Override
    public OpenAiApi convert(String value) {
      return OpenAiApi.parse(value)
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "'" + value + "' is not an OpenAI API; expected responses or chat"));
    }
  }

  /** An endpoint URL: http or https with a host (see {@link Urls#problem}). */
  static final class HttpUrl implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      Optional<String> problem = Urls.problem(value);
      if (problem.isPresent()) {
        throw new TypeConversionException(Urls.quoted(value) + " " + problem.get());
      }
      return value;
    }
  }

  /** A whole number of at least 1. */
  static final class PositiveInt implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int n = parseInt(value, "a whole number of at least 1");
      if (n < 1) {
        throw new TypeConversionException("'" + value + "' must be a whole number of at least 1");
      }
      return n;
    }
  }

  /** A number of pairs, or -1 for all of them. */
  static final class Limit implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      long n;
      try {
        n = Long.parseLong(value.strip());
      } catch (NumberFormatException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a whole number; give a number of pairs, or -1 for all");
      }
      if (n < 1 && n != -1) {
        throw new TypeConversionException(
            "'" + value + "' is not a valid limit; give a number of pairs >= 1, or -1 for all");
      }
      return n;
    }
  }

  /** Sampling temperature, 0 to 2. */
  static final class Temperature implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      return inRange(value, 0, 2, "a number from 0 to 2");
    }
  }

  /** Nucleus sampling mass, above 0 and at most 1. */
  static final class TopP implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double p = inRange(value, 0, 1, "a number above 0 and at most 1");
      if (p == 0) {
        throw new TypeConversionException("'" + value + "' must be a number above 0 and at most 1");
      }
      return p;
    }
  }

  private static int parseInt(String value, String expected) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not " + expected);
    }
  }

  private static double inRange(String value, double min, double max, String expected) {
    double d;
    try {
      d = Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not " + expected);
    }
    if (!(d >= min && d <= max)) {
      throw new TypeConversionException("'" + value + "' must be " + expected);
    }
    return d;
  }
}
