import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-errors';
import { ListNotificationsQueryDto, OutboxPageResponse } from './dto/notification.response';
import { Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { TenantContext } from '../../core/tenant-context';
import { NotificationOutbox } from './notification.outbox';

@ApiTags('notifications')
@ApiBearerAuth()
@Allow('customers.read')
@Controller('notifications')
export class NotificationController {
  constructor(private readonly outbox: NotificationOutbox) {}

  @Get()
  @ApiOperation({ summary: "Every message of the tenant's outbox (or one order's, `orderCode`): recipient, subject, body, status", description: "A sign-in code or a guest's order token in a mail reads `[hidden: only the recipient sees it]` here: only the mail carries it" })
  @ApiResponse({ status: 200, description: 'A page of the outbox', type: OutboxPageResponse })
  @ApiErrors(400, 401, 403, 504)
  async list(@Tenant() ctx: TenantContext, @Query() query: ListNotificationsQueryDto) {
    return this.outbox.list(ctx, query);
  }
}
