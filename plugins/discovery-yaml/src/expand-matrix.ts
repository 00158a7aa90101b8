import { STAGE_NAME_PATTERN } from "@pivot/core/internal";
import { type VarScope, lookupVar, soleReference } from "./interpolate";
import type { YamlPath } from "./yaml-document";
import { type Where, describeType, pipelineError } from "./yaml-errors";

export type MatrixValue = string | number | boolean;

/** One expanded stage of a matrix: `train@small-0.1` and its coordinates. */
export interface MatrixVariant {
  name: string;
  values: Record<string, MatrixValue>;
}

const DIMENSION_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Expands `matrix: {model: [small, large], lr: [0.1, 0.01]}` into the Cartesian product, first
 * dimension slowest (YAML key order). A dimension is a non-empty list of strings, numbers and
 * booleans, or `${name}` naming such a list in `vars`. Variant names join the values with `-`
 * (`train@small-0.1`); characters outside `[A-Za-z0-9_.+-]` become `_`.
 */
export function expandMatrix(
  baseName: string,
  matrix: unknown,
  scope: VarScope,
  whereOf: (path: YamlPath) => Where,
): MatrixVariant[] {
  if (matrix === null || typeof matrix !== "object" || Array.isArray(matrix)) {
    throw pipelineError(whereOf([]), `matrix must be a map of dimension → list of values, got ${describeType(matrix)}`, "Write matrix: {model: [small, large]}.");
  }
  const dimensions = Object.entries(matrix as Record<string, unknown>).map(([dimension, raw]) => ({
    dimension,
    values: dimensionValues(dimension, raw, scope, whereOf([dimension])),
  }));
  if (dimensions.length === 0) {
    throw pipelineError(whereOf([]), "matrix is empty", "Give the matrix at least one dimension, e.g. matrix: {model: [small, large]}, or remove it.");
  }

  let combinations: Record<string, MatrixValue>[] = [{}];
  for (const { dimension, values } of dimensions) {
    combinations = combinations.flatMap((partial) => values.map((value) => ({ ...partial, [dimension]: value })));
  }

  const byName = new Map<string, Record<string, MatrixValue>>();
  return combinations.map((values) => {
    const suffix = Object.values(values)
      .map((value) => String(value).replace(/[^A-Za-z0-9_.+-]/g, "_"))
      .join("-");
    const name = `${baseName}@${suffix}`;
    const earlier = byName.get(name);
    if (earlier) {
      throw pipelineError(
        whereOf([]),
        `matrix values ${JSON.stringify(earlier)} and ${JSON.stringify(values)} both expand to stage '${name}'`,
        "Make the values of each dimension distinct (characters outside A-Z a-z 0-9 _ . + - are replaced by '_').",
      );
    }
    byName.set(name, values);
    if (!STAGE_NAME_PATTERN.test(name)) {
      throw pipelineError(
        whereOf([]),
        `matrix values ${JSON.stringify(values)} give the invalid stage name '${name}'`,
        "Use non-empty matrix values.",
        "STAGE_NAME_INVALID",
      );
    }
    return { name, values };
  });
}

function dimensionValues(dimension: string, raw: unknown, scope: VarScope, where: Where): MatrixValue[] {
  if (!DIMENSION_NAME.test(dimension)) {
    throw pipelineError(
      where,
      `matrix dimension '${dimension}' is not a valid name`,
      "Name dimensions with letters, digits and '_', starting with a letter or '_' (they are used as ${name}).",
    );
  }
  const reference = typeof raw === "string" ? soleReference(raw) : undefined;
  const values = reference === undefined ? raw : lookupVar(scope, reference);
  if (!Array.isArray(values)) {
    const got =
      reference === undefined
        ? describeType(raw)
        : values === undefined
          ? `'${raw}', which names no variable`
          : `'${raw}', which is ${describeType(values)}`;
    throw pipelineError(where, `matrix dimension '${dimension}' must be a list of values, got ${got}`, `Write ${dimension}: [a, b], or \${name} naming a list in vars.`);
  }
  if (values.length === 0) {
    throw pipelineError(where, `matrix dimension '${dimension}' is empty`, `Give '${dimension}' at least one value, or remove the dimension.`);
  }
  for (const [index, value] of values.entries()) {
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      throw pipelineError(
        where,
        `matrix dimension '${dimension}' value ${index + 1} must be a string, number or boolean, got ${describeType(value)}`,
        "List plain values, e.g. [small, large] or [0.1, 0.01].",
      );
    }
  }
  return values as MatrixValue[];
}
