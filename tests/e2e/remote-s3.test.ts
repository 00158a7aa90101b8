import { afterAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type TestProject, hasStackTrace, makeProject } from "../support/project";
import { objectFile } from "../support/outputs-project";
import { cachedObjects, cloneProject, lockedHashes, makeRemoteProject } from "../support/remote-fixtures";
import { ranStages } from "../support/run-events";
import { S3RVER_KEY, type TestS3Server, startS3Server } from "../support/s3-server";
import { startTestFile } from "../support/start-test-file";

let server: TestS3Server;
let counter = 0;

await startTestFile(import.meta, async () => {
  server = await startS3Server();
});

afterAll(async () => {
  await server?.dispose();
});

/** Environment of every pivot run: the server's endpoint and credentials, short back-off. */
function env(extra: Record<string, string> = {}): Record<string, string> {
  return { ...server.env, PIVOT_REMOTE_BACKOFF_MS: "20", ...extra };
}

function run(project: TestProject, ...args: string[]) {
  return project.pivotWith({ env: env() }, ...args);
}

/** A fresh prefix per test, so tests never see each other's objects. */
function prefix(): string {
  counter += 1;
  return `t${counter}-${process.pid}`;
}

function objectKey(prefixName: string, hash: string): string {
  return `${prefixName}/files/${hash.slice(0, 2)}/${hash.slice(2)}`;
}

/** Objects s3rver holds under a prefix (read from its folder, without asking the server). */
function storedObjects(prefixName: string): number {
  const root = join(server.directory, server.bucket, prefixName, "files");
  try {
    return readdirSync(root, { recursive: true }).filter((name) => String(name).endsWith("._S3rver_object")).length;
  } catch {
    return 0;
  }
}

async function ranAndPushed(extraConfig = "") {
  const name = prefix();
  const project = makeRemoteProject(`s3://${server.bucket}/${name}`, extraConfig);
  expect((await run(project, "repro")).exitCode).toBe(0);
  const push = await run(project, "push");
  expect(push.stderr).toContain("Pushed");
  expect(push.exitCode).toBe(0);
  return { project, name };
}

