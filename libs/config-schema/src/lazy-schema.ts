/**
 * Schemas built on first use. Building the plugin config schema (a few hundred zod objects) took 4–8 ms
 * of every import of this package — of every CLI start and every Gateway start that loads the plugin —
 * even when nothing was parsed. An exported schema constant is a stand-in (a `Proxy`) with the schema's
 * type that builds the real schema the first time anything touches it, then forwards every operation to
 * it: property reads (so zod's functions such as `z.safeParse` work on it), `in`, keys, descriptors,
 * the prototype (so `instanceof` holds). Internal code uses the real schema (`get`), and functions of
 * this package that key registries by schema (`toStrictJsonSchema`, `withJsonSchema`, `withDescription`)
 * unwrap a stand-in first.
 */

const REAL = Symbol("proxykit.config-schema.lazy.real");
const BUILT = Symbol("proxykit.config-schema.lazy.built");

/** A schema built on first use: `schema` is the stand-in to export, `get()` the real schema. */
export interface LazySchema<T extends object> {
  readonly schema: T;
  get(): T;
}

/** Creates a {@link LazySchema}; `build` runs once, on first use. */
export function lazySchema<T extends object>(build: () => T): LazySchema<T> {
  let real: T | undefined;
  const get = (): T => {
    real ??= build();
    return real;
  };
  const schema = new Proxy(Object.create(null) as T, {
    get: (_target, key) => {
      if (key === REAL) return get();
      if (key === BUILT) return real !== undefined;
      return Reflect.get(get(), key);
    },
    has: (_target, key) => Reflect.has(get(), key),
    ownKeys: () => Reflect.ownKeys(get()),
    // Reported as configurable: the stand-in's own target has none of these properties (a proxy may not
    // report a non-configurable property its target lacks).
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(get(), key);
      return descriptor ? { ...descriptor, configurable: true } : undefined;
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(get()),
    set: (_target, key, value) => Reflect.set(get(), key, value),
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(get(), key, descriptor),
    deleteProperty: (_target, key) => Reflect.deleteProperty(get(), key),
  });
  return { schema, get };
}

/** The real schema behind a stand-in of {@link lazySchema} (building it if needed); anything else as is. */
export function unwrapLazy<T>(schema: T): T {
  if (typeof schema !== "object" || schema === null) return schema;
  return ((schema as { [REAL]?: T })[REAL] ?? schema) as T;
}

/** Whether the schema behind a stand-in has been built (true for anything that is not a stand-in). */
export function isBuilt(schema: object): boolean {
  return (schema as { [BUILT]?: boolean })[BUILT] ?? true;
}
