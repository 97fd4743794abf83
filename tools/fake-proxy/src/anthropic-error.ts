/**
 * Anthropic-shaped errors, `{"type":"error","error":{"type","message"}}`, with the error types and the
 * messages Meridian uses for each HTTP status.
 */

/** The body of an Anthropic API error. */
export interface AnthropicErrorBody {
  type: "error";
  error: { type: string; message: string };
}

const BY_STATUS: Record<number, { type: string; message: string }> = {
  400: { type: "invalid_request_error", message: "messages: Field required" },
  401: {
    type: "authentication_error",
    message:
      "Claude authentication expired or invalid. Run 'claude login' in your terminal to re-authenticate, then restart the proxy.",
  },
  402: {
    type: "billing_error",
    message:
      "Claude Max subscription issue. Check your subscription status at https://claude.ai/settings/subscription",
  },
  403: { type: "permission_error", message: "Your account does not have permission to use this resource." },
  404: { type: "not_found_error", message: "The requested resource could not be found." },
  413: { type: "request_too_large", message: "Request exceeds the maximum allowed number of bytes." },
  429: { type: "rate_limit_error", message: "Claude Max rate limit reached. Wait a moment and try again." },
  500: { type: "api_error", message: "Internal server error" },
  502: {
    type: "api_error",
    message: "Claude API returned a server error. This is usually temporary — try again in a moment.",
  },
  503: { type: "overloaded_error", message: "Claude is temporarily overloaded. Try again in a few seconds." },
  504: {
    type: "timeout_error",
    message: "Request timed out. The operation may have been too complex. Try a simpler request.",
  },
  529: { type: "overloaded_error", message: "Overloaded" },
};

/** The Anthropic error body for an HTTP status, optionally with a specific message. */
export function anthropicError(status: number, message?: string): AnthropicErrorBody {
  const known = BY_STATUS[status] ?? {
    type: status >= 500 ? "api_error" : "invalid_request_error",
    message: `HTTP ${status}`,
  };
  return { type: "error", error: { type: known.type, message: message ?? known.message } };
}

/** Meridian's answer when the Claude login is missing at request time. */
export const NOT_LOGGED_IN_MESSAGE =
  "Claude OAuth token has expired and could not be refreshed automatically. Run 'claude login' in your terminal to re-authenticate.";
