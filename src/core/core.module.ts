import { Global, Module } from '@nestjs/common';
import { CommandService } from './command.service';
import { DataService } from './data.service';
import { ContainerDomainEvents, ContainerInstances } from './container';
import { DomainEvents } from './events';
import { HistoryService } from './history.service';
import { RateLimits } from './rate-limits';
import { SweepRegistry } from './sweep';
import { TenantSnapshots } from './tenant-snapshots';
import { TenantItemStore } from './tenant-item.store';
import { CommandApplier } from './sync/command-applier';
import { CommandSyncProcessor } from './sync/command-sync.processor';
import { DataSyncRegistry } from './sync/data-sync-handler';
import { DeadLetterSinkProvider } from './sync/dead-letter';
import { SyncAttempts } from './sync/sync-attempts';

/** The CQRS core every bounded context uses: three services, the item store, the stream sync, the sweeps and the domain events. */
@Global()
@Module({
  providers: [
    CommandService,
    DataService,
    HistoryService,
    TenantItemStore,
    RateLimits,
    TenantSnapshots,
    SweepRegistry,
    DataSyncRegistry,
    CommandApplier,
    SyncAttempts,
    DeadLetterSinkProvider,
    CommandSyncProcessor,
    ContainerInstances,
    { provide: DomainEvents, useClass: ContainerDomainEvents },
  ],
  exports: [CommandService, DataService, HistoryService, TenantItemStore, RateLimits, TenantSnapshots, SweepRegistry, DataSyncRegistry, CommandSyncProcessor, DomainEvents],
})
export class CoreModule {}
