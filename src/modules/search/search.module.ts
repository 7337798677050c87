import { Module } from '@nestjs/common';
import { SearchService } from './search.service';

/** Catalog search over the read model (projections are fed by handlers/read-model-sync.ts, not by this module). */
@Module({
  providers: [SearchService],
  exports: [SearchService],
})
export class SearchModule {}
