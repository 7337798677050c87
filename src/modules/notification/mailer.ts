import { Injectable } from '@nestjs/common';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { config } from '../../config';
import { TenantContext } from '../../core/tenant-context';
import { Mail } from './notification.model';

/** Sends one mail. The outbox makes sending idempotent; a mailer only has to deliver. */
export interface Mailer {
  send(ctx: TenantContext, messageId: string, mail: Mail & { to: string }): Promise<void>;
}

/** AWS: SES v2, from the configured sender address. The client loads on the first mail, not at cold start. */
export class SesMailer implements Mailer {
  private ses?: Promise<{ client: SESv2Client; SendEmailCommand: typeof import('@aws-sdk/client-sesv2').SendEmailCommand }>;

  async send(_ctx: TenantContext, _messageId: string, mail: Mail & { to: string }): Promise<void> {
    this.ses ??= import('@aws-sdk/client-sesv2').then(({ SESv2Client, SendEmailCommand }) => ({ client: new SESv2Client({ region: config().region }), SendEmailCommand }));
    const { client, SendEmailCommand } = await this.ses;
    await client.send(
      new SendEmailCommand({
        FromEmailAddress: config().mail.from,
        Destination: { ToAddresses: [mail.to] },
        Content: { Simple: { Subject: { Data: mail.subject }, Body: { Text: { Data: mail.body } } } },
      }),
    );
  }
}

/** Local: every mail is a readable text file, `<MAIL_DIR>/<tenant>/<message id>.txt`. */
export class FileMailer implements Mailer {
  constructor(private readonly dir: string) {}

  async send(ctx: TenantContext, messageId: string, mail: Mail & { to: string }): Promise<void> {
    const folder = join(this.dir, ctx.tenantCode);
    mkdirSync(folder, { recursive: true });
    const text = [`From: ${config().mail.from}`, `To: ${mail.to}`, `Subject: ${mail.subject}`, `Message-Id: ${messageId}`, '', mail.body, ''].join('\n');
    writeFileSync(join(folder, `${messageId}.txt`), text);
  }
}

@Injectable()
export class MailerProvider {
  readonly mailer: Mailer = config().mail.localDir ? new FileMailer(config().mail.localDir!) : new SesMailer();
}
