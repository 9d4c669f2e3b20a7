// Hands Node-side service objects to a vm context: data is copied into the context's realm, objects are proxied.
// Without it, `getValues() instanceof Array`, `e instanceof Error` and `d instanceof Date` would be false in the bundle.

/** The vm context's own constructors, taken before any script ran. */
export interface ContextIntrinsics {
  Object: ObjectConstructor;
  Array: ArrayConstructor;
  Date: DateConstructor;
  Error: ErrorConstructor;
}

const objectTag = (value: unknown): string => Object.prototype.toString.call(value);

export class Membrane {
  /** Host object → its proxy in the context. */
  private readonly proxies = new WeakMap<object, object>();
  /** Proxy → host object. */
  private readonly targets = new WeakMap<object, object>();
  /** Host object → (property → wrapped method), so `a.f === a.f` holds. */
  private readonly methods = new WeakMap<object, Map<PropertyKey, unknown>>();
  /** Host object → (property → [host value, context copy]) for data properties such as enums. */
  private readonly copies = new WeakMap<object, Map<PropertyKey, [unknown, unknown]>>();
  private readonly plainPrototypes: Set<unknown>;

  constructor(private readonly realm: ContextIntrinsics) {
    this.plainPrototypes = new Set([Object.prototype, realm.Object.prototype, null]);
  }

  /** Is this value a plain data object (from either realm)? */
  private isPlain(value: object): boolean {
    return this.plainPrototypes.has(Object.getPrototypeOf(value));
  }

  /** Host → context: copies data (arrays, plain objects, dates, errors) into the context's realm; proxies objects. */
  toContext(value: unknown, seen = new Map<object, unknown>()): unknown {
    if (value === null || (typeof value !== "object" && typeof value !== "function")) return value;
    const object = value as object;
    if (this.targets.has(object)) return object;
    const known = seen.get(object);
    if (known !== undefined) return known;
    if (typeof value === "function") return this.proxy(object);
    if (Array.isArray(value)) {
      const copy = new this.realm.Array(value.length);
      seen.set(object, copy);
      for (let i = 0; i < value.length; i++) copy[i] = this.toContext(value[i], seen);
      return copy;
    }
    const tag = objectTag(value);
    if (tag === "[object Date]") return new this.realm.Date(Date.prototype.getTime.call(value));
    if (tag === "[object Error]") return this.errorToContext(value);
    if (this.isPlain(object)) {
      const copy = new this.realm.Object() as Record<string, unknown>;
      seen.set(object, copy);
      for (const key of Object.keys(object)) {
        copy[key] = this.toContext((object as Record<string, unknown>)[key], seen);
      }
      return copy;
    }
    if (ArrayBuffer.isView(value)) return value;
    return this.proxy(object);
  }

  /** Context → host: unwraps proxies, copies data into Node's realm (arrays, plain objects, dates). */
  toHost(value: unknown, seen = new Map<object, unknown>()): unknown {
    if (value === null || typeof value !== "object") return value;
    const object = value as object;
    const target = this.targets.get(object);
    if (target !== undefined) return target;
    const known = seen.get(object);
    if (known !== undefined) return known;
    if (Array.isArray(value)) {
      const copy: unknown[] = new Array(value.length);
      seen.set(object, copy);
      for (let i = 0; i < value.length; i++) copy[i] = this.toHost(value[i], seen);
      return copy;
    }
    const tag = objectTag(value);
    if (tag === "[object Date]") return new Date(Date.prototype.getTime.call(value));
    if (tag === "[object Error]") return this.errorToHost(value);
    if (this.isPlain(object)) {
      const copy: Record<string, unknown> = {};
      seen.set(object, copy);
      for (const key of Object.keys(object)) {
        copy[key] = this.toHost((object as Record<string, unknown>)[key], seen);
      }
      return copy;
    }
    return value;
  }

  /** An error thrown by host code, rebuilt as the context's Error (kept as is when it already is one). */
  errorToContext(error: unknown): unknown {
    if (error instanceof this.realm.Error) return error;
    if (objectTag(error) !== "[object Error]") return error;
    const source = error as Error;
    const copy = new this.realm.Error(String(source.message));
    copy.name = source.name;
    return copy;
  }

  /** An error thrown in the context, rebuilt as a Node Error with the same name, message and stack. */
  errorToHost(error: unknown): unknown {
    if (error instanceof Error) return error;
    if (objectTag(error) !== "[object Error]") return error;
    const source = error as Error;
    const copy = new Error(String(source.message), { cause: source });
    copy.name = String(source.name);
    if (typeof source.stack === "string") copy.stack = source.stack;
    return copy;
  }

  private proxy(target: object): object {
    const existing = this.proxies.get(target);
    if (existing) return existing;
    const membrane = this;
    const handler: ProxyHandler<object> = {
      get(t, property) {
        const value = Reflect.get(t, property, t);
        if (typeof value === "function") return membrane.method(t, property, value);
        if (value === null || typeof value !== "object") return value;
        let cache = membrane.copies.get(t);
        if (!cache) {
          cache = new Map();
          membrane.copies.set(t, cache);
        }
        const cached = cache.get(property);
        if (cached && cached[0] === value) return cached[1];
        const copy = membrane.toContext(value);
        cache.set(property, [value, copy]);
        return copy;
      },
      set(t, property, value) {
        return Reflect.set(t, property, membrane.toHost(value), t);
      },
      apply(t, _thisArg, args) {
        return membrane.invoke(t as (...a: unknown[]) => unknown, undefined, args);
      },
    };
    const proxy = new Proxy(target, handler);
    this.proxies.set(target, proxy);
    this.targets.set(proxy, target);
    return proxy;
  }

  private method(target: object, property: PropertyKey, fn: (...a: unknown[]) => unknown): unknown {
    let table = this.methods.get(target);
    if (!table) {
      table = new Map();
      this.methods.set(target, table);
    }
    const cached = table.get(property);
    if (cached) return cached;
    const membrane = this;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      return membrane.invoke(fn, target, args);
    };
    Object.defineProperty(wrapped, "name", { value: String(property) });
    table.set(property, wrapped);
    return wrapped;
  }

  private invoke(fn: (...a: unknown[]) => unknown, self: unknown, args: unknown[]): unknown {
    let result: unknown;
    try {
      result = fn.apply(
        self,
        args.map((arg) => this.toHost(arg)),
      );
    } catch (error) {
      throw this.errorToContext(error);
    }
    return this.toContext(result);
  }
}
