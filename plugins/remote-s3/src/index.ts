import { definePlugin } from "@pivot/core";
import { createS3Remote } from "./s3-remote";

export default definePlugin({
  name: "@pivot/plugin-remote-s3",
  version: "0.1.0",
  remotes: [{ scheme: "s3", create: createS3Remote }],
});
