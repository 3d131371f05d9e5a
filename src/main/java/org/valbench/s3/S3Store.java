package org.valbench.s3;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.valbench.common.AtomicDirs;
import org.valbench.common.Env;
import org.valbench.common.Urls;
import org.valbench.common.UserError;
import org.valbench.inference.AwsProfiles;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.SdkHttpService;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * The one place that talks to S3 (or an S3-compatible server): datasets under an {@code
 * s3://bucket/prefix} location are copied to a local folder and read from there with the local
 * readers. Credentials and region come from the AWS default chains, read through valbench's {@link
 * Env}; {@code AWS_ENDPOINT_URL_S3}, else {@code AWS_ENDPOINT_URL}, names another server (then
 * bucket names go in the path). SDK failures become one-line {@link UserError}s; no SDK type leaves
 * this class.
 */
public final class S3Store implements AutoCloseable {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** An {@code s3://bucket/prefix} location; the prefix has no leading or trailing {@code /}. */
  public record Location(String bucket, String prefix) {
    public String url() {
      return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    /** Where its local copy goes, relative to the working directory. */
    public String localCopy(String root) {
      return root + "/" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
  }

  private final S3Client client;
  private final String endpoint;

  private S3Store(S3Client client, String endpoint) {
    this.client = client;
    this.endpoint = endpoint;
  }

  /** True when {@code spec} starts with {@code s3://} (any case). */
  public static boolean isS3(String spec) {
    return spec.regionMatches(true, 0, "s3://", 0, 5);
  }

  /**
   * Parses {@code s3://bucket/prefix}. A bucket name that S3 would refuse, or a prefix with an
   * empty, {@code .} or {@code ..} segment, is bad input naming {@code flag}.
   */
  public static Location parse(String flag, String url) {
    String rest = url.strip().substring(5);
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    if (!BUCKET.matcher(bucket).matches()) {
      throw UserError.badInput(
          flag
              + " '"
              + url
              + "': '"
              + bucket
              + "' is not an S3 bucket name (3 to 63 lowercase letters, digits, '.' and '-')");
    }
    if (!prefix.isEmpty()) {
      for (String segment : prefix.split("/", -1)) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
          throw UserError.badInput(
              flag + " '" + url + "': the key prefix may not hold an empty, '.' or '..' segment");
        }
      }
    }
    return new Location(bucket, prefix);
  }

  /** A client configured from {@code env}. */
  public static S3Store open(Env env) {
    Optional<String> endpoint =
        env.firstOf("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL")
            .map(String::strip)
            .filter(s -> !s.isEmpty());
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClient(httpClient())
            .region(Region.of(AwsProfiles.region(env, "us-east-1")))
            .credentialsProvider(AwsProfiles.credentials(env));
    if (endpoint.isPresent()) {
      URI uri = endpointUri(endpoint.get());
      builder
          .endpointOverride(uri)
          .forcePathStyle(true)
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
    }
    return new S3Store(
        builder.build(), endpoint.map(Urls::withoutCredentials).orElse("the AWS S3 endpoint"));
  }

  /**
   * Copies every object under {@code location} (the objects below {@code prefix/}, or the one
   * object named {@code prefix}) into {@code target}, replacing what was there only once the copy
   * is complete. Returns the local path: a folder, or the single file.
   */
  public Path download(Location location, Path target) {
    String url = location.url();
    try {
      List<S3Object> objects = list(location);
      Files.createDirectories(target.getParent());
      Path temp = AtomicDirs.tempSibling(target);
      try {
        if (objects.isEmpty() && !location.prefix().isEmpty() && exists(location)) {
          Files.createDirectories(temp.getParent());
          fetch(location.bucket(), location.prefix(), temp);
          if (Files.exists(target)) {
            AtomicDirs.deleteRecursively(target); // an earlier copy may have been a folder
          }
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
          return target;
        }
        if (objects.isEmpty()) {
          throw UserError.badInput(url + ": no objects under this S3 prefix");
        }
        String base = location.prefix().isEmpty() ? "" : location.prefix() + "/";
        Files.createDirectories(temp);
        for (S3Object object : objects) {
          String relative = object.key().substring(base.length());
          Path file = temp.resolve(relative).normalize();
          if (!file.startsWith(temp) || relative.isEmpty()) {
            throw UserError.badInput(
                url + ": object key '" + object.key() + "' does not fit in a local folder");
          }
          Files.createDirectories(file.getParent());
          fetch(location.bucket(), object.key(), file);
        }
        if (Files.isRegularFile(target)) {
          Files.delete(target);
        }
        AtomicDirs.replace(temp, target);
        return target;
      } finally {
        if (Files.exists(temp)) {
          AtomicDirs.deleteRecursively(temp);
        }
      }
    } catch (SdkException e) {
      throw failure(url, e);
    } catch (IOException e) {
      throw UserError.badInput(
          url + ": cannot store the downloaded files under " + target + " (" + e + ")", e);
    }
  }

  /**
   * Checks before anything runs that {@code location}'s bucket exists and these credentials may use
   * it: a missing bucket is bad input, refused credentials are refused.
   */
  public void checkBucket(Location location) {
    try {
      client.headBucket(HeadBucketRequest.builder().bucket(location.bucket()).build());
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw UserError.badInput(location.url() + ": no such S3 bucket", e);
      }
      throw failure(location.url(), e);
    } catch (SdkException e) {
      throw failure(location.url(), e);
    }
  }

