import type picomatchType from "picomatch";

let loaded: typeof picomatchType | undefined;

/** picomatch, loaded on first use (most commands never match a glob). */
export function picomatch(): typeof picomatchType {
  loaded ??= require("picomatch") as typeof picomatchType;
  return loaded;
}
