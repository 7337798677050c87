import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { CommandService } from '../../core/command.service';
import { SYSTEM_TENANT, systemActorContext } from '../../core/tenant-context';
import { AccountService } from './account.service';
import { CognitoAdapter } from './cognito.adapter';
import { tenantUsername } from './identity-pool';

export interface BootstrappedAdmin {
  /** The token subject, and the ACCOUNT's id. */
  id: string;
  username: string;
  /** Set only when this run made the admin (or finished a run that stopped half-way): shown once, kept nowhere. */
  password?: string;
}

/**
 * The first operator of the platform (`npm run bootstrap-admin`): nobody can invite them, so a
 * command run by whoever holds the stack's credentials makes them, through the same adapter as
 * the routes: the pool user of tenant `system` in group `system-admin`, its address verified,
 * a generated password, and the ACCOUNT `system`, `active`. A second run finds the active
 * account and changes nothing (no new password); a run after one that stopped half-way
 * finishes it with a new password.
 */
export async function bootstrapSystemAdmin(email: string, cognito = new CognitoAdapter(), accounts = new AccountService(new CommandService())): Promise<BootstrappedAdmin> {
  const ctx = systemActorContext(SYSTEM_TENANT, 'script:bootstrap-admin', ulid());
  const username = tenantUsername(SYSTEM_TENANT, email);
  const found = await cognito.subOf(username);
  const existing = found ? await accounts.get(ctx, found) : undefined;
  if (found && existing?.attributes.status === 'active') return { id: found, username };
  // A disabled admin was disabled by someone: this command does not undo that.
  if (existing?.attributes.status === 'disabled') throw new Error(`${username} is disabled; bootstrap-admin does not enable it again`);

  const id = found ?? (await cognito.createUser(username, SYSTEM_TENANT, email.trim())) ?? (await cognito.subOf(username));
  if (!id) throw new Error(`the pool neither created nor found ${username}`);
  const password = generatedPassword();
  await cognito.setPassword(username, password);
  await cognito.markEmailVerified(username, email.trim());
  await cognito.addToGroups(username, ['system-admin']);
  await accounts.open(ctx, id, { kind: 'system', username, email: email.trim(), status: 'active', roles: ['system-admin'] });
  return { id, username, password };
}

/** 24 random characters, and one of each class the password policy asks for. */
function generatedPassword(): string {
  return `${randomBytes(18).toString('base64url')}-aA1`;
}
