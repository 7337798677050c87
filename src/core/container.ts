import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { declaredSubscribers, DomainEvents } from './events';
import { Class, instancesIn } from './registry';
import { declaredSweeps, SweepRegistry } from './sweep';
import { declaredHandlers, DataSyncRegistry } from './sync/data-sync-handler';

/**
 * Hands the registries the Nest application's instances of the declared handlers and sweeps,
 * at init, in the container's order (`instancesIn`). The only core file that needs
 * @nestjs/core: the registries and decorators stay free of it, since the read-model Lambda
 * (no Nest) loads them, and @nestjs/core would add 1.3 MB to its bundle.
 */
@Injectable()
export class ContainerInstances implements OnModuleInit {
  constructor(
    private readonly modules: ModulesContainer,
    private readonly handlers: DataSyncRegistry,
    private readonly sweeps: SweepRegistry,
  ) {}

  onModuleInit(): void {
    this.handlers.useDeclared(instancesIn(this.modules, declaredHandlers));
    this.sweeps.useDeclared(instancesIn(this.modules, declaredSweeps));
  }
}

/** The Nest applications' publisher: subscribers are the container's instances. */
@Injectable()
export class ContainerDomainEvents extends DomainEvents {
  constructor(modules: ModulesContainer) {
    let found: Map<Class, object> | undefined;
    // Looked up on the first event, once the container holds every instance.
    super((type) => (found ??= new Map(instancesIn(modules, declaredSubscribers).map(({ type, instance }) => [type, instance]))).get(type));
  }
}
