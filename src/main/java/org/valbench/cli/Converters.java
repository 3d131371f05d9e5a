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

  /** {@code reference} or {@code valbench}, in any case. */
  static final class ProtocolName implements ITypeConverter<org.valbench.protocol.Protocol> {
    @Override
    public org.valbench.protocol.Protocol convert(String value) {
      return org.valbench.protocol.Protocol.ofId(value)
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "'" + value + "' is not a protocol; expected reference or valbench"));
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

  /**
   * A number of pairs; 0 or any negative number means all of them (-1), as in the reference
   * implementation.
   */
  static final class Limit implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      long n;
      try {
        n = Long.parseLong(value.strip());
      } catch (NumberFormatException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a whole number; give a number of pairs, or 0 (or -1) for all");
      }
      return n < 1 ? -1L : n;
    }
  }

  /**
   * The value of a boolean flag given one ({@code --enable-thinking=false}, {@code
   * --reverse_pair_order True}): true/false, 1/0 or yes/no, in any case.
   */
  static final class Bool implements ITypeConverter<Boolean> {
    @Override
    public Boolean convert(String value) {
      return parseBoolean(value)
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "'"
                          + value
                          + "' is not a yes/no value; expected true or false (or 1/0, yes/no)"));
    }
  }

  /** {@code value} as a boolean word (true/false, 1/0, yes/no; any case), if it is one. */
  static Optional<Boolean> parseBoolean(String value) {
    return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes" -> Optional.of(true);
      case "false", "0", "no" -> Optional.of(false);
      default -> Optional.empty();
    };
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

  /** PAC points, 0 to 100. */
  static final class Points implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      return inRange(value, 0, 100, "a number of PAC points from 0 to 100");
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
