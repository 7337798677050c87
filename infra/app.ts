/**
 * CDK app entry (cdk.json runs it with tsx). Build the handlers first (`npm run synth` does it all):
 *   npm run build && node dist/http/write-openapi.js && npm run build:lambda && npx cdk synth
 * Choose the stage and sender with context: `npx cdk deploy -c stage=prod -c mailFrom=orders@shop.example`.
 */
import { App } from 'aws-cdk-lib';
import { ShopstreamStack } from './shopstream-stack';

const app = new App();

// Synth-time context rather than CfnParameters: the stage names the stack, and both values
// are validated before anything is deployed. Defaults live in cdk.json.
const stage = String(app.node.tryGetContext('stage') ?? 'dev');
const mailFrom = String(app.node.tryGetContext('mailFrom') ?? '');

new ShopstreamStack(app, `shopstream-${stage}`, {
  stage,
  mailFrom,
  description: `shopstream commerce backend (${stage})`,
  // Unset without AWS credentials: the stack then synthesizes environment-agnostic.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  terminationProtection: stage === 'prod',
});
