import { describe, expect, it } from "vitest";
import { specApiPaths } from "@/lib/testing/spec-api-paths";
import { openApiDocument } from "./openapi";

describe("OpenAPI document", () => {
  const doc = openApiDocument();

  it("is OpenAPI 3.1 and covers every path of both APIs", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths ?? {})).toEqual(expect.arrayContaining(specApiPaths));
  });

  it("documents request bodies from the zod schemas the handlers parse with", () => {
    const body = doc.paths?.["/api/v1/sessions"]?.post?.requestBody as {
      content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }>;
    };
    const schema = body.content["application/json"]!.schema;
    expect(Object.keys(schema.properties ?? {})).toEqual(
      expect.arrayContaining(["module", "clientType", "deviceId", "username", "weight"]),
    );
    expect(schema.required).toEqual(expect.arrayContaining(["module", "clientType", "deviceId"]));
    expect(doc.paths?.["/api/v1/sessions"]?.post?.responses?.["409"]).toBeDefined();
  });
});
