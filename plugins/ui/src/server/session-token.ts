import { timingSafeEqual } from "node:crypto";

/** A fresh random token for one `pivot ui` session (24 bytes, base64url). */
export function newSessionToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("base64url");
}

/** The token a request carries: `?token=` (pages, EventSource) or the `X-Pivot-Token` header. */
export function tokenOf(request: Request, url: URL): string | null {
  return url.searchParams.get("token") ?? request.headers.get("x-pivot-token");
}

/** Whether `given` is the session token, compared in constant time. */
export function tokenMatches(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
