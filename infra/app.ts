/**
 * CDK app entry (cdk.json runs it with tsx). Build the handlers first (`npm run synth` does it all):
 *   npm run build && node dist/app/write-openapi.js && npm run build:lambda && npx cdk synth
 * Choose the stage and sender with context: `npx cdk deploy -c stage=prod -c mailFrom=orders@shop.example`.
 * Every synth runs cdk-nag (infra/nag.ts): it fails on a finding neither fixed nor acknowledged,
 * and cdk.out/validation-report.json lists the findings and the acknowledgements with their reasons.
 */
import { App } from 'aws-cdk-lib';
import { defineShopstreamApp } from './shopstream-app';

defineShopstreamApp(new App());
