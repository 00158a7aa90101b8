import { PivotError, errorMessage } from "../errors/pivot-error";

/**
 * Ed25519 signatures of run-cache records (WebCrypto, no dependency). Only machines holding the
 * private key (CI) can sign; every other machine verifies with the public key, which is safe to
 * commit. Keys are PEM files as `openssl genpkey -algorithm ed25519` writes them (PKCS#8 private,
 * SPKI public).
 */

export interface RecordSignature {
  alg: "ed25519";
  /** First 16 hex chars of the SHA-256 of the raw public key: which key signed. */
  keyId: string;
  /** Base64 signature of the record's canonical content. */
  value: string;
}

export interface RecordSigner {
  keyId: string;
  sign(content: string): Promise<RecordSignature>;
  /** The public half, so a signing machine verifies too without a `verify_key`. */
  publicKey: VerifyKey;
}

export interface VerifyKey {
  keyId: string;
  key: CryptoKey;
}

const ED25519 = { name: "Ed25519" } as const;

function pemBlocks(text: string, label: string): Uint8Array<ArrayBuffer>[] {
  const blocks: Uint8Array<ArrayBuffer>[] = [];
  const pattern = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, "g");
  for (const match of text.matchAll(pattern)) blocks.push(Uint8Array.from(atob(match[1]!.replace(/\s+/g, "")), (c) => c.charCodeAt(0)));
  return blocks;
}

export function looksLikePem(text: string): boolean {
  return /-----BEGIN [A-Z ]+-----/.test(text);
}

function toBase64(bytes: ArrayBuffer): string {
  return Buffer.from(bytes).toString("base64");
}

async function keyIdOf(publicKey: CryptoKey): Promise<string> {
  const raw = await crypto.subtle.exportKey("raw", publicKey);
  return Buffer.from(await crypto.subtle.digest("SHA-256", raw)).toString("hex").slice(0, 16);
}

/** SHA-256 of a record's canonical content, as written in the record: `sha256:<hex>`. */
export async function contentDigest(content: string): Promise<string> {
  return `sha256:${Buffer.from(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(content))).toString("hex")}`;
}

/** A signer from a PEM private key; `where` names the key's source in errors. */
export async function importSigner(pem: string, where: string): Promise<RecordSigner> {
  const [der] = pemBlocks(pem, "PRIVATE KEY");
  if (!der) {
    throw new PivotError("REMOTE_INVALID", `${where} holds no PEM private key ('-----BEGIN PRIVATE KEY-----')`, {
      hint: "Generate one with `openssl genpkey -algorithm ed25519 -out pivot-sign.pem` (see “Trusting a shared run cache” in docs/remotes.md).",
    });
  }
  let key: CryptoKey;
  let publicKey: CryptoKey;
  try {
    key = await crypto.subtle.importKey("pkcs8", der, ED25519, true, ["sign"]);
    const jwk = await crypto.subtle.exportKey("jwk", key);
    publicKey = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: jwk.x! }, ED25519, true, ["verify"]);
  } catch (error) {
    throw new PivotError("REMOTE_INVALID", `${where} is not an Ed25519 private key: ${errorMessage(error)}`, {
      hint: "pivot signs with Ed25519: `openssl genpkey -algorithm ed25519 -out pivot-sign.pem`.",
    });
  }
  const keyId = await keyIdOf(publicKey);
  return {
    keyId,
    publicKey: { keyId, key: publicKey },
    sign: async (content) => ({ alg: "ed25519", keyId, value: toBase64(await crypto.subtle.sign("Ed25519", key, new TextEncoder().encode(content))) }),
  };
}

/** Every public key in a PEM text (several for a key rotation); `where` names the source in errors. */
export async function importVerifyKeys(pem: string, where: string): Promise<VerifyKey[]> {
  const blocks = pemBlocks(pem, "PUBLIC KEY");
  if (blocks.length === 0) {
    throw new PivotError("REMOTE_INVALID", `${where} holds no PEM public key ('-----BEGIN PUBLIC KEY-----')`, {
      hint: "Derive it from the signing key: `openssl pkey -in pivot-sign.pem -pubout -out pivot-verify.pem`.",
    });
  }
  const keys: VerifyKey[] = [];
  for (const der of blocks) {
    try {
      const key = await crypto.subtle.importKey("spki", der, ED25519, true, ["verify"]);
      keys.push({ keyId: await keyIdOf(key), key });
    } catch (error) {
      throw new PivotError("REMOTE_INVALID", `${where} holds a public key that is not Ed25519: ${errorMessage(error)}`, {
        hint: "pivot verifies Ed25519 signatures: `openssl pkey -in pivot-sign.pem -pubout -out pivot-verify.pem`.",
      });
    }
  }
  return keys;
}

/** Why `signature` does not vouch for `content` under `keys`, or undefined when it does. */
export async function signatureProblem(content: string, signature: unknown, keys: readonly VerifyKey[]): Promise<string | undefined> {
  if (signature === undefined || signature === null) return "not signed";
  const { alg, keyId, value } = signature as Partial<RecordSignature>;
  if (alg !== "ed25519" || typeof keyId !== "string" || typeof value !== "string") return "its signature is malformed";
  const key = keys.find((k) => k.keyId === keyId);
  if (!key) return `signed by an unknown key (${keyId.slice(0, 16)})`;
  let ok = false;
  try {
    ok = await crypto.subtle.verify("Ed25519", key.key, Uint8Array.from(Buffer.from(value, "base64")), new TextEncoder().encode(content));
  } catch {
    ok = false;
  }
  return ok ? undefined : `its signature does not verify (key ${keyId})`;
}
