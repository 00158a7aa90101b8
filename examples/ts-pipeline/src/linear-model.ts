/** Ridge regression on a few features, solved in closed form (normal equations). Plain TS, no deps. */

export interface LinearModel {
  features: string[];
  intercept: number;
  weights: number[];
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and square). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= factor * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/** Fits `y ≈ intercept + Σ wᵢ xᵢ` with an L2 penalty `l2` on the weights. */
export function fitLinear<K extends string>(rows: ReadonlyArray<Record<K, number>>, features: K[], target: K, l2: number): LinearModel {
  const x = rows.map((row) => [1, ...features.map((f) => row[f])]);
  const y = rows.map((row) => row[target]);
  const size = features.length + 1;
  const xtx = Array.from({ length: size }, (_, i) => Array.from({ length: size }, (_, j) => x.reduce((s, r) => s + r[i]! * r[j]!, 0) + (i === j && i > 0 ? l2 : 0)));
  const xty = Array.from({ length: size }, (_, i) => x.reduce((s, r, k) => s + r[i]! * y[k]!, 0));
  const [intercept, ...weights] = solve(xtx, xty);
  return { features, intercept: intercept!, weights };
}

export function predict(model: LinearModel, row: object): number {
  const values = row as Record<string, number>;
  return model.features.reduce((sum, f, i) => sum + model.weights[i]! * values[f]!, model.intercept);
}
