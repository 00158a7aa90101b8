import { Database } from "bun:sqlite";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serializeRunRecord } from "../../packages/core/src/remote/run-cache-records";
import { afterAll, describe, expect, test } from "bun:test";
import { type TestProject, hasStackTrace } from "../support/project";
import { cloneProject, makeRemoteProject } from "../support/remote-fixtures";
import { stageEnds, stageStatuses } from "../support/run-events";
import { type TestS3Server, startS3Server } from "../support/s3-server";
import { requireExecutable, startTestFile } from "../support/start-test-file";
import { type TrustBackend, type TrustRemote, folderBackend, s3Backend } from "../support/trust-backends";

let server: TestS3Server;
let keys: { dir: string; signPem: string; verifyPem: string };
await startTestFile(import.meta, async () => {
  keys = makeSigningKeys();
  server = await startS3Server();
});

/** A CI signing key and its public half, made with the commands docs/remotes.md gives. */
function makeSigningKeys(): { dir: string; signPem: string; verifyPem: string } {
  const openssl = requireExecutable("openssl");
  const dir = mkdtempSync(join(tmpdir(), "pivot-keys-"));
  for (const args of [["genpkey", "-algorithm", "ed25519", "-out", join(dir, "pivot-sign.pem")], ["pkey", "-in", join(dir, "pivot-sign.pem"), "-pubout", "-out", join(dir, "pivot-verify.pem")]]) {
    const proc = Bun.spawnSync([openssl, ...args], { stderr: "pipe" });
    if (proc.exitCode !== 0) throw new Error(`openssl ${args.join(" ")} failed: ${proc.stderr.toString()}`);
  }
  return { dir, signPem: readFileSync(join(dir, "pivot-sign.pem"), "utf8"), verifyPem: readFileSync(join(dir, "pivot-verify.pem"), "utf8") };
}

/** Settings of a signed remote: the public key is committed with the project, the private one only CI has (env). */
const SIGNED = "    trust: signed\n    verify_key: keys/pivot-verify.pem\n    sign_key: env:CI_SIGN_KEY\n";

/** CI: runs and pushes with the signing key; returns the project (input.txt = `input`). */
async function ciPushes(remote: TrustRemote, input: string): Promise<TestProject> {
  const ci = projectOn(remote, SIGNED);
  ci.write("keys/pivot-verify.pem", keys.verifyPem);
  ci.write("input.txt", input);
  expect((await remote.run(ci, "repro")).exitCode).toBe(0);
  const push = await remote.runWith(ci, { CI_SIGN_KEY: keys.signPem }, "push");
  expect(push.output).toContain("Pushed");
  expect(push.exitCode).toBe(0);
  return ci;
}

