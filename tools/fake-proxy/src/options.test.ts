import { describe, expect, it } from "vitest";
import { envFromOptions, type FakeProxyCliOptions, optionsFromEnv } from "./options.ts";

describe("optionsFromEnv", () => {
  it("defaults to 127.0.0.1:3456 like Meridian", () => {
    expect(optionsFromEnv({})).toEqual({ host: "127.0.0.1", port: 3456 });
  });

  it("takes CLAUDE_PROXY_* when MERIDIAN_* is absent", () => {
    expect(optionsFromEnv({ CLAUDE_PROXY_HOST: "::1", CLAUDE_PROXY_PORT: "4000" })).toMatchObject({
      host: "::1",
      port: 4000,
    });
  });

  it("lets MERIDIAN_* win over CLAUDE_PROXY_*", () => {
    const env = {
      MERIDIAN_HOST: "0.0.0.0",
      MERIDIAN_PORT: "5000",
      CLAUDE_PROXY_HOST: "::1",
      CLAUDE_PROXY_PORT: "4000",
    };
    expect(optionsFromEnv(env)).toMatchObject({ host: "0.0.0.0", port: 5000 });
  });

  it("reads every fault switch", () => {
    const options = optionsFromEnv({
      FAKE_PROXY_START_DELAY_MS: "10",
      FAKE_PROXY_NOT_LOGGED_IN: "1",
      FAKE_PROXY_CREDENTIALS_FILE: "/tmp/creds",
      FAKE_PROXY_DEGRADED: "true",
      FAKE_PROXY_AUTH_CACHE_MS: "0",
      FAKE_PROXY_HEALTH_HANG_AFTER_MS: "20",
      FAKE_PROXY_CRASH_AFTER_MS: "30",
      FAKE_PROXY_CRASH_EXIT_CODE: "3",
      FAKE_PROXY_IGNORE_SIGTERM: "1",
      FAKE_PROXY_WRAPPER: "1",
      FAKE_PROXY_MESSAGES_STATUS: "429",
      FAKE_PROXY_STREAM_ERROR_MODE: "http",
      FAKE_PROXY_REPLY_TEXT: "hi",
      FAKE_PROXY_REQUEST_LOG: "/tmp/log",
      FAKE_PROXY_ENV_DUMP: "/tmp/env",
      MERIDIAN_API_KEY: "k",
    });
    expect(options).toEqual({
      host: "127.0.0.1",
      port: 3456,
      startDelayMs: 10,
      notLoggedIn: true,
      credentialsFile: "/tmp/creds",
      degraded: true,
      authCacheMs: 0,
      healthHangAfterMs: 20,
      crashAfterMs: 30,
      crashExitCode: 3,
      ignoreSigterm: true,
      wrapper: true,
      messagesStatus: 429,
      streamErrorMode: "http",
      replyText: "hi",
      requestLog: "/tmp/log",
      envDump: "/tmp/env",
      apiKey: "k",
    });
  });

  it("treats 0 and empty flags as off", () => {
    expect(optionsFromEnv({ FAKE_PROXY_NOT_LOGGED_IN: "0", FAKE_PROXY_WRAPPER: "" })).toEqual({
      host: "127.0.0.1",
      port: 3456,
      notLoggedIn: false,
    });
  });

  it("rejects malformed numbers and modes with the variable's name", () => {
    expect(() => optionsFromEnv({ FAKE_PROXY_CRASH_AFTER_MS: "soon" })).toThrow(
      /FAKE_PROXY_CRASH_AFTER_MS=soon/,
    );
    expect(() => optionsFromEnv({ FAKE_PROXY_STREAM_ERROR_MODE: "json" })).toThrow(/sse/);
  });
});

describe("envFromOptions", () => {
  it("round-trips through optionsFromEnv", () => {
    const options: FakeProxyCliOptions = {
      host: "127.0.0.1",
      port: 0,
      notLoggedIn: true,
      credentialsFile: "/x",
      healthHangAfterMs: 5,
      messagesStatus: 503,
      replyText: "pong",
      wrapper: true,
      apiKey: "k",
    };
    expect(optionsFromEnv(envFromOptions(options))).toEqual(options);
  });

  it("leaves false switches out", () => {
    expect(envFromOptions({ degraded: false, ignoreSigterm: false })).toEqual({});
  });
});
