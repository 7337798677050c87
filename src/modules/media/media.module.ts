import { Module } from '@nestjs/common';
import { TenantModule } from '../tenant/tenant.module';
import { MediaLibrary } from './media.library';
import { MediaStorage } from './media.storage';

/** The media context's services for the API (the media function builds its own: `MediaPublisher.withoutNest`). */
@Module({
  imports: [TenantModule],
  providers: [MediaLibrary, MediaStorage],
  exports: [MediaLibrary],
})
export class MediaModule {}
