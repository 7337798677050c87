import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN } from '../../../http/codes';
import { PageQueryDto } from '../../../http/page-query.dto';

@ApiSchema({ name: 'OutboxMessage', description: 'One mail of the outbox (src/modules/notification/notification.model.ts)' })
export class OutboxMessageResponse {
  @ApiProperty({ type: String, example: 'ORD-000001.v2' })
  messageId!: string;

  @ApiProperty({ type: String, example: 'order.confirmed', description: 'what the message is about' })
  topic!: string;

  @ApiProperty({ enum: ['pending', 'sent', 'skipped'] })
  status!: 'pending' | 'sent' | 'skipped';

  @ApiPropertyOptional({ type: String, description: 'absent when nobody can be written to (the message is skipped)' })
  to?: string;

  @ApiProperty({ type: String })
  subject!: string;

  @ApiProperty({ type: String })
  body!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  sentAt?: string;

  @ApiPropertyOptional({ type: String, example: 'the recipient had 30 mails this hour (mailsPerRecipientPerHour)', description: 'why a skipped message was not sent: no recipient address, or its (unverified) recipient had mailsPerRecipientPerHour mails this hour' })
  skippedReason?: string;
}

@ApiSchema({ name: 'OutboxPage' })
export class OutboxPageResponse {
  @ApiProperty({ type: [OutboxMessageResponse] })
  items!: OutboxMessageResponse[];

  @ApiPropertyOptional({ type: String, description: 'opaque; pass it as `cursor` for the next page; absent on the last page' })
  cursor?: string;
}

/** `GET /notifications`: `limit` and `cursor` from PageQueryDto, and one order's mails. */
export class ListNotificationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'ORD-000001', description: "one order's mails: its status mails and its payments' (one Query of the message ids starting with the code)" })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  orderCode?: string;
}