/** A developer machine: the same commit (lock files, config, public key), nothing else, the remote read-only. */
function developerClone(ci: TestProject, input: string): TestProject {
  const dev = cloneProject(ci);
  dev.write("keys/pivot-verify.pem", keys.verifyPem);
  dev.write(".pivot/config.yaml", dev.read(".pivot/config.yaml").replace("    trust: signed\n", "    trust: signed\n    readonly: true\n"));
  dev.write("input.txt", input);
  return dev;
}
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
  describe(`run-cache trust (${backend.name})`, () => {
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

    test("trust: signed restores CI's signed entries, and refuses a forged one (right key, wrong outputs): the stage runs and the run says why", async () => {
      const remote = backend.fresh();
      const ci = await ciPushes(remote, "x\n");
      const scaleKey = keyOf(await remote.recordKeys(), "scale");
      const signed = JSON.parse(await remote.readRecord(scaleKey));
      expect(signed.signature).toMatchObject({ alg: "ed25519", keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });

      // What git carries to developers: this commit's lock files (CI's later runs are not committed).
      const commit = cloneProject(ci);
      // Signed entries are used: a developer with CI's inputs restores instead of running.
      const dev = developerClone(commit, "x\n");
      const good = await remote.run(dev, "repro", "--pull", "--json", "scale");
      expect(good.exitCode).toBe(0);
      expect(stageStatuses(good.stdout)).toEqual({ scale: "restored" });

      // CI runs new inputs; someone with write access replaces that record by one naming other
      // outputs (an object the remote holds), first with a fresh digest and no signature, then
      // keeping CI's signature.
      ci.write("input.txt", "xyx\n");
      expect((await remote.run(ci, "repro", "scale")).exitCode).toBe(0);
      expect((await remote.runWith(ci, { CI_SIGN_KEY: keys.signPem }, "push")).exitCode).toBe(0);
      const newKey = (await remote.recordKeys()).find((k) => k.includes("/scale/") && k !== scaleKey)!;
      const genuine = JSON.parse(await remote.readRecord(newKey));
      const forgedEntry = { ...genuine, outputs: { "scaled.txt": signed.outputs["scaled.txt"] } };
      const forged = JSON.parse(await serializeRunRecord(newKey, forgedEntry));
      for (const [body, reason] of [
        [forged, "not signed (the remote is trust: signed)"],
        [{ ...forged, signature: genuine.signature }, "its signature does not verify"],
      ] as const) {
        await remote.writeRecord(newKey, JSON.stringify(body));
        const victim = developerClone(commit, "xyx\n");
        const run = await remote.run(victim, "repro", "--pull", "--json", "scale");
        expect(run.exitCode).toBe(0);
        expect(stageStatuses(run.stdout)).toEqual({ scale: "ran" });
        expect(stageEnds(run.stdout).scale!.note).toContain(`run-cache record on origin ignored: ${reason}`);
        expect(victim.read("scaled.txt")).toBe("xxyxx\n");
        const text = await remote.run(developerClone(commit, "xyx\n"), "repro", "--pull", "scale");
        expect(text.output).toContain(`! --pull: ignored the run-cache record of scale on origin: ${reason}`);
        expect(text.output).toContain("the stage ran instead");
        expect(hasStackTrace(text.output)).toBe(false);
      }

      // pull refuses it too, and says so.
      const pull = await remote.run(developerClone(commit, "xyx\n"), "pull", "--run-cache");
      expect(pull.output).toContain("1 run-cache record from origin ignored (their stages will run instead):");
      expect(pull.output).toContain(`scale (${newKey}): its signature does not verify`);
    });

    test("on a remote trusting any record, an edited record fails its digest and a damaged object its hash: the stage runs, and the run says so", async () => {
      const remote = backend.fresh();
      const source = projectOn(remote);
      expect((await remote.run(source, "repro", "scale")).exitCode).toBe(0);
      expect((await remote.run(source, "push")).exitCode).toBe(0);
      const commit = cloneProject(source);
      const first = keyOf(await remote.recordKeys(), "scale");
      source.write("input.txt", "xx\n");
      expect((await remote.run(source, "repro", "scale")).exitCode).toBe(0);
      expect((await remote.run(source, "push")).exitCode).toBe(0);
      const key = (await remote.recordKeys()).find((k) => k.includes("/scale/") && k !== first)!;
      const record = JSON.parse(await remote.readRecord(key));
      const machine = () => {
        const clone = cloneProject(commit);
        clone.write("input.txt", "xx\n");
        return clone;
      };

      // The record's outputs edited in place (its digest left as it was).
      await remote.writeRecord(key, JSON.stringify({ ...record, outputs: { "scaled.txt": JSON.parse(await remote.readRecord(first)).outputs["scaled.txt"] } }));
      const edited = machine();
      const run = await remote.run(edited, "repro", "--pull", "scale");
      expect(run.exitCode).toBe(0);
      expect(run.output).toContain("! --pull: ignored the run-cache record of scale on origin: its content does not match its digest (damaged or edited on the remote); the stage ran instead");
      expect(edited.read("scaled.txt")).toBe("xxxx\n");
      expect(edited.read("ran.log")).toBe("scale\n");

      // The record intact, the object it names damaged on the remote: the download's re-hash refuses it.
      await remote.writeRecord(key, JSON.stringify(record));
      await remote.writeObject(record.outputs["scaled.txt"], "poisoned\n");
      const damaged = machine();
      const json = await remote.run(damaged, "repro", "--pull", "--json", "scale");
      expect(json.exitCode).toBe(0);
      expect(stageStatuses(json.stdout)).toEqual({ scale: "ran" });
      expect(stageEnds(json.stdout).scale!.note).toBe("run-cache entry found, but its outputs could not be fetched from origin");
      expect(damaged.read("scaled.txt")).toBe("xxxx\n");
      const text = await remote.run(machine(), "repro", "--pull", "scale");
      expect(text.output).toContain("--pull: 1 output was not on origin or damaged there; their stages ran instead");
    });

    test("a read-only remote refuses push (and gc --remote) naming the remote and the setting", async () => {
      const remote = backend.fresh();
      const project = projectOn(remote, "    readonly: true\n");
      expect((await remote.run(project, "repro")).exitCode).toBe(0);
      const push = await remote.run(project, "push");
      expect(push.exitCode).not.toBe(0);
      expect(push.output).toContain("Remote 'origin' (");
      expect(push.output).toContain("is read-only (remotes.origin.readonly: true): push does not write there");
      expect(hasStackTrace(push.output)).toBe(false);
      expect(await remote.recordKeys()).toEqual([]);
      const gc = await remote.run(project, "gc", "--remote", "origin");
      expect(gc.exitCode).not.toBe(0);
      expect(gc.output).toContain("is read-only (remotes.origin.readonly: true): gc --remote does not write there");
    });
  });
}

