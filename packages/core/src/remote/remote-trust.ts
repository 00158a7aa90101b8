import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { PivotError, errorMessage } from "../errors/pivot-error";
import { type RecordSigner, type VerifyKey, importSigner, importVerifyKeys, looksLikePem } from "./record-signing";

/** `remotes.<name>.trust`: `any` (default) accepts unsigned records; `signed` accepts only records signed by a verify key. */
export type TrustLevel = "any" | "signed";

/** The trust settings of one remote (see “Trusting a shared run cache” in docs/remotes.md). */
export interface RemoteTrust {
  /** `readonly: true`: push and gc --remote refuse to write. */
  readonly: boolean;
  level: TrustLevel;
  /** The signing key (`sign_key`, else PIVOT_SIGN_KEY), loaded on first use; undefined when none is configured. */
  signer(): Promise<RecordSigner | undefined>;
  /** Keys records are verified with: `verify_key`, plus the signing key's public half when there is one. */
  verifyKeys(): Promise<VerifyKey[]>;
}

function setting(settings: Record<string, unknown>, key: string): string | undefined {
  const value = settings[key];
  return value === undefined || value === null || value === "" ? undefined : String(value);
}

function expandPath(path: string, projectRoot: string): string {
  if (path === "~" || path.startsWith("~/")) return join(homedir(), path.slice(1));
  return isAbsolute(path) ? path : resolve(projectRoot, path);
}

function readKeyFile(path: string, where: string): string {
  if (!existsSync(path)) {
    throw new PivotError("REMOTE_INVALID", `${where}: key file ${path} does not exist`, { hint: "Fix the path, or generate the key (see “Trusting a shared run cache” in docs/remotes.md)." });
  }
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new PivotError("REMOTE_INVALID", `${where}: cannot read key file ${path}: ${errorMessage(error)}`, { hint: "Check the file's permissions." });
  }
}

/** Where the signing key comes from, checked without reading it; undefined when none is configured. */
function signKeySource(name: string, settings: Record<string, unknown>, projectRoot: string): (() => { pem: string; where: string }) | undefined {
  const where = `remotes.${name}.sign_key`;
  const value = setting(settings, "sign_key");
  if (value !== undefined) {
    if (looksLikePem(value)) {
      throw new PivotError("REMOTE_INVALID", `${where} holds a private key itself; config files are committed, so it would leak`, {
        hint: `Keep the key out of the repository: set ${where} to the key file's path, or to env:VAR_NAME with the key in that variable.`,
      });
    }
    const env = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(value);
    if (env) {
      return () => {
        const pem = process.env[env[1]!];
        if (!pem) throw new PivotError("REMOTE_INVALID", `${where} names the environment variable ${env[1]}, which is not set`, { hint: `Set ${env[1]} to the PEM private key (CI secrets do that), or drop ${where} on this machine.` });
        return { pem, where: `${where} (env ${env[1]})` };
      };
    }
    const path = expandPath(value, projectRoot);
    return () => ({ pem: readKeyFile(path, where), where: `${where} (${path})` });
  }
  const fromEnv = process.env.PIVOT_SIGN_KEY;
  if (fromEnv) return () => (looksLikePem(fromEnv) ? { pem: fromEnv, where: "PIVOT_SIGN_KEY" } : { pem: readKeyFile(expandPath(fromEnv, projectRoot), "PIVOT_SIGN_KEY"), where: `PIVOT_SIGN_KEY (${fromEnv})` });
  return undefined;
}

/** `verify_key`: an inline PEM public key (safe to commit) or a file of them. */
function verifyKeySource(name: string, settings: Record<string, unknown>, projectRoot: string): (() => { pem: string; where: string }) | undefined {
  const value = setting(settings, "verify_key");
  if (value === undefined) return undefined;
  const where = `remotes.${name}.verify_key`;
  if (looksLikePem(value)) return () => ({ pem: value, where });
  const path = expandPath(value, projectRoot);
  return () => ({ pem: readKeyFile(path, where), where: `${where} (${path})` });
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= fn());
}

/** Reads and checks the trust settings of remote `name` (keys are loaded only when used). */
export function remoteTrust(name: string, settings: Record<string, unknown>, projectRoot: string): RemoteTrust {
  const readonly = settings.readonly === true || settings.readonly === "true";
  const level = setting(settings, "trust") ?? "any";
  if (level !== "any" && level !== "signed") {
    throw new PivotError("REMOTE_INVALID", `remotes.${name}.trust is '${level}'; it must be 'any' or 'signed'`, {
      hint: "`signed` makes pull and repro --pull use only run-cache records signed by a verify_key.",
    });
  }
  const signSource = signKeySource(name, settings, projectRoot);
  const verifySource = verifyKeySource(name, settings, projectRoot);
  if (level === "signed" && !signSource && !verifySource) {
    throw new PivotError("REMOTE_INVALID", `Remote '${name}' is trust: signed but has no verify_key to check signatures with`, {
      hint: `Commit the public key and set remotes.${name}.verify_key to its path (\`openssl pkey -in pivot-sign.pem -pubout -out pivot-verify.pem\`).`,
    });
  }
  const signer = once(async () => {
    if (!signSource) return undefined;
    const { pem, where } = signSource();
    return importSigner(pem, where);
  });
  const verifyKeys = once(async () => {
    const keys: VerifyKey[] = [];
    if (verifySource) {
      const { pem, where } = verifySource();
      keys.push(...(await importVerifyKeys(pem, where)));
    }
    try {
      const own = await signer();
      if (own) keys.push(own.publicKey);
    } catch (error) {
      // A signing key that is not there (a developer machine) is no problem when verify_key is.
      if (!verifySource) throw error;
    }
    return keys;
  });
  return { readonly, level: level as TrustLevel, signer, verifyKeys };
}

/** Refuses a write (`push`, `gc --remote`) to a remote set `readonly: true`, naming the remote and the setting. */
export function assertRemoteWritable(remote: { name: string; displayUrl: string; trust: RemoteTrust }, command: string): void {
  if (!remote.trust.readonly) return;
  throw new PivotError("REMOTE_READONLY", `Remote '${remote.name}' (${remote.displayUrl}) is read-only (remotes.${remote.name}.readonly: true): ${command} does not write there`, {
    hint: `Run \`pivot ${command}\` where the remote is writable (CI), or set \`remotes.${remote.name}.readonly: false\` in that machine's config.`,
  });
}
