/**
 * Small statistics and printing helpers shared by every benchmark in this folder.
 * A benchmark measures our code and a baseline side by side in the same run and prints the ratio,
 * so a busy machine slows both and the ratio stays meaningful.
 */

/** Median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of an empty list");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error("percentile of an empty list");
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export interface Comparison {
  /** What is measured, e.g. "readiness detection latency". */
  name: string;
  unit: string;
  ours: readonly number[];
  baseline: readonly number[];
  baselineName: string;
  /** Optional absolute target for our median, e.g. { max: 15 }. */
  target?: { max?: number; maxRatio?: number };
}

export interface ComparisonResult {
  name: string;
  oursMedian: number;
  baselineMedian: number;
  ratio: number;
  met: boolean;
}

/** Prints one comparison as a block of lines and returns the figures. */
export function report(c: Comparison): ComparisonResult {
  const oursMedian = median(c.ours);
  const baselineMedian = median(c.baseline);
  const ratio = baselineMedian === 0 ? Number.POSITIVE_INFINITY : oursMedian / baselineMedian;
  const met =
    (c.target?.max === undefined || oursMedian <= c.target.max) &&
    (c.target?.maxRatio === undefined || ratio <= c.target.maxRatio);
  const fmt = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ${c.unit}`;
  console.log(`\n${c.name}`);
  console.log(
    `  ours      median ${fmt(oursMedian)}  p90 ${fmt(percentile(c.ours, 90))}  (n=${c.ours.length})`,
  );
  console.log(
    `  baseline  median ${fmt(baselineMedian)}  p90 ${fmt(percentile(c.baseline, 90))}  (n=${c.baseline.length}, ${c.baselineName})`,
  );
  console.log(`  ratio     ${ratio.toFixed(3)}× the baseline`);
  if (c.target) {
    const parts = [];
    if (c.target.max !== undefined) parts.push(`median ≤ ${c.target.max} ${c.unit}`);
    if (c.target.maxRatio !== undefined) parts.push(`ratio ≤ ${c.target.maxRatio}`);
    console.log(`  target    ${parts.join(", ")}: ${met ? "met" : "NOT met"}`);
  }
  return { name: c.name, oursMedian, baselineMedian, ratio, met };
}
