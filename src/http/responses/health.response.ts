import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'DynamoDbHealth' })
export class DynamoDbHealthResponse {
  @ApiProperty({ type: Boolean })
  reachable!: boolean;

  @ApiPropertyOptional({ type: 'integer', description: 'round trip of a DescribeTable call, when reachable' })
  latencyMs?: number;

  @ApiPropertyOptional({ type: String, example: 'ResourceNotFoundException', description: 'the error name, when not reachable' })
  error?: string;
}

@ApiSchema({ name: 'ReadModelHealth' })
export class ReadModelHealthResponse {
  @ApiProperty({ type: Boolean })
  reachable!: boolean;

  @ApiPropertyOptional({ type: 'integer', description: 'projection lag: how long after its stream record the last applied change was applied (ms)' })
  lagMs?: number;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'when the projection last applied a change (absent before the first)' })
  lastAppliedAt?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'when the newest applied change was written to the stream' })
  lastEventAt?: string;

  @ApiPropertyOptional({ type: String, description: 'the error, when not reachable' })
  error?: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: "stream records the read model's consumer set aside after SYNC_MAX_ATTEMPTS failed tries (dead-lettered, over every tenant): each is a row a rebuild puts right" })
  deadLettered!: number;
}

@ApiSchema({ name: 'Health', description: "200 with status ok, or 503 with status degraded when DynamoDB can't be reached" })
export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'degraded'] })
  status!: 'ok' | 'degraded';

  @ApiProperty({ type: DynamoDbHealthResponse })
  dynamodb!: DynamoDbHealthResponse;

  @ApiPropertyOptional({ type: ReadModelHealthResponse, description: 'the search read model (does not change status: the order path does not depend on it)' })
  readModel?: ReadModelHealthResponse;
}
