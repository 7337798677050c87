import type { ModulesContainer } from '@nestjs/core';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Class<T = unknown> = abstract new (...args: any[]) => T;

/**
 * Classes declared by a decorator (`@OnApplied`, `@Sweep`, `@Projects`, `@OnEvent`), recorded
 * when their file is imported: a static registry, so a runtime without Nest (the read-model
 * Lambda) finds them too. Which instances exist, and in what order they run, is the
 * runtime's business (`instancesIn`).
 */
export class Declarations<Meta extends object> {
  private readonly entries: { type: Class; meta: Meta }[] = [];

  constructor(private readonly kind: string) {}

  /** A class decorator that records the class with `meta`; a name, where there is one, is declared once (it keys logs and stored items). */
  declarer<T>(meta: Meta): (type: Class<T>) => void {
    const name = (meta as { name?: string }).name;
    return (type) => {
      if (name !== undefined && this.entries.some((e) => (e.meta as { name?: string }).name === name && e.type !== type)) throw new Error(`${this.kind} ${name} is declared twice`);
      if (!this.entries.some((e) => e.type === type)) this.entries.push({ type, meta });
    };
  }

  all(): readonly { type: Class; meta: Meta }[] {
    return this.entries;
  }

  metaOf(type: Class): Meta | undefined {
    return this.entries.find((e) => e.type === type)?.meta;
  }
}

/**
 * The instances a Nest application holds of the declared classes, in the container's order:
 * modules as the application's imports list them (depth first), then each module's providers
 * as listed. A declared class the application does not provide has no instance there (the API
 * app provides the stream's handlers too, and runs none). One pass over the providers, no
 * discovery module: the stream function's init does not grow.
 */
export function instancesIn<Meta extends object>(modules: ModulesContainer, declared: Declarations<Meta>): { type: Class; instance: object; meta: Meta }[] {
  const found = new Map<Class, { type: Class; instance: object; meta: Meta }>();
  for (const module of modules.values()) {
    for (const wrapper of module.providers.values()) {
      const type = wrapper.metatype as Class | undefined;
      const meta = type && declared.metaOf(type);
      if (meta && wrapper.instance && !found.has(type)) found.set(type, { type, instance: wrapper.instance as object, meta });
    }
  }
  return [...found.values()];
}
