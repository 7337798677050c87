import { App } from 'aws-cdk-lib';
import { addNagChecks } from './nag';
import { ShopstreamStack } from './shopstream-stack';

/**
 * The app `cdk synth` builds (infra/app.ts), shared with test/infra/nag.spec.ts so the checks run
 * on the same stack with the same props: the stage's stack, checked by cdk-nag (infra/nag.ts).
 */
export function defineShopstreamApp(app: App, options: { handlersDir?: string; webDistDir?: string } = {}): ShopstreamStack {
  // Synth-time context rather than CfnParameters: the stage names the stack, and both values
  // are validated before anything is deployed. Defaults live in cdk.json.
  const stage = String(app.node.tryGetContext('stage') ?? 'dev');
  const mailFrom = String(app.node.tryGetContext('mailFrom') ?? '');
  addNagChecks(app);
  return new ShopstreamStack(app, `shopstream-${stage}`, {
    stage,
    mailFrom,
    handlersDir: options.handlersDir,
    webDistDir: options.webDistDir,
    description: `shopstream commerce backend (${stage})`,
    // Unset without AWS credentials: the stack then synthesizes environment-agnostic.
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    terminationProtection: stage === 'prod',
  });
}
