import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { config } from '../config';
import { dynamo } from '../core/dynamo';

@ApiTags('health')
@Controller('health')
export class HealthController {
  @Get()
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness and DynamoDB reachability' })
  async health(@Res({ passthrough: true }) response: Response) {
    const started = Date.now();
    try {
      await dynamo().send(new DescribeTableCommand({ TableName: config().tables.data }));
      return { status: 'ok', dynamodb: { reachable: true, latencyMs: Date.now() - started } };
    } catch (error) {
      response.status(503);
      return { status: 'degraded', dynamodb: { reachable: false, error: (error as Error).name } };
    }
  }
}
