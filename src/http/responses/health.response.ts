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

@ApiSchema({ name: 'Health', description: "200 with status ok, or 503 with status degraded when DynamoDB can't be reached" })
export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'degraded'] })
  status!: 'ok' | 'degraded';

  @ApiProperty({ type: DynamoDbHealthResponse })
  dynamodb!: DynamoDbHealthResponse;
}