describe("an unreachable or slow run cache never fails a run (S3 remote)", () => {
  const s3 = s3Backend(() => server);

  test("s3rver stopped: repro --pull runs the stages and says the remote was skipped and why", async () => {
    const remote = s3.fresh();
    const source = projectOn(remote);
    expect((await remote.run(source, "repro")).exitCode).toBe(0);
    expect((await remote.run(source, "push")).exitCode).toBe(0);
    const clone = cloneProject(source);
    clone.write("pivot.yaml", PIPELINE);
    clone.write("input.txt", "xx\n");
    await server.stop();
    try {
      const run = await remote.run(clone, "repro", "--pull", "--json");
      expect(run.exitCode).toBe(0);
      expect(stageStatuses(run.stdout)).toEqual({ scale: "ran", noisy: "ran" });
      const notes = Object.values(stageEnds(run.stdout)).map((e) => e.note);
      expect(notes.some((n) => /^run cache on origin skipped: Remote 'origin' \(s3:\/\/.*\) is not answering/.test(String(n)))).toBe(true);
      const text = await remote.run(cloneProject(clone), "repro", "--pull");
      expect(text.exitCode).toBe(0);
      expect(text.output).toMatch(/! --pull: stopped asking origin: Remote 'origin' \(s3:\/\/[^)]*\) is not answering: .*; the remaining stages ran instead/);
      expect(hasStackTrace(text.output)).toBe(false);
    } finally {
      await server.start();
    }
    expect(clone.read("scaled.txt")).toBe("xxxx\n");
  });

  test("an endpoint that accepts connections and never answers: each request gives up after timeout_ms, the stages run", async () => {
    const silent = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {}, open() {} } });
    try {
      const project = makeRemoteProject(`s3://${server.bucket}/silent`, "    timeout_ms: 300\n");
      project.write("pivot.yaml", PIPELINE);
      const env = { ...server.env, AWS_ENDPOINT_URL: `http://127.0.0.1:${silent.port}`, PIVOT_REMOTE_BACKOFF_MS: "20" };
      const started = performance.now();
      const run = await project.pivotWith({ env }, "repro", "--pull");
      expect(run.exitCode).toBe(0);
      expect(run.output).toContain("! --pull: stopped asking origin: Remote 'origin' did not answer a read of record runs/");
      expect(run.output).toContain("within 300ms; the remaining stages ran instead");
      expect(project.read("ran.log").split("\n").filter(Boolean).sort()).toEqual(["noisy", "scale"]);
      expect(performance.now() - started).toBeLessThan(8000);
    } finally {
      silent.stop(true);
    }
  });
});
