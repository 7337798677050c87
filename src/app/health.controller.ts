import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-errors';
import { HealthResponse } from '../http/responses/health.response';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { config } from '../config';
import { dynamo } from '../core/dynamo';
import { deadLetteredProjections } from '../read-model/projection-failures';
import { projectionLag } from '../read-model/projection-lag';
import { readModel } from '../read-model/read-model';

@ApiTags('health')
@Controller('health')
export class HealthController {
  @Get()
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness and DynamoDB reachability' })
  @ApiResponse({ status: 200, type: HealthResponse, description: 'DynamoDB is reachable' })
  @ApiResponse({ status: 503, type: HealthResponse, description: 'DynamoDB cannot be reached (status degraded)' })
  @ApiErrors(504)
  async health(@Res({ passthrough: true }) response: Response) {
    const started = Date.now();
    try {
      await dynamo().send(new DescribeTableCommand({ TableName: config().tables.data }));
      const dynamodb = { reachable: true, latencyMs: Date.now() - started };
      return { status: 'ok', dynamodb, readModel: { ...(await readModelHealth()), deadLettered: await deadLetteredProjections() } };
    } catch (error) {
      response.status(503);
      return { status: 'degraded', dynamodb: { reachable: false, error: (error as Error).name } };
    }
  }
}

async function readModelHealth(): Promise<{ reachable: boolean; lagMs?: number; lastAppliedAt?: string; lastEventAt?: string; error?: string }> {
  try {
    return { reachable: true, ...(await projectionLag(await readModel())) };
  } catch (error) {
    return { reachable: false, error: (error as Error).message };
  }
}
