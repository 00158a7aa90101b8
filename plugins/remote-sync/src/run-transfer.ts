import { type Project, type TransferReport, error, info, parseJobs, printJson, renderTransferReport, success, transferSucceeded, warn, withProject } from "@pivot/core/internal";
import { createProgressView } from "./progress-view";

export interface TransferArgs {
  _: string[];
  remote?: string;
  jobs?: string;
  dryRun?: boolean;
  json?: boolean;
  all?: boolean;
  strict?: boolean;
}

type Transfer = (project: Project, common: { targets: string[]; cwd: string; remote?: string; jobs?: number; dryRun: boolean; onProgress: ReturnType<typeof createProgressView>["listener"] }) => Promise<TransferReport>;

/** Opens the project, runs one transfer with a progress view, prints the report, sets the exit code. */
export async function runTransfer(args: TransferArgs, transfer: Transfer): Promise<void> {
  const jobs = parseJobs(args.jobs);
  const view = createProgressView();
  const report = await withProject({ all: args.all, strict: args.strict, allowNoPipeline: true }, async (project) => {
    try {
      return await transfer(project, {
        targets: args._,
        cwd: process.cwd(),
        ...(args.remote !== undefined ? { remote: args.remote } : {}),
        ...(jobs !== undefined ? { jobs } : {}),
        dryRun: args.dryRun === true,
        onProgress: view.listener,
      });
    } finally {
      view.finish();
    }
  });
  if (args.json) printJson(report);
  else {
    for (const line of renderTransferReport(report)) {
      if (line.level === "success") success(line.text);
      else if (line.level === "warn") warn(line.text, line.hint);
      else if (line.level === "error") error(line.text, line.hint);
      else info(line.text);
    }
  }
  if (!transferSucceeded(report)) process.exitCode = 1;
}
