/** One house as the raw CSV has it (missing or broken cells come through as strings). */
export interface RawHouse {
  id: number;
  area: number | string;
  rooms: number | string;
  price: number | string;
}

export interface House {
  id: number;
  area: number;
  rooms: number;
  price: number;
}

/** Keeps rows whose numbers are all present and plausible. */
export function cleanHouses(rows: RawHouse[], maxArea: number): House[] {
  return rows.filter(isComplete).filter((h) => h.area > 0 && h.area <= maxArea);
}

function isComplete(row: RawHouse): row is House {
  return [row.area, row.rooms, row.price].every((v) => typeof v === "number" && Number.isFinite(v));
}

/** Deterministic split: every `testEvery`-th house goes to the test set. */
export function splitHouses(houses: House[], testEvery: number): { train: House[]; test: House[] } {
  return {
    train: houses.filter((_, i) => i % testEvery !== 0),
    test: houses.filter((_, i) => i % testEvery === 0),
  };
}
