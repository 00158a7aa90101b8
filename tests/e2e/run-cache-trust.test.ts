import { Database } from "bun:sqlite";
import { afterAll, describe, expect, test } from "bun:test";
import { type TestProject, hasStackTrace } from "../support/project";
import { cloneProject, makeRemoteProject } from "../support/remote-fixtures";
import { stageEnds, stageStatuses } from "../support/run-events";
import { type TestS3Server, startS3Server } from "../support/s3-server";
import { startTestFile } from "../support/start-test-file";
import { type TrustBackend, type TrustRemote, folderBackend, s3Backend } from "../support/trust-backends";

let server: TestS3Server;
const started = await startTestFile(import.meta, async () => {
  server = await startS3Server();
});
afterAll(async () => {
  await server?.dispose();
});

/** scale is deterministic; noisy writes random bytes, so two machines running it disagree. */
const PIPELINE = `stages:
  scale:
    cmd: sed 's/x/xx/g' input.txt > scaled.txt && echo scale >> ran.log
    deps: [input.txt]
    outs: [scaled.txt]
  noisy:
    cmd: cat input.txt > noisy.txt && head -c 8 /dev/urandom | od -An -x >> noisy.txt && echo noisy >> ran.log
    deps: [input.txt]
    outs: [noisy.txt]
`;

/** A project on `remote` with settings of `origin` (indented lines such as `    readonly: true\n`). */
function projectOn(remote: TrustRemote, settings = ""): TestProject {
  const project = makeRemoteProject(remote.url, settings);
  project.write("pivot.yaml", PIPELINE);
  return project;
}

/** Drops what the project remembers of its remotes (the run cache stays), as a new machine would know nothing. */
function forgetRemoteIndex(project: TestProject): void {
  const db = new Database(project.path(".pivot/state.db"));
  db.run("DELETE FROM remote_index");
  db.close();
}

function keyOf(keys: string[], stage: string): string {
  const key = keys.find((k) => k.includes(`/${stage}/`));
  if (!key) throw new Error(`no record of ${stage} in ${keys.join(", ")}`);
  return key;
}

const backends: TrustBackend[] = [folderBackend, s3Backend(() => server)];

for (const backend of backends) {
  describe.if(started)(`run-cache trust (${backend.name})`, () => {
    test("records are written once: another machine's different outputs for the same key are refused and named; the same outputs are a no-op", async () => {
      const remote = backend.fresh();
      const first = projectOn(remote);
      expect((await remote.run(first, "repro")).exitCode).toBe(0);
      expect((await remote.run(first, "push")).exitCode).toBe(0);
      const keys = await remote.recordKeys();
      const noisyKey = keyOf(keys, "noisy");
      const before = await remote.readRecord(noisyKey);

      // Another machine runs the same inputs: scale agrees, noisy does not.
      const second = cloneProject(first);
      second.write("pivot.yaml", PIPELINE);
      second.remove(".pivot/stages");
      expect((await remote.run(second, "repro")).exitCode).toBe(0);
      const push = await remote.run(second, "push");
      expect(push.exitCode).toBe(0);
      expect(push.output).toContain("1 run-cache record not pushed: origin already holds that key with other outputs (records are written once, never replaced):");
      expect(push.output).toContain(`noisy (${noisyKey}): the remote's record names other outputs for noisy.txt`);
      expect(push.output).not.toContain("scale (");
      expect(await remote.readRecord(noisyKey)).toBe(before);
      expect(await remote.recordKeys()).toEqual(keys);

      // The same content again (the remote index forgotten, so the records are looked at): nothing is written.
      forgetRemoteIndex(first);
      const again = await remote.run(first, "push", "--json");
      expect(again.exitCode).toBe(0);
      const report = JSON.parse(again.stdout);
      expect(report.runCache).toMatchObject({ transferred: 0, present: 2, conflicts: [] });
      expect(await remote.readRecord(noisyKey)).toBe(before);
    });
  });
}
