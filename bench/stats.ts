export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of nothing");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The median of the ratios a[i] / b[i]: each pair ran back to back in one process, so what slows
 * a whole phase down (GC, JIT, the machine's other load) cancels out.
 */
export const pairedRatio = (a: readonly number[], b: readonly number[]) =>
  median(a.map((value, i) => value / (b[i] as number)));

export const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
