package org.valbench.cli;

import org.valbench.common.BadInputException;
import org.valbench.common.StorageException;
import org.valbench.dataset.DatasetFormatException;
import org.valbench.flows.CalibrationMissedException;
import org.valbench.hub.HubRefusedException;
import org.valbench.hub.HubUnavailableException;
import org.valbench.inference.BatchesInFlightException;
import org.valbench.inference.BatchesUnsupportedException;
import org.valbench.inference.CredentialsRefusedException;
import org.valbench.inference.RequestsFailedException;
import org.valbench.pipeline.LockHeldException;
import org.valbench.protocol.ReferenceFilesUnavailableException;
import org.valbench.s3.S3RefusedException;
import org.valbench.s3.S3UnavailableException;
import picocli.CommandLine;

/**
 * The one table from what happened to the exit code. Lower layers throw what happened (a bad input,
 * a service that could not be reached, a refused credential, ...); only this class decides what
 * that means for a script that runs valbench. The README's "Exit codes" table and the help footer
 * describe the same table.
 */
public final class ExitCodes {
  public static final int OK = 0;

  /** Anything unexpected: a bug. */
  public static final int UNEXPECTED = 1;

  /** A flag, file, column, variable or value is wrong, or the machine refused a file: fix it. */
  public static final int BAD_INPUT = 2;

  /** Finished and wrote every output, but some requests failed: the same command retries them. */
  public static final int SOME_FAILED = 3;

  /** A provider, the Hub or S3 refused the credentials or the permission: fix the key. */
  public static final int AUTH_REFUSED = 4;

  /**
   * Unavailable, try again later: a service could not be reached or answered 429/5xx, a download
   * broke off, the reference files could not be fetched, or another live run holds the lock.
   */
  public static final int UNAVAILABLE = 5;

  /**
   * {@code calibrate} finished and wrote its outputs, but the judge missed at least one calibration
   * set: do not publish its figures.
   */
  public static final int CALIBRATION_MISSED = 6;

  /** Provider batches are still in flight ({@code --batch --no-wait}): run again later. */
  public static final int BATCHES_IN_FLIGHT = 7;

  private ExitCodes() {}

  public static int of(Throwable error) {
    return switch (error) {
      case BadInputException e -> BAD_INPUT;
      case DatasetFormatException e -> BAD_INPUT;
      case CommandLine.ParameterException e -> BAD_INPUT;
      case RequestsFailedException e -> SOME_FAILED;
      case CredentialsRefusedException e -> AUTH_REFUSED;
      case HubRefusedException e -> AUTH_REFUSED;
      case S3RefusedException e -> AUTH_REFUSED;
      case HubUnavailableException e -> UNAVAILABLE;
      case S3UnavailableException e -> UNAVAILABLE;
      case ReferenceFilesUnavailableException e -> UNAVAILABLE;
      case LockHeldException e -> UNAVAILABLE;
      case BatchesInFlightException e -> BATCHES_IN_FLIGHT;
      case BatchesUnsupportedException e -> BAD_INPUT;
      case CalibrationMissedException e -> CALIBRATION_MISSED;
      // The machine refused to store or read a file (disk full, read-only, permission denied): the
      // user must fix it before a rerun can succeed, like a bad input.
      default -> StorageException.environmentalReason(error).isPresent() ? BAD_INPUT : UNEXPECTED;
    };
  }
}
