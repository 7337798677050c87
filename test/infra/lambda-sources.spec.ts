import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import * as ts from 'typescript';
import { emitLambdaSources, withoutDocumentationDecorators } from '../../infra/lambda-sources';
import { validationPipe } from '../../src/http/validation';

const REPO_ROOT = join(__dirname, '..', '..');

function compile(source: string): string {
  return ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, experimentalDecorators: true, emitDecoratorMetadata: true },
    transformers: { before: [withoutDocumentationDecorators] },
  }).outputText;
}

describe('the compile for the Lambda bundles', () => {
  it('drops the @nestjs/swagger decorators and keeps validation, routing and mapped types', () => {
    const output = compile(
      [
        "import { ApiProperty, ApiTags, PartialType } from '@nestjs/swagger';",
        "import * as swagger from '@nestjs/swagger';",
        "import { IsInt, Min } from 'class-validator';",
        "import { Controller, Get } from '@nestjs/common';",
        "import { ApiErrors } from './api-errors';",
        'export class LineDto {',
        "  @ApiProperty({ description: 'a long description only the document needs' })",
        '  @IsInt()',
        '  @Min(1)',
        '  quantity!: number;',
        "  @swagger.ApiPropertyOptional({ example: 'only for the document' })",
        '  note?: string;',
        '}',
        'export class PatchLineDto extends PartialType(LineDto) {}',
        "@ApiTags('lines')",
        "@Controller('lines')",
        'export class LineController {',
        '  @Get()',
        '  @ApiErrors(404)',
        '  list() { return []; }',
        '}',
      ].join('\n'),
    );
    expect(output).not.toMatch(/ApiProperty|ApiTags|ApiPropertyOptional|a long description|only for the document/);
    expect(output).toMatch(/IsInt\)\(\)/);
    expect(output).toMatch(/Min\)\(1\)/);
    expect(output).toMatch(/Controller\)\('lines'\)/);
    expect(output).toMatch(/Get\)\(\)/);
    expect(output).toMatch(/ApiErrors\)\(404\)/);
    expect(output).toMatch(/PartialType\)\(LineDto\)/);
    // The validated property keeps its design type; the documentation-only one has no decorator left.
    expect(output).toMatch(/__metadata\("design:type", Number\)\s*\], LineDto\.prototype, "quantity"/);
    expect(output).not.toMatch(/"note"/);
  });

  describe('of the whole of src/', () => {
    // Inside the repository, so the compiled files resolve node_modules as dist-lambda/ does.
    let outDir: string;
    beforeAll(() => {
      // .build/ is git-ignored: a fresh clone has none.
      mkdirSync(join(REPO_ROOT, '.build'), { recursive: true });
      outDir = mkdtempSync(join(REPO_ROOT, '.build', 'lambda-sources-'));
      emitLambdaSources(outDir);
    }, 120_000);
    afterAll(() => rmSync(outDir, { recursive: true, force: true }));

    it('emits every handler with a source map that names src/*.ts', () => {
      for (const handler of ['api', 'command-sync', 'read-model-sync', 'sweeper', 'bulk-jobs']) {
        expect(existsSync(join(outDir, 'handlers', `${handler}.js`))).toBe(true);
        const map = JSON.parse(readFileSync(join(outDir, 'handlers', `${handler}.js.map`), 'utf8')) as { sources: string[] };
        expect(map.sources.map((source) => join(outDir, 'handlers', source))).toEqual([join(REPO_ROOT, 'src', 'handlers', `${handler}.ts`)]);
      }
      expect(readFileSync(join(outDir, 'modules', 'cart', 'dto', 'cart.dto.js'), 'utf8')).not.toMatch(/swagger_1\.Api/);
    });

    /**
     * Every request DTO, as the tests compile it and as the Lambda gets it, through the app's
     * ValidationPipe: the same bodies are refused with the same field problems.
     */
    it('validates every request body exactly as the full compile does', async () => {
      const dtoFiles = readdirSync(join(REPO_ROOT, 'src', 'modules'), { recursive: true, encoding: 'utf8' })
        .filter((file) => /dto[/\\][^/\\]+\.dto\.ts$/.test(file))
        .map((file) => file.replace(/\.ts$/, ''));
      expect(dtoFiles.length).toBeGreaterThan(10);
      const pipe = validationPipe();
      const problems = async (metatype: new () => object, body: unknown) => {
        try {
          await pipe.transform(body, { type: 'body', metatype });
          return [];
        } catch (error) {
          return (error as { problems?: unknown }).problems ?? String(error);
        }
      };
      let compared = 0;
      for (const file of dtoFiles) {
        const full = require(join(REPO_ROOT, 'src', 'modules', file)) as Record<string, unknown>;
        const lambda = require(join(outDir, 'modules', file)) as Record<string, unknown>;
        for (const [name, dto] of Object.entries(full)) {
          if (typeof dto !== 'function') continue;
          const properties = [...new Set(getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).map((rule) => rule.propertyName))];
          const wrong = (value: unknown) => Object.fromEntries(properties.map((property) => [property, value]));
          for (const body of [{}, { notAField: 1 }, wrong('x'), wrong(-1), wrong({ nested: [] }), wrong([])]) {
            expect({ dto: name, body, problems: await problems(lambda[name] as new () => object, body) }).toEqual({ dto: name, body, problems: await problems(dto as new () => object, body) });
          }
          compared += 1;
        }
      }
      expect(compared).toBeGreaterThan(30);
    });
  });
});
