import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';

/**
 * cdk-nag's AwsSolutions and Serverless packs, run by CDK's policy validation on every synth of
 * the app (`npm run synth`, `npm run deploy`, test/infra/nag.spec.ts): a finding that is neither
 * fixed nor acknowledged fails the synth, and `cdk.out/validation-report.json` lists every finding
 * with the acknowledgements and their reasons.
 */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
}

/**
 * Acknowledges nag findings on a construct and everything under it, with the reason. Rules are
 * named as cdk-nag prints them (`AwsSolutions-IAM5[Resource::*]`, `Serverless-LambdaDLQ`), each
 * finding of a rule on its own. They are recorded qualified by their pack (`AwsSolutions::...`):
 * CDK then lists them in the validation report as acknowledged, with the reason, where an
 * unqualified id would make cdk-nag drop them without a trace.
 */
export function acknowledge(scope: IConstruct, rules: string[], reason: string): void {
  for (const rule of rules) {
    const pack = rule.slice(0, rule.indexOf('-'));
    Validations.of(scope).acknowledge({ id: `${pack}::${rule}`, reason });
  }
}

/**
 * A resource as cdk-nag names it in a finding id (`AwsSolutions-IAM5[Resource::...]`): literal
 * parts as they are, references as `<AWS::Region>` or `<Table1234.Arn>`. The same ARN reads
 * differently with and without a known region (`cdk synth` has one), so ids are built from it.
 */
export function nagResourceName(scope: IConstruct, arn: string): string {
  const render = (part: unknown): string => {
    if (typeof part === 'string') return part;
    const token = part as { Ref?: string; 'Fn::GetAtt'?: string[]; 'Fn::Join'?: [string, unknown[]] };
    if (token.Ref) return `<${token.Ref}>`;
    if (token['Fn::GetAtt']) return `<${token['Fn::GetAtt'].join('.')}>`;
    if (token['Fn::Join']) return token['Fn::Join'][1].map(render).join(token['Fn::Join'][0]);
    throw new Error(`cannot name ${JSON.stringify(part)} as cdk-nag does`);
  };
  return render(Stack.of(scope).resolve(arn));
}
