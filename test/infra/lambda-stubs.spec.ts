import 'reflect-metadata';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IsEmail, IsInt, Matches, Min, ValidateNested } from 'class-validator';
import { plainToInstance, Type } from 'class-transformer';

// The API Lambda's class-validator: the engine and the decorators the DTOs use (infra/lambda-stubs).
const lean = require('../../infra/lambda-stubs/class-validator') as Record<string, unknown> & { validate: (o: object) => Promise<{ property: string; children?: unknown[] }[]> };

function sourceFiles(dir: string, ending = '.ts'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? sourceFiles(path, ending) : path.endsWith(ending) && !path.endsWith('.d.ts') ? [path] : [];
  });
}

class Inner {
  @Min(1)
  n!: number;
}
class Outer {
  @IsEmail()
  email!: string;
  @Matches(/^[a-z]+$/)
  code!: string;
  @IsInt()
  count!: number;
  @ValidateNested()
  @Type(() => Inner)
  inner!: Inner;
}

describe('what the API Lambda leaves out', () => {
  it('never parses with qs: express keeps its simple query parser and the app parses JSON bodies only', async () => {
    const express = (await import('express')).default;
    expect(express().get('query parser')).toBe('simple');
    const createApp = readFileSync(join(__dirname, '../../src/app/create-app.ts'), 'utf8');
    expect(createApp).toContain('bodyParser: false');
    expect(createApp).not.toMatch(/urlencoded|query parser/);
  });
});

describe('the lean class-validator of the API Lambda', () => {
  it('exports every name the source imports from class-validator', () => {
    const imported = new Set<string>();
    for (const file of sourceFiles(join(__dirname, '../../src'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/import\s*\{([^}]*)\}\s*from\s*'class-validator'/g)) {
        match[1].split(',').map((n) => n.trim().replace(/^type\s+/, '')).filter(Boolean).forEach((n) => imported.add(n));
      }
    }
    expect(imported.size).toBeGreaterThan(10);
    expect([...imported].filter((name) => !(name in lean))).toEqual([]);
    expect(typeof lean.getMetadataStorage).toBe('function');
  });

  it('validates with the same rules as the package (nested objects included)', async () => {
    const good = plainToInstance(Outer, { email: 'a@example.com', code: 'abc', count: 2, inner: { n: 3 } });
    expect(await lean.validate(good)).toEqual([]);
    const bad = plainToInstance(Outer, { email: 'nope', code: 'ABC', count: 1.5, inner: { n: 0 } });
    const errors = await lean.validate(bad);
    expect(errors.map((e) => e.property).sort()).toEqual(['code', 'count', 'email', 'inner']);
  });
});

describe('the lean rxjs of the API Lambda', () => {
  const stub = require('../../infra/lambda-stubs/rxjs') as Record<string, unknown>;
  const stubOperators = require('../../infra/lambda-stubs/rxjs/operators') as Record<string, unknown>;
  const real = require('rxjs') as Record<string, unknown>;
  const realOperators = require('rxjs/operators') as Record<string, unknown>;

  /** Every `<variable>.<name>` of `const <variable> = require("<module>")` in the packages the API bundles. */
  function namesUsed(module: string): Set<string> {
    const names = new Set<string>();
    for (const pkg of ['@nestjs/core', '@nestjs/common', '@nestjs/platform-express']) {
      for (const file of sourceFiles(join(__dirname, '../../node_modules', pkg), '.js')) {
        const code = readFileSync(file, 'utf8');
        for (const [, variable] of code.matchAll(new RegExp(`const (\\w+) = require\\("${module.replace('/', '\\/')}"\\)`, 'g'))) {
          for (const [, name] of code.matchAll(new RegExp(`\\b${variable}\\.(\\w+)`, 'g'))) names.add(name);
        }
      }
    }
    return names;
  }

  it('exports, as the very same objects, every name Nest and src/ take from rxjs and rxjs/operators', () => {
    const fromRxjs = namesUsed('rxjs');
    for (const file of sourceFiles(join(__dirname, '../../src'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/import\s*\{([^}]*)\}\s*from\s*'rxjs'/g)) match[1].split(',').map((n) => n.trim()).filter(Boolean).forEach((n) => fromRxjs.add(n));
    }
    const fromOperators = namesUsed('rxjs/operators');
    expect(fromRxjs.size).toBeGreaterThan(8);
    expect(fromOperators.size).toBeGreaterThan(3);
    expect([...fromRxjs].filter((name) => stub[name] === undefined || stub[name] !== real[name])).toEqual([]);
    expect([...fromOperators].filter((name) => stubOperators[name] === undefined || stubOperators[name] !== realOperators[name])).toEqual([]);
  });
});
