import { describe, expect, test } from "bun:test";
import { PivotError } from "../errors/pivot-error";
import { assertRemoteWritable, remoteTrust } from "./remote-trust";

function thrown(fn: () => unknown): PivotError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PivotError) return error;
    throw error;
  }
  throw new Error("expected a PivotError");
}

describe("remote trust settings", () => {
  test("a private key written into the config is refused: config files are committed", () => {
    const error = thrown(() => remoteTrust("origin", { sign_key: "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END PRIVATE KEY-----" }, "/p"));
    expect(error.message).toBe("remotes.origin.sign_key holds a private key itself; config files are committed, so it would leak");
    expect(error.hint).toContain("env:VAR_NAME");
  });

  test("trust takes any or signed, and signed needs a key to verify with", () => {
    expect(thrown(() => remoteTrust("origin", { trust: "some" }, "/p")).message).toBe("remotes.origin.trust is 'some'; it must be 'any' or 'signed'");
    expect(thrown(() => remoteTrust("origin", { trust: "signed" }, "/p")).message).toBe("Remote 'origin' is trust: signed but has no verify_key to check signatures with");
    expect(remoteTrust("origin", {}, "/p").level).toBe("any");
  });

  test("a sign_key naming an unset variable fails signing, not verifying with a verify_key", async () => {
    delete process.env.PIVOT_TEST_UNSET_KEY;
    const alone = remoteTrust("origin", { sign_key: "env:PIVOT_TEST_UNSET_KEY" }, "/p");
    await expect(alone.signer()).rejects.toThrow("remotes.origin.sign_key names the environment variable PIVOT_TEST_UNSET_KEY, which is not set");
    const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as unknown as CryptoKeyPair;
    const publicPem = `-----BEGIN PUBLIC KEY-----\n${Buffer.from(await crypto.subtle.exportKey("spki", pair.publicKey)).toString("base64")}\n-----END PUBLIC KEY-----\n`;
    const developer = remoteTrust("origin", { trust: "signed", sign_key: "env:PIVOT_TEST_UNSET_KEY", verify_key: publicPem }, "/p");
    expect((await developer.verifyKeys()).length).toBe(1);
  });

  test("readonly (true or 'true') refuses writes naming the remote and the setting", () => {
    for (const readonly of [true, "true"]) {
      const trust = remoteTrust("origin", { readonly }, "/p");
      const error = thrown(() => assertRemoteWritable({ name: "origin", displayUrl: "s3://b/p", trust }, "push"));
      expect(error.code).toBe("REMOTE_READONLY");
      expect(error.message).toBe("Remote 'origin' (s3://b/p) is read-only (remotes.origin.readonly: true): push does not write there");
    }
    expect(() => assertRemoteWritable({ name: "origin", displayUrl: "x", trust: remoteTrust("origin", {}, "/p") }, "push")).not.toThrow();
  });
});
