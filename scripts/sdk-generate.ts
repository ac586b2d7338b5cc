// npm run sdk:generate [-- --url http://localhost:3000]: writes the client SDK's types
// (packages/client/src/schema.d.ts) from the OpenAPI document — the one a running server serves
// with --url, otherwise the same document built here from the route table.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { openApiDocument } from "@/lib/api/table";
import { SDK_SCHEMA_FILE, sdkSchemaSource } from "@/lib/api/sdk-schema";

const { values } = parseArgs({ options: { url: { type: "string" } } });
const document = values.url
  ? ((await (await fetch(new URL("/api/v1/openapi.json", values.url))).json()) as object)
  : openApiDocument();
fs.writeFileSync(SDK_SCHEMA_FILE, await sdkSchemaSource(document));
console.log(`Wrote ${SDK_SCHEMA_FILE}.`);
