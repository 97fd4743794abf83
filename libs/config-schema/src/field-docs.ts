/**
 * One table for everything said about each plugin config key: the JSON Schema description, the
 * OpenClaw `uiHints` entry, the rule and the fix an error message names. The schema, the manifest
 * hints, `ConfigError` and the README (checked by a test) all read from here.
 */

/** A field hint as OpenClaw's plugin manifest `uiHints` accepts it. */
export interface UiHint {
  label: string;
  help: string;
  placeholder?: string;
  advanced?: boolean;
  sensitive?: boolean;
}

/** What is said about one config key. */
export interface FieldDoc {
  /** Full sentence(s) for the JSON Schema `description` and the README. */
  description: string;
  /** The rule in a few words, used by error messages ("an integer from 1 to 65535"). */
  rule: string;
  /** How to fix a bad value, used as the `hint` of a `ConfigIssue`. */
  fix: string;
  ui: UiHint;
}

/** Bounds of the integer keys, inclusive. */
export const LIMITS = {
  port: { min: 1, max: 65535 },
  restartDelayMs: { min: 100, max: 600_000 },
  maxRestartDelayMs: { min: 100, max: 3_600_000 },
  maxCrashes: { min: 1, max: 1000 },
  crashWindowMs: { min: 1000, max: 86_400_000 },
  startupTimeoutMs: { min: 1000, max: 600_000 },
  stopTimeoutMs: { min: 100, max: 120_000 },
  livenessIntervalMs: { min: 1000, max: 3_600_000 },
  livenessFailureThreshold: { min: 1, max: 100 },
} as const;

/** Longest `healthPath` accepted. */
export const HEALTH_PATH_MAX_LENGTH = 256;

/** Environment variables the plugin config may not set in `env`, with the reason. */
export const RESERVED_ENV: Readonly<Record<string, string>> = {
  ANTHROPIC_API_KEY: "the proxy must answer with your Claude login, not an API key",
  ANTHROPIC_AUTH_TOKEN: "the proxy must answer with your Claude login, not a token from the environment",
  ANTHROPIC_BASE_URL: "pointing the proxy's Claude client at another URL can loop requests back to the proxy",
  MERIDIAN_HOST: 'set "host" instead: the plugin passes it to the proxy',
  MERIDIAN_PORT: 'set "port" instead: the plugin passes it to the proxy',
  CLAUDE_PROXY_HOST: 'set "host" instead: the plugin passes it to the proxy',
  CLAUDE_PROXY_PORT: 'set "port" instead: the plugin passes it to the proxy',
};

function range(key: keyof typeof LIMITS): string {
  const { min, max } = LIMITS[key];
  return `an integer from ${min} to ${max}`;
}

