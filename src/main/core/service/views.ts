// Records as the faces see them: plain data for IPC and HTTP.
import type { DeploymentView } from '../../../shared/schemas';
import type { Deployment } from '../db/deployments';

export function deploymentView(d: Deployment): DeploymentView {
  return {
    id: d.id,
    host: d.host,
    kind: d.kind,
    action: d.action,
    bundle: d.bundle ?? null,
    reason: d.reason ?? null,
    operator: d.operator,
    station: d.station ?? null,
    fromGeneration: d.fromGeneration,
    toGeneration: d.toGeneration,
    startedAt: d.startedAt,
    finishedAt: d.finishedAt,
    outcome: d.outcome,
    outcomeReason: d.outcomeReason,
    bytesSent: d.bytesSent,
    pathsSent: d.pathsSent,
  };
}
