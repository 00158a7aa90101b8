import type { Project } from "../project/open-project";
import { checkoutData } from "../outputs/checkout";
import { type FetchRequest, fetchInSession } from "./fetch";
import { closeTransferSession, openTransferSession } from "./transfer-session";
import type { TransferReport } from "./transfer-report";

export interface PullRequest extends FetchRequest {
  /** Overwrite workspace outputs whose content differs from the lock. */
  force?: boolean;
}

/**
 * Fetch, then `checkout` of the same targets: outputs are placed atomically (built beside their
 * path, then renamed), never over a user's change without `force`; outputs whose objects could not
 * be fetched are reported, not placed.
 */
export async function pullFromRemote(project: Project, request: PullRequest): Promise<TransferReport> {
  const session = await openTransferSession(project, "pull", request);
  try {
    await fetchInSession(session, request);
    if (!request.dryRun) {
      session.report.checkout = await checkoutData(project, { targets: request.targets, cwd: request.cwd ?? process.cwd(), force: request.force === true });
    }
  } finally {
    await closeTransferSession(session);
  }
  return session.report;
}
