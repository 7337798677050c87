/** `npm run tables`: create or update the tables in the DynamoDB at DYNAMODB_ENDPOINT (default: the local one). */
import { loadConfig } from '../src/config';
import { ensureTables } from './lib/tables';

const endpoint = process.env.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8000}`;
ensureTables(loadConfig(), endpoint).then(
  () => process.stdout.write(`tables ready at ${endpoint}\n`),
  (error) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  },
);
