import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { PivotError } from "@pivot/core/plugin";

/** What a profile of the AWS shared files gives an S3 remote (static values only). */
export interface AwsProfile {
  name: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  region?: string;
  endpoint?: string;
  /** Set when the profile has no keys but gets them through SSO, a role or a process. */
  dynamicSource?: string;
}

/** Keys of a profile that make the AWS tools fetch credentials pivot cannot fetch itself. */
const DYNAMIC_KEYS = ["credential_process", "sso_session", "sso_start_url", "role_arn", "web_identity_token_file"] as const;

/**
 * Sections of an INI file as the AWS tools read it: `[name]`, `key = value`, `#`/`;` comments.
 * Indented lines (nested settings such as `s3 =` blocks) are skipped.
 */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^[ \t]/.test(raw)) continue;
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      current = sections.get(header[1]!) ?? new Map();
      sections.set(header[1]!, current);
      continue;
    }
    const eq = line.indexOf("=");
    if (eq > 0 && current) current.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  return sections;
}

function readIni(file: string): Map<string, Map<string, string>> {
  if (!existsSync(file)) return new Map();
  try {
    return parseIni(readFileSync(file, "utf8"));
  } catch {
    return new Map();
  }
}

/** `~/.aws/credentials` and `~/.aws/config`, or where AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE say. */
export function awsSharedFiles(): { credentials: string; config: string } {
  const home = process.env.HOME || homedir();
  return {
    credentials: process.env.AWS_SHARED_CREDENTIALS_FILE || join(home, ".aws", "credentials"),
    config: process.env.AWS_CONFIG_FILE || join(home, ".aws", "config"),
  };
}

/**
 * A profile from the AWS shared files, as the AWS CLI reads them: the credentials file's
 * `[name]` first, then the config file's `[profile name]` (`[default]` for the default profile).
 * Undefined when neither file has it.
 */
export function readAwsProfile(name: string): AwsProfile | undefined {
  const files = awsSharedFiles();
  const fromCredentials = readIni(files.credentials).get(name);
  const fromConfig = readIni(files.config).get(name === "default" ? "default" : `profile ${name}`);
  if (!fromCredentials && !fromConfig) return undefined;
  const value = (key: string) => fromCredentials?.get(key) || fromConfig?.get(key) || undefined;
  const profile: AwsProfile = { name };
  const fields: Array<[keyof AwsProfile, string]> = [
    ["accessKeyId", "aws_access_key_id"],
    ["secretAccessKey", "aws_secret_access_key"],
    ["sessionToken", "aws_session_token"],
    ["region", "region"],
    ["endpoint", "endpoint_url"],
  ];
  for (const [field, key] of fields) {
    const found = value(key);
    if (found) profile[field] = found;
  }
  const dynamic = DYNAMIC_KEYS.find((key) => value(key) !== undefined);
  if (!profile.accessKeyId && dynamic) profile.dynamicSource = dynamic;
  return profile;
}

/** The error for a profile whose credentials pivot cannot fetch (SSO, roles, processes). */
export function dynamicProfileError(remote: string, profile: AwsProfile): PivotError {
  return new PivotError("REMOTE_AUTH_FAILED", `Remote '${remote}': AWS profile '${profile.name}' gets its credentials through ${profile.dynamicSource}, which pivot does not run`, {
    hint: `Export them first: eval "$(aws configure export-credentials --profile ${profile.name} --format env)"`,
  });
}
