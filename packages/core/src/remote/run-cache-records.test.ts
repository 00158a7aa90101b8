import { describe, expect, test } from "bun:test";
import type { Stage } from "../model/pipeline";
import { importSigner, importVerifyKeys } from "./record-signing";
import { judgeRunRecord, serializeRunRecord } from "./run-cache-records";

/** An Ed25519 key pair as PEM, as `openssl genpkey -algorithm ed25519` / `openssl pkey -pubout` write them. */
async function keyPair(): Promise<{ privatePem: string; publicPem: string }> {
  const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as unknown as CryptoKeyPair;
  const pem = (label: string, der: ArrayBuffer) => `-----BEGIN ${label}-----\n${Buffer.from(der).toString("base64").replace(/(.{64})/g, "$1\n")}\n-----END ${label}-----\n`;
  return { privatePem: pem("PRIVATE KEY", await crypto.subtle.exportKey("pkcs8", pair.privateKey)), publicPem: pem("PUBLIC KEY", await crypto.subtle.exportKey("spki", pair.publicKey)) };
}

const stage = { id: "train", lockName: "train", outs: [{ path: "model.bin" }] } as unknown as Stage;
const input = "a".repeat(32);
const key = `runs/.pivot/train/${input}`;
const entry = { stage: "train", inputHash: input, outputs: { "model.bin": "b".repeat(32) }, createdAtMs: 1000, producer: { pivotVersion: "0.1.0", host: "ci", user: "bot" } };
const any = { level: "any" as const, verifyKeys: [] };

describe("run-cache records", () => {
  test("an unsigned record is accepted by a remote trusting any record, with its producer", async () => {
    const verdict = await judgeRunRecord(await serializeRunRecord(key, entry), stage, input, key, any);
    expect(verdict).toEqual({ ok: true, entry });
  });

  test("outputs edited after writing no longer match the digest", async () => {
    const body = JSON.parse(await serializeRunRecord(key, entry));
    body.outputs["model.bin"] = "c".repeat(32);
    const verdict = await judgeRunRecord(JSON.stringify(body), stage, input, key, any);
    expect(verdict).toEqual({ ok: false, reason: "its content does not match its digest (damaged or edited on the remote)" });
  });

  test("a signed record verifies; unsigned, forged, replayed and foreign-key records are refused on trust: signed", async () => {
    const ci = await keyPair();
    const signer = await importSigner(ci.privatePem, "test key");
    const trust = { level: "signed" as const, verifyKeys: await importVerifyKeys(ci.publicPem, "test verify key") };
    expect((await judgeRunRecord(await serializeRunRecord(key, entry, signer), stage, input, key, trust)).ok).toBe(true);

    const unsigned = await judgeRunRecord(await serializeRunRecord(key, entry), stage, input, key, trust);
    expect(unsigned).toEqual({ ok: false, reason: "not signed (the remote is trust: signed)" });

    // Right key, other outputs, digest recomputed: only the signature tells.
    const forged = JSON.parse(await serializeRunRecord(key, { ...entry, outputs: { "model.bin": "d".repeat(32) } }));
    forged.signature = JSON.parse(await serializeRunRecord(key, entry, signer)).signature;
    const refused = await judgeRunRecord(JSON.stringify(forged), stage, input, key, trust);
    expect(refused.ok).toBe(false);
    expect((refused as { reason: string }).reason).toContain("its signature does not verify");

    // A good record of other inputs copied under this key.
    const other = "e".repeat(32);
    const replayed = await serializeRunRecord(`runs/.pivot/train/${other}`, { ...entry, inputHash: other }, signer);
    expect((await judgeRunRecord(replayed, stage, input, key, trust)).ok).toBe(false);

    const stranger = await importSigner((await keyPair()).privatePem, "other key");
    const foreign = await judgeRunRecord(await serializeRunRecord(key, entry, stranger), stage, input, key, trust);
    expect((foreign as { reason: string }).reason).toMatch(/^signed by an unknown key \([0-9a-f]{16}\)/);
  });

  test("a record naming an output the stage does not declare is refused", async () => {
    const verdict = await judgeRunRecord(await serializeRunRecord(key, { ...entry, outputs: { "other.bin": "b".repeat(32) } }), stage, input, key, any);
    expect(verdict).toEqual({ ok: false, reason: "it names outputs the stage does not declare" });
  });
});
