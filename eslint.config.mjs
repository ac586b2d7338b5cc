import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Import boundaries (STYLE: data flows one way). Type-only imports stay allowed: a component may
// name a row's shape, never reach the database.
const restrict = (files, patterns, ignores = []) => ({
  files,
  ignores,
  rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns }] },
});

const config = [
  ...next,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      ".data/**",
      "db/migrations/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      "bench-results/**",
      "packages/client/dist/**",
    ],
  },
  restrict(
    ["components/**/*.{ts,tsx}"],
    [
      {
        group: ["@/db", "@/db/*", "**/db/*"],
        allowTypeImports: true,
        message: "components/ never reach the database: the page or lib/console passes the data in.",
      },
    ],
  ),
  restrict(
    ["lib/**/*.{ts,tsx}"],
    [
      {
        group: ["@/app/*", "@/components/*", "**/app/*", "**/components/*"],
        message: "lib/ never imports app/ or components/: the domain knows nothing of pages.",
      },
    ],
  ),
  // db/ is the schema and the connection: it uses only the environment and the runtime, plus the
  // username folding its migration step re-applies (so both databases fold alike).
  restrict(
    ["db/**/*.ts"],
    [
      {
        regex: "^@/lib/(?!env$|runtime/|validation/text$)",
        message: "db/ imports only lib/env and lib/runtime.",
      },
      { group: ["@/app/*", "@/components/*"], message: "db/ never imports app/ or components/." },
    ],
    ["db/**/*.test.ts"],
  ),
];

export default config;
