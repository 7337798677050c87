import * as fs from 'node:fs';
import * as path from 'node:path';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledge, nagResourceName } from './nag';

/** Where `npm run build:web` writes the browser apps (dist/admin, dist/store). */
export const DEFAULT_WEB_DIST_DIR = path.join(__dirname, '..', 'dist');

export interface WebHostingProps {
  /** `admin` or `store`: the folder under `distDir`. */
  readonly app: 'admin' | 'store';
  readonly distDir: string;
  /** Written as /config.json beside index.html at deploy (tokens allowed): one build serves every stage. */
  readonly runtimeConfig: Record<string, string>;
  readonly comment: string;
  /** Paths answered by something other than the bucket (the storefront's crawler HTML). */
  readonly additionalBehaviors?: Record<string, cloudfront.BehaviorOptions>;
}

/**
 * One browser app in AWS: a private bucket with the Vite build and its runtime config, served by
 * CloudFront through origin access control. An app route that is not a file (a reload on
 * /orders/ORD-1) gets index.html with 200, as `npm start`'s static server does locally.
 */
export class WebHosting extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    const source = path.join(props.distDir, props.app);
    if (!fs.existsSync(path.join(source, 'index.html'))) throw new Error(`${source}/index.html is missing: run npm run build:web before synth (npm run synth does)`);
    const bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Only build output: the next deploy writes it again.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    acknowledge(bucket, ['AwsSolutions-S1'], 'The build output of a public web app, read by CloudFront only: CloudFront is where requests would be logged.');
    const spaFallback = new cloudfront.Function(this, 'SpaFallback', {
      comment: `${props.app}: app routes (no file extension) get index.html`,
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(
        "function handler(event) { var request = event.request; if (request.uri.indexOf('.') === -1) { request.uri = '/index.html'; } return request; }",
      ),
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: props.comment,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        functionAssociations: [{ function: spaFallback, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: props.additionalBehaviors,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
    });
    acknowledge(this.distribution, ['AwsSolutions-CFR1', 'AwsSolutions-CFR2'], 'A public web app: no geographic restriction, and no WAF in front of cached static files (the API behind it has its own limits).');
    acknowledge(this.distribution, ['AwsSolutions-CFR3'], 'Static files: access logs would record every visitor for no use.');
    acknowledge(this.distribution, ['AwsSolutions-CFR4'], "The default *.cloudfront.net certificate; a shop's own domain and certificate are added per shop.");
    this.url = `https://${this.distribution.distributionDomainName}`;

    new s3deploy.BucketDeployment(this, 'Deploy', {
      destinationBucket: bucket,
      sources: [s3deploy.Source.asset(source), s3deploy.Source.jsonData('config.json', props.runtimeConfig)],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      memoryLimit: 512,
    });
    // The deployment's Lambda and role are CDK's (one custom resource provider per stack, shared by
    // both apps), not ours to shape: a deploy-time copy of the build that CloudFormation runs,
    // retries and reports on.
    const stack = Stack.of(this);
    const provider = stack.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!provider) throw new Error('BucketDeployment: its custom resource provider was not found');
    const reason = "CDK's BucketDeployment custom resource: a deploy-time copy of the build into the app's bucket, run by CloudFormation (which retries and reports its failure).";
    acknowledge(provider, ['AwsSolutions-L1', 'Serverless-LambdaDLQ', 'Serverless-LambdaLatestVersion', 'Serverless-LambdaTracing'], reason);
    acknowledge(provider, ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'AwsSolutions-IAM5[Resource::*]'], reason);
    acknowledge(provider, ['Abort*', 'DeleteObject*', 'GetBucket*', 'GetObject*', 'List*'].map((action) => `AwsSolutions-IAM5[Action::s3:${action}]`), reason);
    const assets = nagResourceName(this, `arn:${stack.partition}:s3:::cdk-hnb659fds-assets-${stack.account}-${stack.region}/*`);
    acknowledge(provider, [`AwsSolutions-IAM5[Resource::${assets}]`, `AwsSolutions-IAM5[Resource::${nagResourceName(this, bucket.bucketArn)}/*]`], reason);
  }
}
