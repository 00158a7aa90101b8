export function rmse(actual: number[], predicted: number[]): number {
  return Math.sqrt(actual.reduce((s, a, i) => s + (a - predicted[i]!) ** 2, 0) / actual.length);
}

/** Coefficient of determination. */
export function r2(actual: number[], predicted: number[]): number {
  const mean = actual.reduce((s, a) => s + a, 0) / actual.length;
  const total = actual.reduce((s, a) => s + (a - mean) ** 2, 0);
  const residual = actual.reduce((s, a, i) => s + (a - predicted[i]!) ** 2, 0);
  return 1 - residual / total;
}

export const round = (value: number, digits = 4) => Number(value.toFixed(digits));
