package org.valbench.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A fake S3 server (the npm package {@code s3rver}, installed into {@code src/test/s3} on first
 * use) on loopback, storing its objects in a folder of the test. It accepts only the key pair
 * {@code S3RVER} / {@code S3RVER}.
 */
public final class FakeS3 implements AutoCloseable {
  private static final Path JS = Path.of("src/test/s3");
  public static final String KEY = "S3RVER";

  private final Process process;
  private final int port;
  private final S3Client client;

  private FakeS3(Process process, int port) {
    this.process = process;
    this.port = port;
    this.client =
        S3Client.builder()
            .httpClient(Apache5HttpClient.create())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, KEY)))
            .endpointOverride(URI.create(url()))
            .forcePathStyle(true)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
            .build();
  }

  /** Starts the server with the named buckets, storing objects under {@code directory}. */
  public static FakeS3 start(Path directory, String... buckets) throws Exception {
    ensureInstalled();
    List<String> command =
        new ArrayList<>(List.of("node", "start-s3rver.mjs", directory.toString()));
    command.addAll(List.of(buckets));
    Process process =
        new ProcessBuilder(command)
            .directory(JS.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("{\"port\":")) {
      process.destroyForcibly();
      throw new IOException("s3rver did not start: " + line);
    }
    int port = Integer.parseInt(line.replaceAll("\\D", ""));
    return new FakeS3(process, port);
  }

  private static synchronized void ensureInstalled() throws Exception {
    if (!Files.isDirectory(JS.resolve("node_modules/s3rver"))) {
      Process npm =
          new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
              .directory(JS.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
        npm.destroyForcibly();
        throw new IOException("npm ci in " + JS + " failed");
      }
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The variables that point valbench at this server with its key pair. */
  public Map<String, String> env() {
    return Map.of(
        "AWS_ENDPOINT_URL_S3",
        url(),
        "AWS_ACCESS_KEY_ID",
        KEY,
        "AWS_SECRET_ACCESS_KEY",
        KEY,
        "AWS_REGION",
        "us-east-1");
  }

  /** Uploads {@code file} as {@code key}. */
  public void put(String bucket, String key, Path file) {
    client.putObject(
        PutObjectRequest.builder().bucket(bucket).key(key).build(), RequestBody.fromFile(file));
  }

  /** Uploads every file under {@code folder} below {@code prefix/}. */
  public void putFolder(String bucket, String prefix, Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        put(bucket, prefix + "/" + folder.relativize(file).toString().replace('\\', '/'), file);
      }
    }
  }

  /** The keys under {@code prefix} in {@code bucket}. */
  public List<String> keys(String bucket, String prefix) {
    return client
        .listObjectsV2Paginator(
            ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
        .contents()
        .stream()
        .map(S3Object::key)
        .sorted()
        .toList();
  }

  /** The bytes of one object. */
  public byte[] get(String bucket, String key) {
    return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  @Override
  public void close() throws Exception {
    client.close();
    process.getOutputStream().close();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
