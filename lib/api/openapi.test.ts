import SwaggerParser from "@apidevtools/swagger-parser";
import type { OpenAPIV3_1 } from "openapi-types";
import { describe, expect, it } from "vitest";
import { apiRoutes, openApiDocument } from "./table";

describe("OpenAPI document", () => {
  const doc = openApiDocument("https://seatkeeper.example") as unknown as OpenAPIV3_1.Document;

  it("passes an OpenAPI 3.1 validator with no errors", async () => {
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeTruthy();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers).toEqual([{ url: "https://seatkeeper.example", description: "This Seatkeeper server" }]);
  });

  it("documents every route of the table, and only those", () => {
    const documented = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item ?? {}).map((method) => `${method} ${path}`),
    );
    expect(documented.sort()).toEqual(apiRoutes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it("documents request bodies from the zod schemas the handlers parse with, refusing unknown fields", () => {
    const body = doc.paths?.["/api/v1/sessions"]?.post?.requestBody as OpenAPIV3_1.RequestBodyObject;
    const schema = body.content["application/json"]!.schema as OpenAPIV3_1.SchemaObject;
    expect(Object.keys(schema.properties ?? {})).toEqual(
      expect.arrayContaining(["module", "clientType", "deviceId", "username", "weight"]),
    );
    expect(schema.required).toEqual(expect.arrayContaining(["module", "clientType", "deviceId"]));
    expect(schema.additionalProperties).toBe(false);
  });

  it("documents every status a route can answer, with its codes", () => {
    const open = doc.paths?.["/api/v1/sessions"]?.post?.responses ?? {};
    expect(Object.keys(open).sort()).toEqual(
      ["201", "400", "401", "403", "404", "405", "409", "413", "415", "422", "429", "503"].sort(),
    );
    const conflict = open["409"] as OpenAPIV3_1.ResponseObject;
    const error = (conflict.content!["application/json"]!.schema as OpenAPIV3_1.SchemaObject).properties!
      .error as OpenAPIV3_1.SchemaObject;
    expect((error.properties!.code as OpenAPIV3_1.SchemaObject).enum).toEqual(["SESSION_LIMIT_REACHED"]);
    const pool = doc.paths?.["/api/v1/manage/contracts/{id}/pools/{module}"]?.patch?.responses ?? {};
    expect(Object.keys(pool)).toEqual(expect.arrayContaining(["200", "404", "409", "413", "415", "422"]));
    const activate = doc.paths?.["/api/v1/activations"]?.post?.responses ?? {};
    expect(Object.keys(activate)).toEqual(expect.arrayContaining(["200", "201"]));
  });

  it("names the security scheme of each API", () => {
    expect(Object.keys(doc.components?.securitySchemes ?? {}).sort()).toEqual(["contractKey", "operatorToken"]);
    expect(doc.paths?.["/api/v1/license"]?.get?.security).toEqual([{ contractKey: [] }]);
    expect(doc.paths?.["/api/v1/manage/contracts"]?.post?.security).toEqual([{ operatorToken: [] }]);
    expect(doc.paths?.["/api/v1/keys"]?.get?.security).toEqual([]);
  });

  const operations = () =>
    Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item ?? {}).map(([method, op]) => ({ path, method, op: op as OpenAPIV3_1.OperationObject })),
    );

  it("names every operation once, describes it and files it under a declared tag", () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.paths?.["/api/v1/sessions"]?.post?.operationId).toBe("openSession");
    const declared = new Set((doc.tags ?? []).map((t) => t.name));
    for (const { path, method, op } of operations()) {
      expect(op.description, `${method} ${path}`).toBeTruthy();
      expect(
        op.tags?.every((t) => declared.has(t)),
        `${method} ${path}`,
      ).toBe(true);
    }
    expect((doc.tags ?? []).every((t) => t.description)).toBe(true);
  });

  it("documents 400 on every GET with a query, 429 on every authenticated route and the 405's Allow header", () => {
    for (const { path, method, op } of operations()) {
      const statuses = Object.keys(op.responses ?? {});
      if (op.parameters?.some((p) => "in" in p && p.in === "query"))
        expect(statuses, `${method} ${path}`).toContain("400");
      if ((op.security ?? []).length > 0) expect(statuses, `${method} ${path}`).toContain("429");
      const notAllowed = op.responses?.["405"] as OpenAPIV3_1.ResponseObject;
      expect(Object.keys(notAllowed.headers ?? {}), `${method} ${path}`).toEqual(["Allow"]);
    }
  });
});
