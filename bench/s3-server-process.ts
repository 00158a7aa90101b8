// Runs a test S3 server (s3rver) in its own process for benchmarks: prints one JSON line
// { endpoint, bucket, env } on stdout, then serves until killed.
import { startS3Server } from "../tests/support/s3-server";

const server = await startS3Server(process.argv[2] ?? "bench");
process.stdout.write(`${JSON.stringify({ endpoint: server.endpoint, bucket: server.bucket, env: server.env })}\n`);
const stop = async () => {
  await server.dispose();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
setInterval(() => {}, 1 << 30);
