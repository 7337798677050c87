import { ReadModel } from './read-model';

/**
 * For /health: when the projection last applied a record, and how late that record was. Apart
 * from the projections, so the API's bundle does not carry them for it.
 */
export async function projectionLag(model: ReadModel): Promise<{ lagMs: number; lastAppliedAt?: string; lastEventAt?: string }> {
  return model.asPlatform(async (tx) => {
    const [row] = await tx.query<{ last_applied_at: Date; last_event_at: Date; lag_ms: number }>(
      'SELECT last_applied_at, last_event_at, lag_ms FROM projection_status ORDER BY last_applied_at DESC LIMIT 1',
    );
    if (!row) return { lagMs: 0 };
    return { lagMs: row.lag_ms, lastAppliedAt: new Date(row.last_applied_at).toISOString(), lastEventAt: new Date(row.last_event_at).toISOString() };
  });
}
