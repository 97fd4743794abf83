import { describe, expect, it } from "vitest";
import { redactSecrets } from "./redact.ts";
import { Ring } from "./ring.ts";

describe("Ring", () => {
  it("keeps the newest items, oldest first", () => {
    const r = new Ring<number>(3);
    for (let i = 1; i <= 5; i++) r.push(i);
    expect(r.toArray()).toEqual([3, 4, 5]);
    expect(r.last(2)).toEqual([4, 5]);
    expect(r.size).toBe(3);
    r.clear();
    expect(r.toArray()).toEqual([]);
  });
  it("rejects a capacity below 1", () => {
    expect(() => new Ring(0)).toThrow(RangeError);
  });
});

describe("redactSecrets", () => {
  it("masks bearer tokens, sk- keys and key=value secrets, and nothing else", () => {
    expect(redactSecrets("Authorization: Bearer abcdefghijklmnop")).toBe("Authorization: Bearer [redacted]");
    expect(redactSecrets("key sk-ant-api03-abcdefghijklmnopqrstuvwxyz")).toBe("key sk-[redacted]");
    expect(redactSecrets('{"access_token":"eyJhbGciOiJIUzI1NiJ9"}')).toBe('{"access_token":"[redacted]"}');
    expect(redactSecrets("password=hunter2hunter2")).toBe("password=[redacted]");
    expect(redactSecrets("Meridian running at http://127.0.0.1:3456")).toBe(
      "Meridian running at http://127.0.0.1:3456",
    );
  });
});
