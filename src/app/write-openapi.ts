/**
 * `npm run synth` runs this after tsc: writes the OpenAPI document next to the compiled app
 * (dist/app/openapi.json), where the API Lambda's bundle takes it from. The Lambda then serves
 * the document as a file and needs no Swagger at run time.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from './create-app';
import { openApiDocument } from '../http/docs';

async function main(): Promise<void> {
  const app = await createApp({ docs: 'none' });
  writeFileSync(join(__dirname, 'openapi.json'), JSON.stringify(openApiDocument(app)));
  await app.close();
}

void main();
