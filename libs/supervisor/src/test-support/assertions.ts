/** Assertions shared by the supervisor's tests. */
import { expect } from "vitest";

/** `expected` appears in `states` in this order (other states may come in between). */
export function expectInOrder(states: readonly string[], expected: readonly string[]): void {
  let i = 0;
  for (const s of states) if (s === expected[i]) i++;
  expect(i, `${expected.join(" → ")} in ${states.join(" → ")}`).toBe(expected.length);
}
