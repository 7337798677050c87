/**
 * `npm run bootstrap-admin -- --email <address>`: makes the first system admin (tenant
 * `system`, group `system-admin`, ACCOUNT kind `system`) in the configured user pool and tables
 * (src/modules/identity/system-admin-bootstrap.ts), and prints its generated password once.
 * Locally it finds the running `npm start` through DATA_DIR/stack.json; against AWS it takes
 * the stack's settings from the environment (COGNITO_USER_POOL_ID, COMMAND_TABLE, ...).
 * Running it again for an admin who exists changes nothing.
 */
import { resetConfig } from '../src/config';
import { bootstrapSystemAdmin } from '../src/modules/identity';
import { cognitoEnv } from './lib/cognito-local';
import { readStackState } from './lib/stack-state';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const say = (line: string) => process.stdout.write(`[bootstrap-admin] ${line}\n`);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const email = args[args.indexOf('--email') + 1];
  if (!args.includes('--email') || !email || !/^[^\s@]+@[^\s@]+$/.test(email)) {
    process.stderr.write('usage: npm run bootstrap-admin -- --email <address>\n');
    process.exit(2);
  }
  if (!process.env.COGNITO_USER_POOL_ID) {
    const stack = readStackState();
    if (!stack) throw new Error('no COGNITO_USER_POOL_ID, and no running `npm start` in DATA_DIR (.data/stack.json): start it, or set the stack\'s settings');
    Object.assign(process.env, cognitoEnv(stack.cognito.endpoint, { userPoolId: stack.cognito.userPoolId, clients: stack.cognito.clients as never }), { DYNAMODB_ENDPOINT: stack.dynamodbEndpoint });
    resetConfig();
  }
  const admin = await bootstrapSystemAdmin(email);
  if (admin.password) say(`made ${email} (id ${admin.id}); its password, shown this once: ${admin.password}`);
  else say(`${email} is a system admin already (id ${admin.id}): nothing changed`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[bootstrap-admin] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
