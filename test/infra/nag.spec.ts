import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { defineShopstreamApp } from '../../infra/shopstream-app';
import { GUEST_ROUTES } from '../../src/http/browser-access';

/**
 * cdk-nag's AwsSolutions and Serverless packs (infra/nag.ts) on the app `cdk synth` builds
 * (infra/shopstream-app.ts), on the prod stage and on cdk.json's default stage. Bundling is
 * skipped and the handler entries are stubs, as in stack.spec.ts: the checks read the template.
 */

const REPO_ROOT = join(__dirname, '..', '..');
const STUB_HANDLERS = join(__dirname, 'fixtures', 'handlers');

type Violation = {
  ruleName: string;
  severity: string;
  violatingConstructs: { constructPath: string }[];
  /** Set on an acknowledged finding. */
  reason?: string;
  acknowledgedAt?: string;
};
type PluginReport = { pluginName: string; conclusion: string; violations: Violation[]; suppressedViolations?: Violation[] };

const cdkJsonContext = (): Record<string, unknown> => JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')).context;
const DEFAULT_STAGE = String(cdkJsonContext().stage);

/**
 * Synthesizes the app for a stage and returns CDK's validation report (cdk.out/validation-report.json).
 * With a region, as `cdk synth` has one (its default, or the profile's), ARNs in findings read
 * `arn:aws:ses:us-east-1:...` instead of `arn:<AWS::Partition>:ses:<AWS::Region>:...`.
 */
function nagReport(stage: string, region: string | undefined): PluginReport[] {
  const outdir = mkdtempSync(join(tmpdir(), 'shopstream-nag-'));
  const regionBefore = process.env.CDK_DEFAULT_REGION;
  if (region) process.env.CDK_DEFAULT_REGION = region;
  try {
    const app = new App({
      outdir,
      context: {
        ...cdkJsonContext(),
        stage,
        'aws:cdk:bundling-stacks': [],
        // The report is read below and failed on with its findings listed, rather than thrown.
        '@aws-cdk/core:failSynthOnValidationErrors': false,
      },
    });
    defineShopstreamApp(app, { handlersDir: STUB_HANDLERS, webDistDir: join(__dirname, 'fixtures', 'web') });
    app.synth();
    return JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')).pluginReports;
  } finally {
    if (regionBefore === undefined) delete process.env.CDK_DEFAULT_REGION;
    else process.env.CDK_DEFAULT_REGION = regionBefore;
    rmSync(outdir, { recursive: true, force: true });
  }
}

const lines = (violations: Violation[]) => violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} at ${c.constructPath}`));
const acknowledged = (reports: PluginReport[]) => reports.flatMap((r) => r.suppressedViolations ?? []);

describe.each([
  ['prod', undefined],
  [DEFAULT_STAGE, 'us-east-1'],
])('cdk-nag on the %s stage (region %s)', (stage, region) => {
  let reports: PluginReport[];
  beforeAll(() => {
    reports = nagReport(stage, region);
  }, 180_000); // a synth with both packs takes 10-20 s on a busy 2-core box

  it('runs the AwsSolutions and Serverless packs', () => {
    expect(reports.map((r) => r.pluginName).sort()).toEqual(['AwsSolutions', 'Serverless']);
  });

  it('has no finding that is neither fixed nor acknowledged', () => {
    expect(lines(reports.flatMap((r) => r.violations))).toEqual([]);
    expect(reports.map((r) => r.conclusion)).toEqual(['success', 'success']);
  });

  it('gives every acknowledgement a reason', () => {
    expect(acknowledged(reports).length).toBeGreaterThan(0);
    // A sentence, not a placeholder.
    expect(acknowledged(reports).filter((finding) => (finding.reason ?? '').trim().length < 40).map((finding) => finding.ruleName)).toEqual([]);
  });

  it('fixes access logs, tracing, dead-letter queues and the runtime instead of acknowledging them', () => {
    const fixed = ['AwsSolutions-APIG1', 'Serverless-APIGWAccessLogging', 'Serverless-LambdaTracing', 'Serverless-EventBusDLQ', 'AwsSolutions-L1', 'Serverless-LambdaLatestVersion'];
    // Ours, that is: CDK's BucketDeployment provider (the deploy-time copy of the web apps into
    // their buckets, infra/web-hosting.ts) is CDK's code on CDK's runtime, acknowledged with why.
    const ours = (finding: Violation) => finding.violatingConstructs.some((c) => !c.constructPath.includes('/Custom::CDKBucketDeployment'));
    expect(acknowledged(reports).filter((finding) => fixed.includes(finding.ruleName) && ours(finding)).map((finding) => finding.ruleName)).toEqual([]);
    // Only the functions invoked synchronously (HTTP, stream mappings with their own on-failure queues) go without one.
    const withoutDlq = acknowledged(reports).filter((finding) => finding.ruleName === 'Serverless-LambdaDLQ').flatMap((finding) => finding.violatingConstructs.map((c) => c.constructPath)).filter((path) => !path.includes('/Custom::CDKBucketDeployment'));
    expect(withoutDlq.sort()).toEqual(['ApiFunction', 'CommandSyncFunction', 'ReadModelSyncFunction'].map((fn) => `shopstream-${stage}/${fn}/Resource`));
  });

  it('leaves exactly the public, guest and webhook routes without authorization, each acknowledged', () => {
    const open = acknowledged(reports).filter((finding) => finding.ruleName === 'AwsSolutions-APIG4');
    const routes = open.flatMap((finding) => finding.violatingConstructs.map((c) => c.constructPath));
    // /health, /docs, /docs/{proxy+}, the guest routes and the payment webhook (29 today).
    expect(routes).toHaveLength(3 + GUEST_ROUTES.length + 1);
  });

  it(stage === 'prod' ? 'protects the database from deletion on prod (no acknowledgement)' : 'acknowledges the database without deletion protection off prod', () => {
    const rds10 = acknowledged(reports).filter((finding) => finding.ruleName === 'AwsSolutions-RDS10');
    expect(rds10).toHaveLength(stage === 'prod' ? 0 : 1);
  });
});