describe("S3 remote (s3rver)", () => {
  test("run → push → delete local cache and outputs → pull restores byte-identical outputs", async () => {
    const { project, name } = await ranAndPushed();
    expect(storedObjects(name)).toBe(cachedObjects(project).length);
    const before = readFileSync(project.path("data/sub/b.bin"));
    for (const path of [".pivot/cache", "data", "one.txt", "two.txt", "scaled.txt"]) project.remove(path);
    const pull = await run(project, "pull");
    expect(pull.exitCode).toBe(0);
    expect(readFileSync(project.path("data/sub/b.bin")).equals(before)).toBe(true);
    expect(project.read("two.txt")).toBe("ONE\n");
    expect(ranStages((await run(project, "repro", "--json")).stdout)).toEqual([]);
  });

  test("a large file goes up in parts and comes back identical", async () => {
    const name = prefix();
    const project = makeProject({
      "pivot.yaml": "stages:\n  big:\n    cmd: head -c 12582917 /dev/urandom > big.bin\n    outs: [big.bin]\n",
      ".pivot/config.yaml": `remotes:\n  origin:\n    url: s3://${server.bucket}/${name}\n    multipart_threshold_mb: 5\n    part_size_mb: 5\n`,
    });
    expect((await run(project, "repro")).exitCode).toBe(0);
    const original = readFileSync(project.path("big.bin"));
    expect((await run(project, "push")).exitCode).toBe(0);
    const [hash] = lockedHashes(project, "big");
    expect((await server.client.file(objectKey(name, hash!)).stat()).size).toBe(original.length);
    const clone = cloneProject(project);
    expect((await run(clone, "pull")).exitCode).toBe(0);
    expect(readFileSync(clone.path("big.bin")).equals(original)).toBe(true);
  });

  test("pull <stage> fetches only that stage's objects", async () => {
    const { project } = await ranAndPushed();
    const clone = cloneProject(project);
    expect((await run(clone, "pull", "upper")).exitCode).toBe(0);
    expect(cachedObjects(clone)).toEqual(lockedHashes(project, "upper"));
    expect(clone.exists("data")).toBe(false);
  });

  test("a no-op push makes no request: it succeeds even with the server down", async () => {
    const { project } = await ranAndPushed();
    await server.stop();
    try {
      const noop = await run(project, "push", "--json");
      expect(noop.exitCode).toBe(0);
      const report = JSON.parse(noop.stdout);
      expect(report.objects.transferred).toBe(0);
      expect(report.checks.checked).toBe(0);
    } finally {
      await server.start();
    }
  });

  test("a same-size damaged object is re-hashed and repaired by push --verify-remote", async () => {
    const { project, name } = await ranAndPushed();
    const [hash] = lockedHashes(project, "upper");
    await server.client.write(objectKey(name, hash!), "0NE\n");
    const clone = cloneProject(project);
    const pull = await run(clone, "pull", "upper");
    expect(pull.exitCode).toBe(1);
    expect(pull.stderr).toContain("pivot push --verify-remote");
    const verify = await run(project, "push", "--verify-remote");
    expect(verify.exitCode).toBe(0);
    expect(verify.stderr).toContain("1 object on the remote had damaged content; pushed again");
    expect(await server.client.file(objectKey(name, hash!)).text()).toBe("ONE\n");
    expect((await run(clone, "pull", "upper")).exitCode).toBe(0);
  });

  test("an object deleted on the remote is detected and re-pushed with --verify-remote", async () => {
    const { project, name } = await ranAndPushed();
    const [hash] = lockedHashes(project, "upper");
    await server.client.delete(objectKey(name, hash!));
    const clone = cloneProject(project);
    const pull = await run(clone, "pull", "upper");
    expect(pull.exitCode).toBe(1);
    expect(pull.stderr).toContain("two.txt");
    const verify = await run(project, "push", "--verify-remote");
    expect(verify.exitCode).toBe(0);
    expect(verify.stderr).toContain("had gone from the remote");
    expect(await server.client.exists(objectKey(name, hash!))).toBe(true);
    expect((await run(clone, "pull", "upper")).exitCode).toBe(0);
  });

  test("a corrupted object on the remote is rejected on download", async () => {
    const { project, name } = await ranAndPushed();
    const [hash] = lockedHashes(project, "upper");
    await server.client.write(objectKey(name, hash!), "EVIL\n");
    const clone = cloneProject(project);
    const pull = await run(clone, "pull", "upper");
    expect(pull.exitCode).toBe(1);
    expect(pull.stderr).toContain("corrupt");
    expect(cachedObjects(clone)).toEqual([]);
    expect(clone.exists("two.txt")).toBe(false);
    expect(hasStackTrace(pull.output)).toBe(false);
  });

  test("fetch alone re-hashes each object: a same-size corrupted one is reported and never cached", async () => {
    const { project, name } = await ranAndPushed();
    const [hash] = lockedHashes(project, "upper");
    await server.client.write(objectKey(name, hash!), "EVL\n"); // two.txt is "ONE\n": same size, different bytes
    const clone = cloneProject(project);
    const fetch = await run(clone, "fetch");
    expect(fetch.exitCode).toBe(1);
    expect(fetch.stderr).toContain("corrupt");
    expect(fetch.stderr).toContain(`two.txt (${hash})`);
    expect(hasStackTrace(fetch.output)).toBe(false);
    expect(clone.exists(objectFile(hash!))).toBe(false);
    expect(cachedObjects(clone).length).toBe(cachedObjects(project).length - 1);

    const checkout = await run(clone, "checkout");
    expect(checkout.exitCode).toBe(1);
    expect(clone.exists("two.txt")).toBe(false);
    expect(clone.read("one.txt")).toBe("one\n");
  });

  test("server stopped mid-push, then restarted: the second push completes", async () => {
    const name = prefix();
    const project = makeProject({
      "pivot.yaml": "stages:\n  many:\n    cmd: mkdir -p many && for i in $(seq 1 400); do echo \"file $i\" > many/f$i.txt; done\n    outs: [many/]\n",
      ".pivot/config.yaml": `remotes:\n  origin:\n    url: s3://${server.bucket}/${name}\nremote:\n  jobs: 2\n  retries: 2\n`,
    });
    expect((await run(project, "repro")).exitCode).toBe(0);
    const first = run(project, "push");
    while (storedObjects(name) < 20) await Bun.sleep(5);
    await server.stop();
    const interrupted = await first;
    await server.start();
    expect(interrupted.exitCode).toBe(1);
    expect(interrupted.stderr).toMatch(/incomplete|not answering/);
    expect(interrupted.stderr).toContain("again");
    expect(hasStackTrace(interrupted.output)).toBe(false);
    const partial = storedObjects(name);
    expect(partial).toBeLessThan(401);

    const second = await run(project, "push");
    expect(second.exitCode).toBe(0);
    expect(storedObjects(name)).toBe(401);
    const clone = cloneProject(project);
    const pulled = await run(clone, "pull");
    expect(pulled.stderr).not.toContain("corrupt");
    expect(pulled.exitCode).toBe(0);
    expect(clone.read("many/f400.txt")).toBe("file 400\n");
  }, 60_000);

  test("a fresh clone that pulls runs nothing on repro", async () => {
    const { project } = await ranAndPushed();
    const clone = cloneProject(project);
    expect((await run(clone, "pull")).exitCode).toBe(0);
    const repro = await run(clone, "repro", "--json");
    expect(ranStages(repro.stdout)).toEqual([]);
    expect(clone.exists("ran.log")).toBe(false);
  });

  test("wrong credentials are reported clearly, without the secret", async () => {
    const { project } = await ranAndPushed();
    const secret = "wJalrXUtnFEMI-very-secret-value";
    const result = await project.pivotWith({ env: env({ AWS_ACCESS_KEY_ID: "AKIAWRONG", AWS_SECRET_ACCESS_KEY: secret }) }, "push", "--verify-remote");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("refused the credentials");
    expect(result.stderr).toContain("InvalidAccessKeyId");
    expect(result.output).not.toContain(secret);
    expect(hasStackTrace(result.output)).toBe(false);
  });

  test("credentials, region and endpoint can come from an AWS profile in the shared files", async () => {
    const name = prefix();
    const project = makeRemoteProject(`s3://${server.bucket}/${name}`);
    expect((await run(project, "repro")).exitCode).toBe(0);
    project.write("aws/credentials", `[team]\naws_access_key_id = ${S3RVER_KEY}\naws_secret_access_key = ${S3RVER_KEY}\n`);
    project.write("aws/config", `[profile team]\nregion = us-east-1\nendpoint_url = ${server.env.AWS_ENDPOINT_URL}\n`);
    const profileEnv = {
      ...env(),
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_ENDPOINT_URL: undefined,
      AWS_REGION: undefined,
      AWS_SHARED_CREDENTIALS_FILE: project.path("aws/credentials"),
      AWS_CONFIG_FILE: project.path("aws/config"),
    };
    const pushed = await project.pivotWith({ env: { ...profileEnv, AWS_PROFILE: "team" } }, "push");
    expect(pushed.exitCode).toBe(0);
    expect(storedObjects(name)).toBeGreaterThan(0);
    // Without the profile there are no credentials at all: the same push, checked against the server, fails.
    const anonymous = await project.pivotWith({ env: profileEnv }, "push", "--verify-remote");
    expect(anonymous.exitCode).toBe(1);
    expect(anonymous.stderr).toContain("credentials");
    const missing = await project.pivotWith({ env: { ...profileEnv, AWS_PROFILE: "nobody" } }, "push");
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain("AWS profile 'nobody' (from AWS_PROFILE) is in neither");
    expect(hasStackTrace(missing.output)).toBe(false);
  });

  test("an unreachable endpoint is reported as such, after retries", async () => {
    const { project } = await ranAndPushed();
    const result = await project.pivotWith({ env: env({ AWS_ENDPOINT_URL: "http://127.0.0.1:9" }) }, "push", "--verify-remote");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("not answering");
    expect(hasStackTrace(result.output)).toBe(false);
  });

  test("a missing bucket is one clear error", async () => {
    const project = makeRemoteProject("s3://no-such-bucket/x");
    await run(project, "repro");
    const result = await run(project, "push");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("does not exist");
    expect(result.stderr.match(/does not exist/g)?.length).toBe(1);
  });
});