  /**
   * Uploads the files of the complete local folder {@code folder} (hidden files left out) below
   * {@code location}'s prefix; {@code state.json} goes last, so a reader never finds it listing a
   * shard not yet there. Objects under the prefix that an earlier upload left and this one does not
   * hold are deleted afterwards. Returns the number of files uploaded.
   */
  public int upload(Path folder, Location location) {
    String url = location.url();
    String base = location.prefix().isEmpty() ? "" : location.prefix() + "/";
    try {
      List<Path> files;
      try (java.util.stream.Stream<Path> walk = Files.walk(folder)) {
        files =
            walk.filter(Files::isRegularFile)
                .filter(p -> !folder.relativize(p).toString().startsWith("."))
                .sorted(
                    Comparator.comparing(
                            (Path p) -> p.getFileName().toString().equals("state.json"))
                        .thenComparing(Path::toString))
                .toList();
      }
      java.util.Set<String> keys = new java.util.HashSet<>();
      for (Path file : files) {
        String key = base + folder.relativize(file).toString().replace('\\', '/');
        client.putObject(
            PutObjectRequest.builder().bucket(location.bucket()).key(key).build(),
            RequestBody.fromFile(file));
        keys.add(key);
      }
      for (S3Object old : list(location)) {
        if (!keys.contains(old.key())) {
          client.deleteObject(
              DeleteObjectRequest.builder().bucket(location.bucket()).key(old.key()).build());
        }
      }
      return files.size();
    } catch (SdkException e) {
      throw failure(url, e);
    } catch (IOException e) {
      throw UserError.badInput(url + ": cannot read the local copy " + folder + " (" + e + ")", e);
    }
  }

  private List<S3Object> list(Location location) {
    String base = location.prefix().isEmpty() ? "" : location.prefix() + "/";
    List<S3Object> objects = new ArrayList<>();
    ListObjectsV2Request.Builder request =
        ListObjectsV2Request.builder().bucket(location.bucket()).prefix(base);
    while (true) {
      ListObjectsV2Response page = client.listObjectsV2(request.build());
      for (S3Object object : page.contents()) {
        if (!object.key().endsWith("/")) {
          objects.add(object);
        }
      }
      if (!Boolean.TRUE.equals(page.isTruncated())) {
        break;
      }
      request.continuationToken(page.nextContinuationToken());
    }
    objects.sort(Comparator.comparing(S3Object::key));
    return objects;
  }

  private boolean exists(Location location) {
    try {
      client.headObject(
          HeadObjectRequest.builder().bucket(location.bucket()).key(location.prefix()).build());
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private void fetch(String bucket, String key, Path file) throws IOException {
    try (InputStream in =
        client.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build())) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** One line for what S3 answered: no bucket, refused credentials, or unreachable. */
  private UserError failure(String url, SdkException e) {
    if (e instanceof S3Exception s3) {
      String code =
          s3.awsErrorDetails() == null || s3.awsErrorDetails().errorCode() == null
              ? ""
              : s3.awsErrorDetails().errorCode();
      int status = s3.statusCode();
      if (code.equals("NoSuchBucket")) {
        return UserError.badInput(url + ": no such S3 bucket", e);
      }
      if (status == 401
          || status == 403
          || code.equals("AccessDenied")
          || code.equals("InvalidAccessKeyId")
          || code.equals("SignatureDoesNotMatch")) {
        return new S3RefusedException(
            url
                + ": access denied by S3 ("
                + (code.isEmpty() ? "HTTP " + status : code)
                + "); check the AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID) and the"
                + " bucket's permissions",
            e);
      }
      return new S3UnavailableException(
          url + ": S3 answered HTTP " + status + (code.isEmpty() ? "" : " " + code), e);
    }
    String message = e.getMessage() == null ? "" : oneLine(e.getMessage());
    if (e instanceof SdkClientException
        && message.toLowerCase(Locale.ROOT).contains("credential")) {
      return new S3RefusedException(
          url
              + ": no AWS credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or"
              + " AWS_PROFILE)",
          e);
    }
    return new S3UnavailableException(url + ": cannot reach " + endpoint + " (" + message + ")", e);
  }

  private static String oneLine(String message) {
    String line = message.replaceAll("\\s+", " ").strip();
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
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
        "AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL "
            + Urls.quoted(url)
            + " is not a URL such as https://s3.example.org");
  }

  private static SdkHttpClient httpClient() {
    SdkHttpService service =
        ServiceLoader.load(SdkHttpService.class).stream()
            .map(ServiceLoader.Provider::get)
            .min(Comparator.comparing(s -> s.getClass().getName().contains("apache5") ? 0 : 1))
            .orElseThrow(
                () -> new IllegalStateException("no AWS SDK HTTP client on the class path"));
    return service
        .createHttpClientBuilder()
        .buildWithDefaults(
            AttributeMap.builder()
                .put(SdkHttpConfigurationOption.CONNECTION_TIMEOUT, TIMEOUT)
                .put(SdkHttpConfigurationOption.READ_TIMEOUT, TIMEOUT)
                .put(SdkHttpConfigurationOption.WRITE_TIMEOUT, TIMEOUT)
                .build());
  }

  @Override
  public void close() {
    client.close();
  }
}
