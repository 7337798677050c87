import 'reflect-metadata';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IsEmail, IsInt, Matches, Min, ValidateNested } from 'class-validator';
import { plainToInstance, Type } from 'class-transformer';

// The API Lambda's class-validator: the engine and the decorators the DTOs use (infra/lambda-stubs).
const lean = require('../../infra/lambda-stubs/class-validator') as Record<string, unknown> & { validate: (o: object) => Promise<{ property: string; children?: unknown[] }[]> };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
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
    const createApp = readFileSync(join(__dirname, '../../src/http/create-app.ts'), 'utf8');
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
