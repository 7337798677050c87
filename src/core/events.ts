import { Class, Declarations } from './registry';
import { TenantContext } from './tenant-context';

/**
 * Something that happened in a context (a level fell below its threshold, a wished-for SKU
 * came back), told to whoever subscribed: the publisher does not know who, so a context that
 * publishes never imports the one that reacts (notification decides what to mail). The
 * publishing context declares the event's type (`{ type: 'inventory.low_stock', ... }`) on
 * its surface.
 */
export interface DomainEvent {
  readonly type: string;
}

/**
 * Reacts to events of the types it is declared for (`@OnEvent`). Called in the publisher's
 * call, awaited: its failure is the publisher's (a stream record retried, say), so it must be
 * idempotent, as everything on the stream path is.
 */
export interface EventSubscriber<E extends DomainEvent = DomainEvent> {
  on(ctx: TenantContext, event: E): Promise<void>;
}

export const declaredSubscribers = new Declarations<{ types: readonly string[] }>('event subscriber');

/** Declares a class as a subscriber of events of `types` when its file is imported. */
export function OnEvent<E extends DomainEvent>(...types: E['type'][]): (type: Class<EventSubscriber<E>>) => void {
  return declaredSubscribers.declarer({ types });
}

/** Where a subscriber's instance comes from: the Nest container, or a hand-wired set (the read-model Lambda runs without Nest). */
export type SubscriberSource = (type: Class) => object | undefined;

/**
 * Publishes events to the declared subscribers of their type, one after the other in the
 * order their files were imported, each awaited. An event nobody subscribed to is dropped; a
 * declared subscriber this runtime cannot make is an error (its reaction would be lost silently).
 */
export class DomainEvents {
  constructor(private readonly source: SubscriberSource) {}

  async publish<E extends DomainEvent>(ctx: TenantContext, event: E): Promise<void> {
    for (const { type, meta } of declaredSubscribers.all()) {
      if (!meta.types.includes(event.type)) continue;
      const subscriber = this.source(type) as EventSubscriber<E> | undefined;
      if (!subscriber) throw new Error(`a subscriber of ${event.type} (${type.name}) has no instance here`);
      await subscriber.on(ctx, event);
    }
  }
}
