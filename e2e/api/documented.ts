import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

// Every response the API specs receive is checked against /api/v1/openapi.json: its path, method
// and status must be documented and its body must match the documented schema (ajv), so the
// document cannot drift from what the server answers.

type Operation = { responses: Record<string, { content?: { "application/json"?: { schema: object } } }> };
export type OpenApiDocument = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, object> };
};

const errorWith = (code: string) => ({
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { const: code }, message: { type: "string", minLength: 1 } },
    },
  },
});

export class DocumentedApi {
  private readonly ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: { template: string; pattern: RegExp }[];

  constructor(private readonly doc: OpenApiDocument) {
    this.ajv.addSchema({ $id: "seatkeeper", components: doc.components ?? {} });
    this.templates = Object.keys(doc.paths).map((template) => ({
      template,
      pattern: new RegExp("^" + template.replaceAll(/\{\w+\}/g, "[^/]+") + "$"),
    }));
  }

  private validator(key: string, schema: object) {
    let validate = this.validators.get(key);
    if (!validate) {
      const resolved = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"seatkeeper#/components/'));
      validate = this.ajv.compile(resolved as object);
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** Fails the test when a response is not what the document says this request can answer. */
  async check(method: string, res: APIResponse) {
    const url = new URL(res.url());
    if (!url.pathname.startsWith("/api/")) return;
    const status = res.status();
    const text = (await res.body()).toString("utf8");
    const where = `${method.toUpperCase()} ${url.pathname} answered ${status} ${text.slice(0, 300)}`;
    const template = this.templates.find((t) => t.pattern.test(url.pathname))?.template;
    const verb = method.toLowerCase() === "head" ? "get" : method.toLowerCase();
    const operation = template ? this.doc.paths[template]![verb] : undefined;
    if (!template || !operation) {
      if (verb === "options" && status === 204) return;
      const code = template ? "METHOD_NOT_ALLOWED" : "NOT_FOUND";
      expect(status, where).toBe(template ? 405 : 404);
      if (template) expect(res.headers()["allow"], where).toBeTruthy();
      this.expectBody(`generic ${code}`, errorWith(code), text, where);
      return;
    }
    const documented = operation.responses[String(status)];
    expect(documented, `${where}: the document lists no ${status} for ${verb.toUpperCase()} ${template}`).toBeDefined();
    const schema = documented!.content?.["application/json"]?.schema;
    if (method.toLowerCase() === "head" || !schema) {
      if (method.toLowerCase() !== "head") expect(text, where).toBe("");
      return;
    }
    this.expectBody(`${verb} ${template} ${status}`, schema, text, where);
  }

  private expectBody(key: string, schema: object, text: string, where: string) {
    let body: unknown;
    expect(() => (body = JSON.parse(text)), `${where}: not JSON`).not.toThrow();
    const validate = this.validator(key, schema);
    const valid = validate(body);
    expect(valid, `${where}: does not match the documented schema: ${this.ajv.errorsText(validate.errors)}`).toBe(true);
  }
}

const checkedMethods = new Set(["get", "post", "put", "patch", "delete", "head", "fetch"]);

/** The `request` fixture with every answer checked against the document. */
export function documentedRequest(request: APIRequestContext, api: DocumentedApi): APIRequestContext {
  return new Proxy(request, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== "function") return value;
      if (typeof prop !== "string" || !checkedMethods.has(prop)) return value.bind(target);
      return async (url: string | { method(): string }, options?: { method?: string }) => {
        const res = (await value.call(target, url, options)) as APIResponse;
        const method = prop !== "fetch" ? prop : (options?.method ?? (typeof url === "string" ? "GET" : url.method()));
        await api.check(method, res);
        return res;
      };
    },
  });
}
