import { describe, expect, it } from "vitest";
import { cleanText, type HttpAnswer, interpretAnswer, parseHealthAuth } from "./interpret-answer.ts";
import { MERIDIAN_BODIES } from "./test-support/servers.ts";

const json = (statusCode: number, body: unknown): HttpAnswer => ({
  statusCode,
  contentType: "application/json; charset=UTF-8",
  body: JSON.stringify(body),
});
const text = (statusCode: number, body: string, contentType = "text/plain"): HttpAnswer => ({
  statusCode,
  contentType,
  body,
});

describe("interpretAnswer", () => {
  it("reads Meridian's healthy body with its auth and version", () => {
    expect(interpretAnswer(json(200, MERIDIAN_BODIES.healthy))).toEqual({
      state: "healthy",
      auth: { loggedIn: true, email: "dev@example.com", subscriptionType: "max" },
      version: "1.40.0",
      body: MERIDIAN_BODIES.healthy,
    });
  });

  it("reads Meridian's 503 not-logged-in body as unhealthy with the reason and auth", () => {
    const r = interpretAnswer(json(503, MERIDIAN_BODIES.unhealthy));
    expect(r.state).toBe("unhealthy");
    expect(r.reason).toBe("Not logged in. Run: claude login");
    expect(r.auth).toEqual({ loggedIn: false });
  });

  it("reads Meridian's degraded body (200) as degraded with its reason and no auth", () => {
    const r = interpretAnswer(json(200, MERIDIAN_BODIES.degraded));
    expect(r).toMatchObject({ state: "degraded", reason: "Could not verify auth status" });
    expect(r.auth).toBeUndefined();
  });

  it.each([
    [
      "claude-max-api-proxy's {status: ok}",
      json(200, { status: "ok", provider: "claude-code-cli" }),
      "healthy",
    ],
    ["Spring-style UP", json(200, { status: "UP" }), "healthy"],
    ["JSON without a status", json(200, { uptime: 12 }), "healthy"],
    ["a JSON array", json(200, [1, 2]), "healthy"],
    ["an empty 200", text(200, ""), "healthy"],
    ["an empty 204", text(204, ""), "healthy"],
    ["plain text OK", text(200, "OK\n"), "healthy"],
    ["plain text degraded", text(200, "degraded"), "degraded"],
    ["a 200 saying down", json(200, { status: "down" }), "unhealthy"],
    ["Spring-style 503 DOWN", json(503, { status: "DOWN" }), "unhealthy"],
    ["an empty 503", text(503, ""), "unhealthy"],
    ["a 503 saying healthy", json(503, { status: "healthy" }), "unhealthy"],
    ["a 503 with a status word we do not know", json(503, { status: "starting" }), "unhealthy"],
    ["a 503 with a JSON array", json(503, ["starting"]), "unhealthy"],
    ["a 503 with invalid JSON", text(503, '{"status": "starting"', "application/json"), "unhealthy"],
    ["a 503 in plain text", text(503, "warming up"), "unhealthy"],
    ["a 500 saying unhealthy", json(500, { status: "unhealthy" }), "unhealthy"],
    ["a 404", text(404, "404 Not Found"), "no-health-endpoint"],
    ["a 404 with JSON", json(404, { error: "not found" }), "no-health-endpoint"],
    ["a 500", text(500, "Internal Server Error"), "unexpected"],
    ["an empty 500", text(500, ""), "unexpected"],
    [
      "a 401",
      json(401, { type: "error", error: { type: "authentication_error", message: "bad key" } }),
      "unexpected",
    ],
    ["a redirect", { statusCode: 302, contentType: undefined, location: "/login", body: "" }, "unexpected"],
    ["an HTML page", text(200, "<!doctype html><html><body>app</body></html>", "text/html"), "unexpected"],
    ["HTML without a content type", text(200, "<html><body>hi</body></html>", ""), "unexpected"],
    ["invalid JSON", text(200, '{"status": "healthy"', "application/json"), "unexpected"],
    ["an unknown status word", json(200, { status: "starting" }), "unexpected"],
  ] as const)("%s → %s", (_name, answer, state) => {
    expect(interpretAnswer(answer).state).toBe(state);
  });

  it("keeps the reason and auth of a 503 whose status word it does not know", () => {
    expect(
      interpretAnswer(json(503, { status: "starting", error: "warming up", auth: { loggedIn: true } })),
    ).toMatchObject({ state: "unhealthy", reason: "warming up", auth: { loggedIn: true } });
    expect(interpretAnswer(json(503, { status: "starting" })).reason).toBe("service unavailable");
  });

  it("names the problem for answers it cannot use", () => {
    expect(interpretAnswer(json(200, { status: "starting" })).reason).toBe(
      'unknown health status "starting"',
    );
    expect(interpretAnswer(text(200, "<html></html>", "text/html")).reason).toMatch(/HTML page/);
    expect(
      interpretAnswer({ statusCode: 301, contentType: undefined, location: "/x", body: "" }).reason,
    ).toBe("redirect to /x (redirects are not followed)");
    expect(interpretAnswer(json(401, { error: { message: "bad key" } })).reason).toBe("bad key");
    expect(interpretAnswer(text(500, "")).reason).toMatch(/failed answering/);
  });

  it("does not report a reason for a healthy answer even when the body has an error field", () => {
    expect(
      interpretAnswer(json(200, { status: "ok", error: null, message: "all good" })).reason,
    ).toBeUndefined();
  });
});

describe("parseHealthAuth", () => {
  it("keeps only the known fields, and only with a boolean loggedIn", () => {
    expect(parseHealthAuth({ loggedIn: true, email: "a@b", accessToken: "sk-ant-oat01-x" })).toEqual({
      loggedIn: true,
      email: "a@b",
    });
    expect(parseHealthAuth({ loggedIn: "yes" })).toBeUndefined();
    expect(parseHealthAuth(null)).toBeUndefined();
  });
});

describe("cleanText", () => {
  it("flattens control characters and bounds the length", () => {
    expect(cleanText("a\n\u001b[31mb\tc")).toBe("a [31mb c");
    const long = cleanText("x".repeat(500));
    expect(long).toHaveLength(200);
    expect(long.endsWith("…")).toBe(true);
  });
});
