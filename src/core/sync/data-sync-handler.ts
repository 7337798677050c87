import { Injectable } from '@nestjs/common';
import { Attributes, CommandItem, EntityRecord } from '../entity';
import { Class, Declarations } from '../registry';
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
 * and says why in its comment. Declared with `@OnApplied(entityType, name)`.
 */
export interface DataSyncHandler<A = Attributes> {
  up(ctx: TenantContext, change: SyncedChange<A>): Promise<void>;
  down?(ctx: TenantContext, change: SyncedChange<A>): Promise<void>;
}

/** A handler with the entity type it follows and its name (which keys its logs and SYNCATTEMPT items, never a class name: minifiers rename classes). */
export interface NamedDataSyncHandler<A = Attributes> extends DataSyncHandler<A> {
  readonly name: string;
  readonly entityType: string;
}

export const declaredHandlers = new Declarations<{ name: string; entityType: string }>('data-sync handler');

/**
 * Declares a class as a data-sync handler of `entityType`'s versions, when its file is
 * imported. The application's container makes the instance (list the class among its
 * module's providers); `DataSyncRegistry` finds it there.
 */
export function OnApplied(entityType: string, name: string): <A>(type: Class<DataSyncHandler<A>>) => void {
  return declaredHandlers.declarer({ name, entityType });
}

/** Every declared handler class, in the order their files were imported. */
export function declaredDataSyncHandlers(): readonly { type: Class; meta: { name: string; entityType: string } }[] {
  return declaredHandlers.all();
}

/**
 * Handlers by entity type. Declared ones first, in the container's order (modules as the
 * app's imports list them, then providers as each module lists them: the worker's order is
 * its own, whichever file another app imported first), then hand-registered ones in
 * registration order (tests). Free of @nestjs/core: the read-model Lambda loads core files.
 */
@Injectable()
export class DataSyncRegistry {
  private declared: NamedDataSyncHandler[] = [];
  private readonly registered: NamedDataSyncHandler[] = [];
  private byType = new Map<string, NamedDataSyncHandler[]>();

  /** The application's instances of the declared handlers, in its container's order (core/container.ts). */
  useDeclared(found: readonly { instance: object; meta: { name: string; entityType: string } }[]): void {
    this.declared = found.map(({ instance, meta }) => {
      const handler = instance as DataSyncHandler;
      return { ...meta, up: handler.up.bind(handler), ...(handler.down ? { down: handler.down.bind(handler) } : {}) };
    });
    this.index();
  }

  /** A handler registered by hand (a test's), after the declared ones. */
  register<A>(handler: NamedDataSyncHandler<A>): void {
    this.registered.push(handler as unknown as NamedDataSyncHandler);
    this.index();
  }

  handlersFor(entityType: string): readonly NamedDataSyncHandler[] {
    return this.byType.get(entityType) ?? [];
  }

  private index(): void {
    const byType = new Map<string, NamedDataSyncHandler[]>();
    for (const handler of [...this.declared, ...this.registered]) {
      const list = byType.get(handler.entityType) ?? [];
      if (list.some((h) => h.name === handler.name)) throw new Error(`data-sync handler ${handler.name} is registered twice for ${handler.entityType}`);
      byType.set(handler.entityType, [...list, handler]);
    }
    this.byType = byType;
  }
}
