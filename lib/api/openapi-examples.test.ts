import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { OpenAPIV3_1 } from "openapi-types";
import { describe, expect, it } from "vitest";
import { demoModules, demoPlans } from "@/lib/runtime/demo-data";
import { apiRoutes, openApiDocument } from "./table";

const doc = openApiDocument() as unknown as OpenAPIV3_1.Document;
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
const withExamples = apiRoutes.filter((route) => route.bodyExample !== undefined);

/** Every `module` and `plan` an example names, at any depth. */
function namedObjects(value: unknown, found: { modules: string[]; plans: string[] } = { modules: [], plans: [] }) {
  if (Array.isArray(value)) value.forEach((item) => namedObjects(item, found));
  else if (value && typeof value === "object")
    for (const [key, inner] of Object.entries(value)) {
      if (key === "module" && typeof inner === "string") found.modules.push(inner);
      else if (key === "plan" && typeof inner === "string") found.plans.push(inner);
      else namedObjects(inner, found);
    }
  return found;
}

describe("the document's request examples", () => {
  it("exist for the operations that take a body", () => {
    expect(withExamples.length).toBeGreaterThan(0);
  });

  it.each(withExamples.map((route) => [`${route.method} ${route.path}`, route] as const))(
    "%s: its example validates against the documented schema and the route's own parser",
    (_name, route) => {
      const body = doc.paths?.[route.path]?.[route.method]?.requestBody as OpenAPIV3_1.RequestBodyObject;
      const media = body.content["application/json"]!;
      expect(media.example).toEqual(route.bodyExample);
      const validate = ajv.compile(media.schema as object);
      expect(validate(media.example), JSON.stringify(validate.errors)).toBe(true);
      const params = Object.fromEntries(
        [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, m[1] === "id" ? crypto.randomUUID() : "documents"]),
      );
      const binding = route.bind({ body: route.bodyExample, search: new URLSearchParams(), params });
      expect(binding.ok, binding.ok ? "" : JSON.stringify(binding.error.issues)).toBe(true);
    },
  );

  it("name by id only objects an answer's example shows, so the placeholders agree", () => {
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
    const requests = JSON.stringify(withExamples.map((route) => route.bodyExample));
    const answers = JSON.stringify(apiRoutes.map((route) => Object.values(route.responses).map((a) => a?.example)));
    const named = requests.match(uuid) ?? [];
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((id) => !answers.includes(id))).toEqual([]);
  });

  it("name the demo's modules and plans", () => {
    const named = namedObjects(withExamples.map((route) => route.bodyExample));
    expect(named.modules.length).toBeGreaterThan(0);
    const modules = new Set<string>(demoModules.map((m) => m.key));
    expect(named.modules.filter((key) => !modules.has(key))).toEqual([]);
    const plans = new Set(demoPlans.map((p) => p.name));
    expect(named.plans.filter((name) => !plans.has(name))).toEqual([]);
  });
});
