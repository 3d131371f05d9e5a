package org.valbench.hub;

import org.valbench.common.UserError;

/**
 * The Hugging Face Hub could not be reached or did not serve the data: no connection, a timeout,
 * HTTP 429 or 5xx, or a download that broke off or arrived damaged (and no complete copy was
 * cached). Nothing for the user to fix; running again later resumes.
 */
public final class HubUnavailableException extends UserError {
  private static final long serialVersionUID = 1L;

  public HubUnavailableException(String message) {
    this(message, null);
  }

  public HubUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public HubUnavailableException withMessage(String message) {
    return new HubUnavailableException(message, this);
  }
}