/** Every plugin config key, in the order the manifest and the README list them. */
export const FIELD_DOCS = {
  autoStart: {
    description:
      "Start the proxy with the Gateway and keep it supervised. When false, the plugin does not spawn it: run the proxy yourself at host:port.",
    rule: "true or false",
    fix: 'set "autoStart" to true or false',
    ui: { label: "Start the proxy automatically", help: "Start and supervise the proxy with the Gateway." },
  },
  host: {
    description:
      "Address the proxy listens on and the Gateway connects to. Must be a loopback address (127.0.0.0/8, ::1 or localhost) unless allowNonLoopback is true: the proxy answers with your Claude subscription to anyone who can reach it.",
    rule: "a loopback host: 127.0.0.1, ::1 or localhost",
    fix: 'set "host" to "127.0.0.1" (or "::1", "localhost"); to expose the proxy beyond this machine, also set "allowNonLoopback": true',
    ui: { label: "Proxy host", help: "Loopback address the proxy listens on.", placeholder: "127.0.0.1" },
  },
  port: {
    description: "TCP port the proxy listens on (passed to it as MERIDIAN_PORT and CLAUDE_PROXY_PORT).",
    rule: range("port"),
    fix: 'set "port" to a free TCP port from 1 to 65535, e.g. 3456',
    ui: { label: "Proxy port", help: "TCP port the proxy listens on.", placeholder: "3456" },
  },
  command: {
    description:
      'Command that starts the proxy, as an argv array (never a shell string). Items may contain the placeholders {host} and {port}. The proxy also receives host and port in MERIDIAN_HOST/MERIDIAN_PORT and CLAUDE_PROXY_HOST/CLAUDE_PROXY_PORT. Example: ["npx", "-y", "@rynfar/meridian"].',
    rule: "a non-empty array of non-empty strings; placeholders {host} and {port} only",
    fix: 'write "command" as an argv array such as ["bunx", "opencode-claude-max-proxy"] or ["npx", "-y", "@rynfar/meridian"]',
    ui: {
      label: "Proxy command",
      help: "Argv array that starts the proxy; {host} and {port} are replaced.",
      placeholder: '["bunx", "opencode-claude-max-proxy"]',
    },
  },
  models: {
    description:
      'Claude model ids served through the proxy, as an array or a comma-separated string. Non-empty, no id twice. Dotted ids such as "claude-opus-4.6" are accepted and mapped to Anthropic\'s ids ("claude-opus-4-6") where the proxy is called.',
    rule: "a non-empty list of unique model ids (letters, digits, . _ : @ -)",
    fix: 'set "models" to model ids such as ["claude-opus-4.6", "claude-sonnet-4.5"] or "claude-opus-4.6, claude-sonnet-4.5"',
    ui: {
      label: "Models",
      help: "Claude model ids offered through the proxy.",
      placeholder: "claude-opus-4.6, claude-sonnet-4.5",
    },
  },
  autoRestart: {
    description: "Restart the proxy when it exits or stops answering its health check.",
    rule: "true or false",
    fix: 'set "autoRestart" to true or false',
    ui: { label: "Restart on failure", help: "Restart the proxy after a crash or failed health checks." },
  },
  restartDelayMs: {
    description:
      "Delay before the first restart after a crash, in milliseconds. Repeated crashes double it, up to maxRestartDelayMs.",
    rule: range("restartDelayMs"),
    fix: `set "restartDelayMs" to ${range("restartDelayMs")} (milliseconds), e.g. 3000`,
    ui: {
      label: "Restart delay (ms)",
      help: "Wait before the first restart.",
      placeholder: "3000",
      advanced: true,
    },
  },
  maxRestartDelayMs: {
    description:
      "Upper bound of the restart back-off, in milliseconds. The delay never drops below restartDelayMs, even if this is smaller.",
    rule: range("maxRestartDelayMs"),
    fix: `set "maxRestartDelayMs" to ${range("maxRestartDelayMs")} (milliseconds), e.g. 60000`,
    ui: {
      label: "Maximum restart delay (ms)",
      help: "Cap of the restart back-off.",
      placeholder: "60000",
      advanced: true,
    },
  },
  maxCrashes: {
    description:
      "Crash-loop breaker: after this many crashes within crashWindowMs, stop restarting and report the proxy as failed.",
    rule: range("maxCrashes"),
    fix: `set "maxCrashes" to ${range("maxCrashes")}, e.g. 5`,
    ui: {
      label: "Crashes before giving up",
      help: "Crash-loop breaker threshold.",
      placeholder: "5",
      advanced: true,
    },
  },
  crashWindowMs: {
    description: "Time window of the crash-loop breaker, in milliseconds.",
    rule: range("crashWindowMs"),
    fix: `set "crashWindowMs" to ${range("crashWindowMs")} (milliseconds), e.g. 300000`,
    ui: {
      label: "Crash window (ms)",
      help: "Window in which maxCrashes is counted.",
      placeholder: "300000",
      advanced: true,
    },
  },
  healthPath: {
    description: "HTTP path of the proxy's health endpoint, probed for readiness and liveness.",
    rule: `a path starting with "/" (printable ASCII, no spaces, at most ${HEALTH_PATH_MAX_LENGTH} characters)`,
    fix: 'set "healthPath" to a path such as "/health"',
    ui: {
      label: "Health path",
      help: "Health endpoint of the proxy.",
      placeholder: "/health",
      advanced: true,
    },
  },
  startupTimeoutMs: {
    description:
      "How long the proxy may take to become ready after it is spawned, in milliseconds (the first bunx/npx run may download the package).",
    rule: range("startupTimeoutMs"),
    fix: `set "startupTimeoutMs" to ${range("startupTimeoutMs")} (milliseconds), e.g. 60000`,
    ui: {
      label: "Start-up timeout (ms)",
      help: "Time allowed to become ready.",
      placeholder: "60000",
      advanced: true,
    },
  },
  stopTimeoutMs: {
    description:
      "Grace period after SIGTERM before the proxy's whole process group is killed with SIGKILL, in milliseconds.",
    rule: range("stopTimeoutMs"),
    fix: `set "stopTimeoutMs" to ${range("stopTimeoutMs")} (milliseconds), e.g. 5000`,
    ui: {
      label: "Stop grace period (ms)",
      help: "Wait after SIGTERM before SIGKILL.",
      placeholder: "5000",
      advanced: true,
    },
  },
  livenessIntervalMs: {
    description: "Interval between liveness probes of the running proxy, in milliseconds.",
    rule: range("livenessIntervalMs"),
    fix: `set "livenessIntervalMs" to ${range("livenessIntervalMs")} (milliseconds), e.g. 10000`,
    ui: {
      label: "Liveness interval (ms)",
      help: "Time between health probes.",
      placeholder: "10000",
      advanced: true,
    },
  },
  livenessFailureThreshold: {
    description:
      "Consecutive failed liveness probes after which the proxy is considered unhealthy (and restarted when autoRestart is true).",
    rule: range("livenessFailureThreshold"),
    fix: `set "livenessFailureThreshold" to ${range("livenessFailureThreshold")}, e.g. 3`,
    ui: {
      label: "Failed probes before restart",
      help: "Consecutive failed probes that mark the proxy unhealthy.",
      placeholder: "3",
      advanced: true,
    },
  },
  env: {
    description: `Extra environment variables for the proxy process, as { "NAME": "value" }. Names are letters, digits and _; ${Object.keys(RESERVED_ENV).join(", ")} are not allowed (the plugin sets or removes them itself).`,
    rule: "an object of environment variable names to string values",
    fix: 'set "env" to an object such as { "MERIDIAN_MAX_CONCURRENT": "4" }',
    ui: {
      label: "Proxy environment",
      help: "Extra environment variables for the proxy.",
      advanced: true,
      sensitive: true,
    },
  },
  allowNonLoopback: {
    description:
      "Allow a host that is not a loopback address. Anyone who can reach host:port can then use your Claude subscription: protect it (e.g. MERIDIAN_API_KEY) before enabling this.",
    rule: "true or false",
    fix: 'set "allowNonLoopback" to true or false',
    ui: {
      label: "Allow a non-loopback host",
      help: "Expose the proxy beyond this machine (unsafe).",
      advanced: true,
    },
  },
} as const satisfies Record<string, FieldDoc>;

/** A key of the plugin config. */
export type PluginConfigKey = keyof typeof FIELD_DOCS;

/** The plugin config keys, in manifest order. */
export const PLUGIN_CONFIG_KEYS = Object.keys(FIELD_DOCS) as PluginConfigKey[];
