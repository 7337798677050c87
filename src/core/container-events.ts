import { Injectable } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { declaredSubscribers, DomainEvents } from './events';
import { Class, instancesIn } from './registry';

/**
 * The Nest applications' publisher: subscribers are the container's instances. Apart from
 * events.ts, which the read-model Lambda loads: @nestjs/core would add 1.3 MB to its bundle.
 */
@Injectable()
export class ContainerDomainEvents extends DomainEvents {
  constructor(modules: ModulesContainer) {
    let found: Map<Class, object> | undefined;
    // Looked up on the first event, once the container holds every instance.
    super((type) => (found ??= new Map(instancesIn(modules, declaredSubscribers).map(({ type, instance }) => [type, instance]))).get(type));
  }
}
