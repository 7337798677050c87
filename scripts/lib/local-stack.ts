import { freePort } from './dynamodb-local';

/**
 * The environment for running `npm start` beside other things (tests, the burst bench): its own
 * free ports, data folder and in-memory DynamoDB Local, and none of the caller's table or key
 * settings leaking in.
 */
export interface StackPorts {
  api: number;
  lambda: number;
  dynamo: number;
  cognito: number;
  mailViewer: number;
  admin: number;
  store: number;
  /** The local S3 API (media bucket, job files). */
  s3: number;
}

/** A free port for each server of the stack. */
export async function freeStackPorts(): Promise<StackPorts> {
  return { api: await freePort(), lambda: await freePort(), dynamo: await freePort(), cognito: await freePort(), mailViewer: await freePort(), admin: await freePort(), store: await freePort(), s3: await freePort() };
}

export function isolatedStackEnv(ports: StackPorts, dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    API_PORT: String(ports.api),
    // Not listened on any more (the invoke endpoint is a private socket); set so a test can prove it.
    LAMBDA_PORT: String(ports.lambda),
    DYNAMODB_PORT: String(ports.dynamo),
    COGNITO_PORT: String(ports.cognito),
    MAIL_VIEWER_PORT: String(ports.mailViewer),
    ADMIN_PORT: String(ports.admin),
    STORE_PORT: String(ports.store),
    S3_PORT: String(ports.s3),
    DATA_DIR: dataDir,
    DYNAMODB_IN_MEMORY: 'true',
    DYNAMODB_ENDPOINT: '',
    TABLE_PREFIX: '',
    AUTH_JWKS_FILE: '',
    ...extra,
  };
}
