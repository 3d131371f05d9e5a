package org.valbench.inference;

import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.valbench.common.Env;
import org.valbench.common.Urls;
import org.valbench.common.UserError;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.SdkHttpService;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.utils.AttributeMap;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/** The Amazon Bedrock Converse provider on the official AWS SDK for Java v2 (bedrockruntime). */
public final class BedrockClient implements ModelClient {
  static final String PROVIDER = "bedrock";
  static final String DEFAULT_REGION = "us-east-1";

  private final BedrockRuntimeClient client;
  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final String endpoint;
  private final String region;
  private final Redactor redactor;

  public BedrockClient(ProviderConfig config) {
    Env env = config.env();
    this.region = region(env);
    this.endpoint = config.baseUrl().map(BedrockClient::stripSlash).orElse("default");
    this.redactor = config.redactor();
    this.credentials = credentials(env);
    this.http = httpClient(config);
    BedrockRuntimeClientBuilder builder =
        BedrockRuntimeClient.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .httpClient(http)
            .overrideConfiguration(
                o ->
                    // valbench retries itself; two retry layers would multiply
                    o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(config.timeout()));
    config.baseUrl().ifPresent(url -> builder.endpointOverride(endpointUri(url)));
    this.client = builder.build();
  }

  /**
   * The region as the SDK's default region chain finds it, with every location read from {@code
   * env}: {@code AWS_REGION}, then {@code AWS_DEFAULT_REGION} (which the reference's boto3 reads),
   * then the {@code region} of the profile {@code AWS_PROFILE} (else {@code default}) in the AWS
   * config files (see {@link AwsProfiles}), else {@value #DEFAULT_REGION}.
   */
  static String region(Env env) {
    return AwsProfiles.region(env, DEFAULT_REGION);
  }

  /**
   * Keys from the environment or .env first, since the SDK's own chain cannot see .env; else the
   * SDK's default chain, on the profile files that {@code env} locates.
   */
  private static AwsCredentialsProvider credentials(Env env) {
    return AwsProfiles.credentials(env);
  }

  /**
   * The synchronous HTTP client the SDK itself would pick (Apache 5, which bedrockruntime brings at
   * runtime scope), found through the SDK's service interface so that its pool size and timeouts
   * can be set without compiling against it. It speaks plain HTTP/1.1.
   */
  private static SdkHttpClient httpClient(ProviderConfig config) {
    SdkHttpService service =
        ServiceLoader.load(SdkHttpService.class).stream()
            .map(ServiceLoader.Provider::get)
            .min(Comparator.comparing(s -> s.getClass().getName().contains("apache5") ? 0 : 1))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no AWS SDK HTTP client on the class path"
                            + " (software.amazon.awssdk:apache5-client)"));
    Duration t = config.timeout();
    return service
        .createHttpClientBuilder()
        .buildWithDefaults(
            AttributeMap.builder()
                .put(SdkHttpConfigurationOption.MAX_CONNECTIONS, config.maxConnections())
                .put(SdkHttpConfigurationOption.CONNECTION_TIMEOUT, t)
                .put(SdkHttpConfigurationOption.READ_TIMEOUT, t)
                .put(SdkHttpConfigurationOption.WRITE_TIMEOUT, t)
                .put(SdkHttpConfigurationOption.CONNECTION_ACQUIRE_TIMEOUT, t)
                .build());
  }

  private static URI endpointUri(String url) {
    try {
      URI uri = URI.create(url);
      if (uri.getScheme() != null && uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw UserError.badInput(
        "Bedrock endpoint "
            + Urls.quoted(url)
            + " is not a URL such as"
            + " https://bedrock-runtime.us-east-1.amazonaws.com");
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public ModelAnswer send(ModelRequest request) throws Exception {
    ConverseRequest converse = BedrockConverseRequests.build(request);
    try {
      return BedrockAnswers.answer(client.converse(converse), request);
    } catch (SdkException e) {
      throw new ClassifiedFailure(decide(e), ClassifiedFailure.ioCause(e));
    }
  }

  @Override
  public RetryDecision classify(Throwable error) {
    return error instanceof ClassifiedFailure failure ? failure.decision() : decide(error);
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("provider", PROVIDER);
    description.put("endpoint", Urls.withoutCredentials(endpoint));
    description.put("region", region);
    return description;
  }

  @Override
  public void close() {
    client.close();
    http.close(); // the SDK does not close an HTTP client it was given
    if (credentials instanceof SdkAutoCloseable closeable) {
      closeable.close();
    }
  }

  @Override
  public String toString() {
    return "BedrockClient[" + Urls.withoutCredentials(endpoint) + ", " + region + "]";
  }

  // ---- classification

  private RetryDecision decide(Throwable error) {
    RetryDecision decision = BedrockFailures.decide(error);
    return decision.withMessage(redactor.redact(decision.message()));
  }
}
