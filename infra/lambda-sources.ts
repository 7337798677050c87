/**
 * `npm run build:lambda`: src/ compiled for the Lambda bundles, into dist-lambda/. The same
 * compile as `npm run build` (tsconfig.build.json), minus the @nestjs/swagger decorators.
 *
 * Why: those decorators only describe the API for the OpenAPI document, which is written at
 * build time from dist/ (src/app/write-openapi.ts) and served as a file. In the Lambda they
 * run against a no-op stand-in (infra/lambda-stubs/nestjs-swagger), yet their arguments
 * (descriptions, examples, enums) are ~70 KB of the API bundle, parsed at every cold start.
 * Everything else is emitted as tsc emits it, source maps included (stacks still name src/*.ts).
 */
import * as path from 'node:path';
import * as ts from 'typescript';

const REPO_ROOT = path.resolve(__dirname, '..');
export const LAMBDA_SOURCES_DIR = path.join(REPO_ROOT, 'dist-lambda');
const DOCUMENTATION_ONLY_MODULE = '@nestjs/swagger';

/** The local names a file imports from @nestjs/swagger (`ApiProperty`, or `swagger` of `* as swagger`). */
function documentationImports(file: ts.SourceFile): { names: Set<string>; namespaces: Set<string> } {
  const names = new Set<string>();
  const namespaces = new Set<string>();
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (statement.moduleSpecifier.text !== DOCUMENTATION_ONLY_MODULE) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.add(element.name.text);
    if (bindings && ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
  }
  return { names, namespaces };
}

/**
 * Drops every decorator whose function comes from @nestjs/swagger: `@ApiProperty({...})`,
 * `@ApiTags('x')`, `@swagger.ApiOkResponse()`. Not the mapped types (`PartialType(...)`), which
 * are classes the code extends, and not our own decorators that call swagger's.
 */
export const withoutDocumentationDecorators: ts.TransformerFactory<ts.SourceFile> = (context) => (file) => {
  const { names, namespaces } = documentationImports(file);
  if (names.size === 0 && namespaces.size === 0) return file;
  const fromSwagger = (callee: ts.Expression): boolean =>
    (ts.isIdentifier(callee) && names.has(callee.text)) ||
    (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && namespaces.has(callee.expression.text));
  const isDocumentation = (decorator: ts.Decorator): boolean =>
    fromSwagger(ts.isCallExpression(decorator.expression) ? decorator.expression.expression : decorator.expression);
  const visit = (node: ts.Node): ts.Node | undefined =>
    ts.isDecorator(node) && isDocumentation(node) ? undefined : ts.visitEachChild(node, visit, context);
  return ts.visitEachChild(file, visit, context);
};

/** Compiles src/ into `outDir` with the decorators above dropped; throws on any compile error. */
export function emitLambdaSources(outDir = LAMBDA_SOURCES_DIR): { files: number } {
  const configPath = path.join(REPO_ROOT, 'tsconfig.build.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    { outDir, incremental: false, tsBuildInfoFile: undefined, declaration: false, declarationMap: false, noEmit: false },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => { throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')); } },
  );
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const result = program.emit(undefined, undefined, undefined, false, { before: [withoutDocumentationDecorators] });
  const problems = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics].filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (problems.length > 0) {
    throw new Error(ts.formatDiagnostics(problems, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => REPO_ROOT, getNewLine: () => '\n' }));
  }
  return { files: parsed.fileNames.length };
}

if (require.main === module) {
  const started = Date.now();
  const { files } = emitLambdaSources();
  process.stdout.write(`${files} files compiled for the Lambda bundles into ${path.relative(process.cwd(), LAMBDA_SOURCES_DIR)}/ in ${Date.now() - started} ms\n`);
}
