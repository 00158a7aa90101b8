import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { TestProject } from "./project";
import type { TestS3Server } from "./s3-server";

/**
 * One remote kind for the run-cache trust tests: a fresh remote per call of `fresh()`, a way to
 * run pivot against it, and raw access to its records behind pivot's back (to forge or tamper).
 */
export interface TrustBackend {
  name: string;
  fresh(): TrustRemote;
}

export interface TrustRemote {
  url: string;
  run(project: TestProject, ...args: string[]): ReturnType<TestProject["pivot"]>;
  runWith(project: TestProject, env: Record<string, string>, ...args: string[]): ReturnType<TestProject["pivot"]>;
  recordKeys(): Promise<string[]>;
  readRecord(key: string): Promise<string>;
  writeRecord(key: string, body: string): Promise<void>;
  /** Replaces an object's content behind pivot's back. */
  writeObject(hash: string, content: string): Promise<void>;
}

function filesUnder(dir: string, prefix = ""): string[] {
  let entries;
  try {
    entries = readdirSync(join(dir, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? filesUnder(dir, `${prefix}${e.name}/`) : e.name.startsWith(".") ? [] : [`${prefix}${e.name}`]));
}

export const folderBackend: TrustBackend = {
  name: "folder remote",
  fresh() {
    const root = mkdtempSync(join(tmpdir(), "pivot-remote-"));
    return {
      url: root,
      run: (project, ...args) => project.pivot(...args),
      runWith: (project, env, ...args) => project.pivotWith({ env }, ...args),
      recordKeys: async () => filesUnder(join(root, "runs")).map((k) => `runs/${k}`).sort(),
      readRecord: async (key) => readFileSync(join(root, key), "utf8"),
      writeRecord: async (key, body) => {
        mkdirSync(dirname(join(root, key)), { recursive: true });
        writeFileSync(join(root, key), body);
      },
      writeObject: async (hash, content) => {
        const file = join(root, "files", hash.slice(0, 2), hash.slice(2));
        chmodSync(file, 0o644);
        writeFileSync(file, content);
      },
    };
  },
};

let s3Counter = 0;

export function s3Backend(server: () => TestS3Server): TrustBackend {
  return {
    name: "S3 remote (s3rver)",
    fresh() {
      s3Counter += 1;
      const prefix = `trust-${s3Counter}-${process.pid}`;
      const env = () => ({ ...server().env, PIVOT_REMOTE_BACKOFF_MS: "20" });
      return {
        url: `s3://${server().bucket}/${prefix}`,
        run: (project, ...args) => project.pivotWith({ env: env() }, ...args),
        runWith: (project, extra, ...args) => project.pivotWith({ env: { ...env(), ...extra } }, ...args),
        recordKeys: async () => {
          const listed = await server().client.list({ prefix: `${prefix}/runs/` });
          return (listed.contents ?? []).map((o) => o.key.slice(prefix.length + 1)).sort();
        },
        readRecord: (key) => server().client.file(`${prefix}/${key}`).text(),
        writeRecord: async (key, body) => {
          await server().client.write(`${prefix}/${key}`, body);
        },
        writeObject: async (hash, content) => {
          await server().client.write(`${prefix}/files/${hash.slice(0, 2)}/${hash.slice(2)}`, content);
        },
      };
    },
  };
}
