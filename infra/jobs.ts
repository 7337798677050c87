import { Duration } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge, nagResourceName } from './nag';

/** The consumer's time for one step (validation of a 20 MB file, or one batch of products). */
export const JOBS_STEP_TIMEOUT = Duration.minutes(5);

export interface JobsProps {
  /** Where the job files live (uploads, plans, reports, exports), each under `tenants/<tenant>/`. */
  readonly bucket: s3.IBucket;
  /** Makes the consumer function the way the stack makes every function (runtime, logs, tracing, bundling). */
  readonly makeFunction: (id: string, environment: Record<string, string>, deadLetterQueue: sqs.IQueue) => lambda.Function;
  /** The API function: it signs upload forms and download links, reads reports, and sends the first step. */
  readonly api: lambda.Function;
  readonly commandTable: dynamodb.ITable;
  readonly dataTable: dynamodb.ITable;
}

/**
 * Bulk import and export jobs (src/modules/bulk): an SQS queue of job steps and a consumer of its
 * own (src/handlers/bulk-jobs.ts), never the order path's stream consumer. A step that fails is
 * redelivered (every step is safe to run again), and after three receipts set aside in a
 * dead-letter queue. The bucket is a parameter: the lead may share one with catalog media.
 */
export class Jobs extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly consumer: lambda.Function;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);
    const { bucket, api, commandTable, dataTable } = props;
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    acknowledge(this.deadLetterQueue, ['Serverless-SQSRedrivePolicy'], 'This queue is itself a dead-letter queue, read and redriven by an operator: nothing consumes it, so nothing can fail on it.');
    this.queue = new sqs.Queue(this, 'Queue', {
      // Lambda's advice: six times the function's timeout, so a message is never handed out twice while a step still runs.
      visibilityTimeout: Duration.seconds(JOBS_STEP_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 3 },
    });
    const environment = { JOBS_QUEUE_URL: this.queue.queueUrl, JOBS_BUCKET: bucket.bucketName };
    // The queue's dead-letter queue is the function's too: SQS invokes it synchronously, but nothing is left without one.
    this.consumer = props.makeFunction('JobsFunction', environment, this.deadLetterQueue);
    this.consumer.addEventSource(new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: 5 }));
    for (const [name, value] of Object.entries(environment)) api.addEnvironment(name, value);

    // Steps chain: each sends the next. The API sends the first.
    this.queue.grantSendMessages(this.consumer);
    this.queue.grantSendMessages(api);
    // Job files: only objects under tenants/ (the API signs PUT/POST and GET links, which act with its rights).
    const files = `${bucket.bucketArn}/tenants/*`;
    for (const fn of [this.consumer, api]) {
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [files] }));
      acknowledge(fn, [`AwsSolutions-IAM5[Resource::${nagResourceName(fn, files)}]`], "Job files of every shop live under tenants/<tenant>/; the key is built from the verified tenant in src/modules/bulk/job-files.ts, and `*` names only that bucket's prefix.");
    }
    // Imports write products and stock through the services: command versions and data items.
    commandTable.grant(this.consumer, 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:Query');
    dataTable.grantReadWriteData(this.consumer);
    acknowledge(
      this.consumer,
      [`AwsSolutions-IAM5[Resource::${nagResourceName(this.consumer, `${dataTable.tableArn}/index/*`)}]`],
      "The data table's own sparse indexes (gsi1 a customer's orders, gsi2 due work): Query needs them by ARN, and `index/*` names no other table.",
    );
    acknowledge(
      this.consumer,
      ['Serverless-LambdaEventSourceMappingDestination'],
      "An SQS event source mapping takes no on-failure destination (only stream and Kafka mappings do): the queue's redrive policy sends a step that failed three receipts to the dead-letter queue.",
    );
  }
}
