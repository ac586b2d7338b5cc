import fc from "fast-check";

// fast-check arbitraries from the JSON Schemas of an OpenAPI document: values inside every bound
// and format, at the bounds, and just beyond them (one past a maximum, one character too many, a
// format's near miss, the wrong type), so a generated request probes what the document promises.

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
};

/** A value of the wrong kind for any schema. */
const wrongType = fc.constantFrom<unknown>(null, true, -1, 1.5, "", "x".repeat(3), [], {});

const nearMisses: Record<string, string[]> = {
  uuid: ["not-a-uuid", "00000000-0000-0000-0000-00000000000", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"],
  email: ["no-at-sign", "a@", "@b.test", "a b@c.test"],
  date: ["0000-00-00", "2026-13-45", "9999-12-31", "0000-01-01", "2026-02-30"],
  "date-time": ["2026-13-45T99:99:99Z", "0000-00-00T00:00:00Z", "9999-12-31T23:59:59Z", "2026-12-07T1Z"],
  uri: ["not a url", "ftp://example.test/x", "http://10.0.0.1/hook", "https://user:pw@example.test/#x"],
};

const dateString = fc
  .date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true })
  .map((d) => d.toISOString());

function formatted(format: string): fc.Arbitrary<string> | undefined {
  const valid: Record<string, fc.Arbitrary<string>> = {
    uuid: fc.uuid(),
    email: fc.emailAddress(),
    date: dateString.map((s) => s.slice(0, 10)),
    "date-time": dateString,
    uri: fc.webUrl(),
  };
  const good = valid[format];
  if (!good) return undefined;
  return fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: fc.constantFrom(...nearMisses[format]!) });
}

function stringOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  const byFormat = schema.format ? formatted(schema.format) : undefined;
  if (byFormat) return byFormat;
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 64, 300);
  const within = schema.pattern ? matching(schema.pattern, max) : undefined;
  const options: fc.Arbitrary<unknown>[] = [
    within ?? fc.string({ minLength: min, maxLength: max, unit: "grapheme" }),
    fc.string({ minLength: min, maxLength: max, unit: "binary" }),
  ];
  if (schema.maxLength !== undefined) options.push(fc.constant("x".repeat(schema.maxLength + 1)));
  if (min > 0) options.push(fc.constant("x".repeat(min - 1)));
  return fc.oneof(...options);
}

function matching(pattern: string, max: number): fc.Arbitrary<string> | undefined {
  try {
    return fc.stringMatching(new RegExp(pattern)).filter((s) => s.length <= max);
  } catch {
    return undefined;
  }
}

function numberOf(schema: JsonSchema, integer: boolean): fc.Arbitrary<unknown> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1_000_000);
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1_000_000);
  const lo = Math.max(min, -Number.MAX_SAFE_INTEGER);
  const hi = Math.min(max, Number.MAX_SAFE_INTEGER);
  const inside = integer
    ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) })
    : fc.double({ min: lo, max: hi, noNaN: true });
  return fc.oneof(
    { weight: 3, arbitrary: inside },
    { weight: 1, arbitrary: fc.constantFrom(lo, hi, lo - 1, hi + 1, 0.5, 1e21) },
  );
}

function objectOf(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const fields = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, arbitraryOf(v, depth + 1)]));
  const requiredKeys = Object.keys(properties).filter((k) => required.has(k));
  const whole = fc.record(fields, { requiredKeys });
  return fc.oneof(
    { weight: 4, arbitrary: whole },
    // A required field missing, or one the schema doesn't know.
    { weight: 1, arbitrary: whole.map((o) => ({ ...(o as object), unknownField: 1 })) },
    { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) },
  );
}

/** An arbitrary of values for a JSON Schema, mostly valid, sometimes at or beyond its bounds. */
export function arbitraryOf(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const valid = validOf(schema, depth);
  return depth > 3 ? valid : fc.oneof({ weight: 9, arbitrary: valid }, { weight: 1, arbitrary: wrongType });
}

function validOf(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum)
    return fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...schema.enum) },
      { weight: 1, arbitrary: fc.constant("NOT_ONE_OF_THEM") },
    );
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return fc.oneof(...choices.map((c) => arbitraryOf(c, depth + 1)));
  if (schema.allOf) return arbitraryOf(Object.assign({}, ...schema.allOf) as JsonSchema, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (type.length > 1) return fc.oneof(...type.map((t) => validOf({ ...schema, type: t }, depth)));
  switch (type[0]) {
    case "string":
      return stringOf(schema);
    case "integer":
      return numberOf(schema, true);
    case "number":
      return numberOf(schema, false);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(arbitraryOf(schema.items ?? {}, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case "object":
      return objectOf(schema, depth);
    default:
      return depth > 3 ? fc.constant("x") : fc.oneof(fc.string(), fc.integer(), fc.constant(null));
  }
}
