import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import fc from "fast-check";
import type { OpenAPIV3_1 } from "openapi-types";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createApiKey, createOperatorToken } from "@/lib/licensing/tokens";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { arbitraryOf, type JsonSchema } from "@/lib/testing/schema-arbitrary";
import { createApiApp } from "./app";
import { openApiDocument } from "./table";

// Requests generated from the OpenAPI document for every operation (path parameters that name
// this test's objects or none, queries and bodies inside, at and beyond every bound and format),
// through the application server.ts serves. Whatever is sent, the answer is never a 5xx, its
// status is one the operation documents, and its JSON body is valid against that status's schema.

const doc = openApiDocument() as unknown as OpenAPIV3_1.Document;
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
const validators = new Map<object, ValidateFunction>();
const validatorOf = (schema: object) => {
  // The document's components ride along, so its $refs (#/components/schemas/…) resolve.
  if (!validators.has(schema)) validators.set(schema, ajv.compile({ ...schema, components: doc.components }));
  return validators.get(schema)!;
};

// A few runs per operation in CI; OPENAPI_RUNS=<n> runs more (the README's testing section has the
// largest run so far), OPENAPI_SEED=<n> another sequence.
const RUNS_PER_OPERATION = Number(process.env.OPENAPI_RUNS || 12);
const SEED = Number(process.env.OPENAPI_SEED || 20261207);

type Operation = { path: string; method: string; op: OpenAPIV3_1.OperationObject };
const operations: Operation[] = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
  Object.entries(item ?? {})
    .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
    .map(([method, op]) => ({ path, method, op: op as OpenAPIV3_1.OperationObject })),
);

let db: Database;
let app: ReturnType<typeof createApiApp>;
const credentials: Record<string, string> = {};
const known = { ids: [] as string[], module: "" };

beforeAll(async () => {
  db = await testDb();
  app = createApiApp({ db: () => db });
  const org = await makeOrganization(db, { pools: [{ module: "pbt", model: "concurrent", capacity: 50 }] });
  credentials.contractKey = (await createApiKey(db, testOperator, org.contract.id, "properties")).secret;
  credentials.operatorToken = (await createOperatorToken(db, testOperator, unique("properties"))).secret;
  known.ids = [org.organization.id, org.contract.id];
  known.module = org.mod("pbt");
});

const parametersOf = (op: OpenAPIV3_1.OperationObject) => (op.parameters ?? []) as OpenAPIV3_1.ParameterObject[];

function requestOf({ path, op }: Operation) {
  const pathValues = [...path.matchAll(/\{(\w+)\}/g)].map((m) =>
    m[1] === "id"
      ? fc.oneof(fc.constantFrom(...known.ids), fc.uuid(), fc.constantFrom("not-a-uuid", "0"))
      : fc.oneof(fc.constant(known.module), fc.constantFrom("no-such-module", "UPPER", "a".repeat(65))),
  );
  const query = parametersOf(op).filter((p) => p.in === "query");
  const queryValues = fc.record(
    Object.fromEntries(query.map((p) => [p.name, arbitraryOf((p.schema ?? {}) as JsonSchema)])),
    { requiredKeys: [] },
  );
  const bodySchema = (op.requestBody as OpenAPIV3_1.RequestBodyObject | undefined)?.content["application/json"]
    ?.schema as JsonSchema | undefined;
  const body = bodySchema ? fc.option(arbitraryOf(bodySchema), { freq: 8, nil: undefined }) : fc.constant(undefined);
  return fc.record({ pathValues: fc.tuple(...pathValues), query: queryValues, body });
}

async function send(operation: Operation, request: { pathValues: unknown[]; query: object; body: unknown }) {
  let i = 0;
  const path = operation.path.replace(/\{\w+\}/g, () => encodeURIComponent(String(request.pathValues[i++])));
  const search = new URLSearchParams(
    Object.entries(request.query)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
  const scheme = Object.keys(operation.op.security?.[0] ?? {})[0];
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (scheme) headers.authorization = `Bearer ${credentials[scheme]}`;
  const res = await app.fetch(
    new Request(`http://localhost${path}${search.size ? `?${search}` : ""}`, {
      method: operation.method.toUpperCase(),
      headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    }),
  );
  return { res, url: `${operation.method.toUpperCase()} ${path}?${search}` };
}

describe("requests generated from the OpenAPI document", () => {
  it("exist for every operation", () => {
    expect(operations.length).toBeGreaterThan(30);
  });

  it.each(operations.map((o) => [`${o.method} ${o.path}`, o] as const))(
    "%s: never a 5xx, always a documented status with a body valid against its schema",
    async (_name, operation) => {
      await fc.assert(
        fc.asyncProperty(requestOf(operation), async (request) => {
          const { res, url } = await send(operation, request);
          const text = await res.text();
          const what = `${url} ${JSON.stringify(request.body)} → ${res.status} ${text.slice(0, 300)}`;
          expect(res.status, what).toBeLessThan(500);
          const documented = (operation.op.responses ?? {})[String(res.status)] as
            OpenAPIV3_1.ResponseObject | undefined;
          expect(documented, `undocumented status: ${what}`).toBeDefined();
          const schema = documented?.content?.["application/json"]?.schema;
          if (schema && text) {
            const validate = validatorOf(schema);
            expect(validate(JSON.parse(text)), `${what} ${JSON.stringify(validate.errors)}`).toBe(true);
          }
        }),
        { seed: SEED, numRuns: RUNS_PER_OPERATION, endOnFailure: true },
      );
    },
    Math.max(60_000, RUNS_PER_OPERATION * 1_000),
  );
});
