import { Injectable } from '@nestjs/common';
import { Attributes, CommandItem, EntityRecord } from '../entity';
import { TenantContext } from '../tenant-context';

/** One applied command, as the data-sync handlers see it. */
export interface SyncedChange<A = Attributes> {
  command: CommandItem<A>;
  /** The entity at the command's version. */
  current: EntityRecord<A>;
  /** The version it superseded; absent for version 1. */
  previous?: EntityRecord<A>;
  /**
   * True when this delivery applied the version; false for a redelivery of one applied before.
   * Only after a first application can a handler be sure no earlier run of it saw this change.
   */
  firstApplication: boolean;
}

/**
 * Reacts to an applied command (reserve stock, send a mail, ...). `up` runs after the command
 * is applied and may run again for the same change (redelivery): it must be idempotent.
 * `down` undoes what `up` did when the core gives up on the change (dead-letter); it must be
 * safe when `up` never ran or ran only in part. A handler that cannot be undone omits `down`
 * and says why in its comment.
 */
export interface DataSyncHandler<A = Attributes> {
  /** Registered under this explicit name, never a class name (minifiers rename classes). */
  readonly name: string;
  readonly entityType: string;
  up(ctx: TenantContext, change: SyncedChange<A>): Promise<void>;
  down?(ctx: TenantContext, change: SyncedChange<A>): Promise<void>;
}

/** Handlers by entity type, in registration order. Modules register theirs on init. */
@Injectable()
export class DataSyncRegistry {
  private readonly byType = new Map<string, DataSyncHandler[]>();

  register<A>(handler: DataSyncHandler<A>): void {
    const list = this.byType.get(handler.entityType) ?? [];
    if (list.some((h) => h.name === handler.name)) {
      throw new Error(`data-sync handler ${handler.name} is registered twice for ${handler.entityType}`);
    }
    list.push(handler as unknown as DataSyncHandler);
    this.byType.set(handler.entityType, list);
  }

  handlersFor(entityType: string): readonly DataSyncHandler[] {
    return this.byType.get(entityType) ?? [];
  }
}
