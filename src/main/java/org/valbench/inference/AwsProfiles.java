package org.valbench.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.valbench.common.Env;
import org.valbench.common.UserError;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * The AWS shared config and credentials files as the SDK's default chains read them, but located
 * through valbench's {@link Env} (its environment plus {@code .env}) rather than the process:
 * {@code AWS_CONFIG_FILE} (else {@code $HOME/.aws/config}), {@code AWS_SHARED_CREDENTIALS_FILE}
 * (else {@code $HOME/.aws/credentials}), and the profile {@code AWS_PROFILE} (else {@code
 * default}). Without HOME and without the two variables no file is read.
 */
public final class AwsProfiles {
  static final String DEFAULT_PROFILE = "default";

  private AwsProfiles() {}

  /**
   * Keys from the environment or .env first, since the SDK's own chain cannot see .env; else the
   * SDK's default chain, on the profile files that {@code env} locates.
   */
  public static software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials(
      Env env) {
    Optional<String> id = env.get("AWS_ACCESS_KEY_ID");
    Optional<String> secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (id.isPresent() && secret.isPresent()) {
      software.amazon.awssdk.auth.credentials.AwsCredentials keys =
          env.get("AWS_SESSION_TOKEN")
              .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(
                  t ->
                      software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                          id.get(), secret.get(), t))
              .orElseGet(
                  () ->
                      software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                          id.get(), secret.get()));
      return software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(keys);
    }
    return software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.builder()
        .profileFile(files(env))
        .profileName(profileName(env))
        .build();
  }

  /**
   * The region as the SDK's default region chain finds it, with every location read from {@code
   * env}: {@code AWS_REGION}, then {@code AWS_DEFAULT_REGION}, then the {@code region} of the
   * selected profile, else {@code fallback}.
   */
  public static String region(Env env, String fallback) {
    return env.firstOf("AWS_REGION", "AWS_DEFAULT_REGION")
        .map(String::strip)
        .or(() -> region(env))
        .orElse(fallback);
  }

  /** The profile files that exist, merged (the credentials file wins on a shared property). */
  static ProfileFile files(Env env) {
    ProfileFile.Aggregator files = ProfileFile.aggregator();
    location(env, "AWS_CONFIG_FILE", "config")
        .filter(Files::isRegularFile)
        .ifPresent(p -> files.addFile(parse(p, ProfileFile.Type.CONFIGURATION)));
    location(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials")
        .filter(Files::isRegularFile)
        .ifPresent(p -> files.addFile(parse(p, ProfileFile.Type.CREDENTIALS)));
    return files.build();
  }

  /** {@code AWS_PROFILE}, else {@code default}. */
  static String profileName(Env env) {
    return env.get("AWS_PROFILE").map(String::strip).orElse(DEFAULT_PROFILE);
  }

  /** The {@code region} of the selected profile, if the files give one. */
  static Optional<String> region(Env env) {
    return files(env)
        .profile(profileName(env))
        .flatMap((Profile p) -> p.property("region"))
        .map(String::strip)
        .filter(r -> !r.isEmpty());
  }

  private static Optional<Path> location(Env env, String variable, String defaultName) {
    Optional<String> home = env.get("HOME");
    Optional<Path> named =
        env.get(variable)
            .map(
                v ->
                    v.startsWith("~/") && home.isPresent()
                        ? Path.of(home.get(), v.substring(2))
                        : Path.of(v));
    return named.or(() -> home.map(h -> Path.of(h, ".aws", defaultName)));
  }

  private static ProfileFile parse(Path file, ProfileFile.Type type) {
    try {
      return ProfileFile.builder().content(file).type(type).build();
    } catch (RuntimeException e) {
      throw UserError.badInput(
          "AWS profile file " + file + ": cannot read it (" + oneLine(e.getMessage()) + ")", e);
    }
  }

  private static String oneLine(String message) {
    return message == null ? "unreadable" : message.replaceAll("\\s+", " ").strip();
  }
}
