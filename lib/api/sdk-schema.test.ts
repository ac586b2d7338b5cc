import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { SDK_SCHEMA_FILE, sdkSchemaSource } from "./sdk-schema";
import { openApiDocument } from "./table";

describe("the client SDK's types", () => {
  it("match the current OpenAPI document (run `npm run sdk:generate` after changing a route)", async () => {
    const committed = fs.readFileSync(SDK_SCHEMA_FILE, "utf8");
    expect(committed === (await sdkSchemaSource(openApiDocument())), "schema.d.ts is out of date").toBe(true);
  });
});
