/** The routes of the app's own OpenAPI document, as an outside client sees them: what the security tests walk. */

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type Schema = Record<string, unknown>;

export interface OpenApiRoute {
  method: Method;
  /** OpenAPI form, `{name}` for path parameters. */
  path: string;
  pathParams: string[];
  query: { name: string; schema: Schema }[];
  /** The JSON body's schema, if the route takes JSON. */
  body: Schema | undefined;
}

const METHODS: readonly Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const STATE_CHANGING = new Set<Method>(['POST', 'PUT', 'PATCH', 'DELETE']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** Every route of the document (the response of GET /api/openapi.json). */
export function openApiRoutes(response: { json(): unknown }): OpenApiRoute[] {
  const document = response.json();
  if (!isRecord(document) || !isRecord(document.paths)) throw new Error('not an OpenAPI document');
  const components =
    isRecord(document.components) && isRecord(document.components.schemas) ? document.components.schemas : {};
  const resolve = (schema: Schema): Schema => {
    const ref = schema.$ref;
    if (typeof ref !== 'string') return schema;
    const target = components[ref.replace('#/components/schemas/', '')];
    return isRecord(target) ? resolve(target) : {};
  };
  const routes: OpenApiRoute[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    if (!isRecord(item)) continue;
    for (const method of METHODS) {
      const operation = item[method.toLowerCase()];
      if (!isRecord(operation)) continue;
      const parameters = records(operation.parameters);
      const content = isRecord(operation.requestBody) ? operation.requestBody.content : undefined;
      const json = isRecord(content) ? content['application/json'] : undefined;
      routes.push({
        method,
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => String(p.name)),
        query: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: String(p.name), schema: isRecord(p.schema) ? resolve(p.schema) : {} })),
        body: isRecord(json) && isRecord(json.schema) ? deref(json.schema, resolve) : undefined,
      });
    }
  }
  return routes;
}

export function stateChangingRoutes(response: { json(): unknown }): OpenApiRoute[] {
  return openApiRoutes(response).filter((route) => STATE_CHANGING.has(route.method));
}

/** The schema with every `$ref` replaced, to a bounded depth (schemas here are not recursive, but be safe). */
function deref(schema: Schema, resolve: (schema: Schema) => Schema, depth = 0): Schema {
  if (depth > 12) return {};
  const resolved = resolve(schema);
  const out: Schema = {};
  for (const [key, value] of Object.entries(resolved)) {
    if (key === 'properties' && isRecord(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [
          name,
          isRecord(sub) ? deref(sub, resolve, depth + 1) : {},
        ]),
      );
    } else if ((key === 'anyOf' || key === 'oneOf' || key === 'allOf') && Array.isArray(value)) {
      out[key] = records(value).map((sub) => deref(sub, resolve, depth + 1));
    } else if (key === 'items' && isRecord(value)) {
      out[key] = deref(value, resolve, depth + 1);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function typesOf(schema: Schema): string[] {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  return [];
}

/** A value that satisfies `schema` as far as a simple reading allows: what fills the fields not under test. */
export function sampleOf(schema: Schema, depth = 0): unknown {
  if (depth > 8) return null;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const alternative = records(schema.anyOf ?? schema.oneOf)[0];
  if (alternative) return sampleOf(alternative, depth + 1);
  const types = typesOf(schema);
  if (types.includes('object') || isRecord(schema.properties)) {
    const properties = isRecord(schema.properties) ? schema.properties : {};
    const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
    return Object.fromEntries(
      required.map((name) => {
        const sub = properties[name];
        return [name, isRecord(sub) ? sampleOf(sub, depth + 1) : 'x'];
      }),
    );
  }
  if (types.includes('array')) {
    const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
    return min > 0 && isRecord(schema.items) ? [sampleOf(schema.items, depth + 1)] : [];
  }
  if (types.includes('integer') || types.includes('number')) {
    return typeof schema.minimum === 'number' ? schema.minimum : 1;
  }
  if (types.includes('boolean')) return false;
  if (types.includes('null')) return null;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 1;
  return 'x'.repeat(Math.max(1, min));
}

/** Where a string can go in a JSON body: paths of property names (`[]` for an array's element). */
export function stringFields(schema: Schema, path: readonly string[] = [], depth = 0): string[][] {
  if (depth > 8) return [];
  const found: string[][] = [];
  if (typesOf(schema).includes('string')) found.push([...path]);
  for (const alternative of records(schema.anyOf ?? schema.oneOf ?? schema.allOf)) {
    found.push(...stringFields(alternative, path, depth + 1));
  }
  if (isRecord(schema.properties)) {
    for (const [name, sub] of Object.entries(schema.properties)) {
      if (isRecord(sub)) found.push(...stringFields(sub, [...path, name], depth + 1));
    }
  }
  if (isRecord(schema.items)) found.push(...stringFields(schema.items, [...path, '[]'], depth + 1));
  const unique = new Map(found.map((p) => [p.join('.'), p]));
  return [...unique.values()];
}

/** A body built from `schema`'s sample with `value` put at `field`. */
export function bodyWith(schema: Schema, field: readonly string[], value: string): unknown {
  if (field.length === 0) return value;
  const base = sampleOf(schema);
  const root: Record<string, unknown> = isRecord(base) ? base : {};
  let holder: Record<string, unknown> | unknown[] = root;
  for (const [i, name] of field.entries()) {
    const last = i === field.length - 1;
    const next: unknown = last ? value : field[i + 1] === '[]' ? [] : {};
    if (Array.isArray(holder)) {
      holder.push(next);
    } else {
      const existing = holder[name];
      holder[name] = !last && (isRecord(existing) || Array.isArray(existing)) ? existing : next;
    }
    const child: unknown = Array.isArray(holder) ? holder[holder.length - 1] : holder[name];
    if (last || !(isRecord(child) || Array.isArray(child))) break;
    holder = child;
  }
  return root;
}
