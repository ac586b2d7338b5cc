import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

describe("OpenAPI document", () => {
  const doc = openApiDocument();

  it("is OpenAPI 3.1 and covers every path of both APIs", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths ?? {})).toEqual(
      expect.arrayContaining([
        "/api/v1/license",
        "/api/v1/sessions",
        "/api/v1/sessions/{id}/heartbeat",
        "/api/v1/sessions/{id}",
        "/api/v1/activations",
        "/api/v1/activations/{id}/refresh",
        "/api/v1/activations/{id}",
        "/api/v1/keys",
        "/api/v1/manage/modules",
        "/api/v1/manage/organizations",
        "/api/v1/manage/contracts",
        "/api/v1/manage/contracts/{id}",
        "/api/v1/manage/contracts/{id}/pools/{module}",
        "/api/v1/manage/contracts/{id}/api-keys",
        "/api/v1/manage/api-keys/{id}",
        "/api/v1/manage/organizations/{id}/profiles",
        "/api/v1/manage/profiles/{id}",
        "/api/v1/manage/organizations/{id}/users",
        "/api/v1/manage/users/{id}",
        "/api/v1/manage/organizations/{id}/usage",
      ]),
    );
  });

  it("documents request bodies from the zod schemas the handlers parse with", () => {
    const body = doc.paths?.["/api/v1/sessions"]?.post?.requestBody as { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> };
    const schema = body.content["application/json"]!.schema;
    expect(Object.keys(schema.properties ?? {})).toEqual(expect.arrayContaining(["module", "clientType", "deviceId", "username", "weight"]));
    expect(schema.required).toEqual(expect.arrayContaining(["module", "clientType", "deviceId"]));
    expect(doc.paths?.["/api/v1/sessions"]?.post?.responses?.["409"]).toBeDefined();
  });
});
