import { Class, Declarations } from '../core/registry';
import { CommandItem } from '../core/entity';
import { TenantScope } from './read-model';

/**
 * Keeps rows of the read model from the versions of the entity types it is declared for
 * (`@Projects`). A row moves only to a higher version, so records apply in any order, any
 * number of times.
 */
export interface Projection {
  project(scope: TenantScope, command: CommandItem): Promise<void>;
  /** Many versions at once (a rebuild); without it, a rebuild projects them one by one. */
  projectAll?(scope: TenantScope, commands: CommandItem[]): Promise<void>;
}

const declaredProjections = new Declarations<{ types: readonly string[] }>('projection');
const instances = new Map<Class, Projection>();

/**
 * Declares a class as the projection of `types` when its file is imported. The read-model
 * consumer runs without Nest: the class is made with `new` (no constructor arguments), once.
 */
export function Projects(...types: string[]): (type: Class<Projection> & (new () => Projection)) => void {
  return (type) => {
    const taken = types.filter((t) => projectionFor(t));
    if (taken.length) throw new Error(`${taken.join(', ')} already projected by another class`);
    declaredProjections.declarer({ types })(type);
  };
}

/** The projection of an entity type's versions, if the read model keeps that type. */
export function projectionFor(entityType: string): Projection | undefined {
  const declared = declaredProjections.all().find((d) => d.meta.types.includes(entityType));
  if (!declared) return undefined;
  let instance = instances.get(declared.type);
  if (!instance) instances.set(declared.type, (instance = new (declared.type as new () => Projection)()));
  return instance;
}

/** Every entity type a projection was declared for (the read model's stream filter and what a rebuild reads). */
export function projectedTypes(): string[] {
  return declaredProjections.all().flatMap((d) => d.meta.types);
}
