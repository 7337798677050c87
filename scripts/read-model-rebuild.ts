/**
 * `npm run read-model:rebuild [-- --tenant <code>]`: rebuilds the read model of the local stack
 * from its event store (the command table in `.data/dynamodb`; stock from the data table):
 * every tenant into a fresh schema generation, then the switch; or one tenant in one
 * transaction. PGlite is one process's database, so this runs while `npm start` is stopped
 * (it says so when it is not); it starts DynamoDB Local on the kept data by itself. With
 * READ_MODEL_HOST set it works on a deployed stack instead (README, Read model).
 */
import { join, resolve } from 'node:path';
import { resetConfig } from '../src/config';
import { resetDynamo } from '../src/core/dynamo';
import { closeReadModel, lockHolder, readModel } from '../src/read-model/read-model';
import { rebuildReadModel } from '../src/app/rebuild';
import { TENANT_CODE } from '../src/modules/tenant/dto/tenant.dto';
import { freePort, RunningDynamo, SetupProblem, startDynamoLocal } from './lib/dynamodb-local';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const say = (line: string) => process.stdout.write(`[read-model] ${line}\n`);

function tenantArgument(args: string[]): string | undefined {
  const at = args.indexOf('--tenant');
  if (at === -1) return undefined;
  const tenant = args[at + 1];
  if (!tenant || !TENANT_CODE.test(tenant)) throw new SetupProblem('--tenant needs a tenant code');
  return tenant;
}

async function main(): Promise<void> {
  const tenant = tenantArgument(process.argv.slice(2));
  const dataDir = resolve(process.env.DATA_DIR ?? '.data');
  const dir = process.env.READ_MODEL_DIR || join(dataDir, 'read-model');
  const holder = process.env.READ_MODEL_HOST ? undefined : lockHolder(dir);
  if (holder) throw new SetupProblem(`process ${holder} (npm start) has the read model in ${dir} open: stop it, then run this again`);
  let dynamo: RunningDynamo | undefined;
  try {
    // Against AWS (READ_MODEL_HOST set: Aurora, from a host that reaches it), the event store is
    // the deployed tables (COMMAND_TABLE, DATA_TABLE); locally, DynamoDB Local on the kept data.
    if (!process.env.DYNAMODB_ENDPOINT && !process.env.READ_MODEL_HOST) {
      dynamo = await startDynamoLocal(await freePort(), join(dataDir, 'dynamodb'));
      process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
    }
    process.env.READ_MODEL_DIR = dir;
    resetConfig();
    resetDynamo();
    const report = await rebuildReadModel(await readModel(), tenant ? { tenant } : {});
    say(`rebuilt ${tenant ? `tenant ${tenant}` : `${report.tenants.length} tenants`} into ${report.schema}: ${report.entities} entities, ${report.stockLevels} stock levels, ${report.ms} ms`);
  } finally {
    await closeReadModel();
    await dynamo?.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`[read-model] ${error instanceof SetupProblem ? error.message : (error as Error).stack}\n`);
  process.exit(1);
});
