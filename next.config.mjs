/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native/wasm database drivers and hashing stay outside the bundle: PGlite loads its
  // wasm and data files from its own package folder at run time.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "bcryptjs", "@node-rs/argon2"],
  poweredByHeader: false,
  // `npm test` runs `tsc --noEmit` before it builds; checking every file again inside the build
  // costs a minute on a small machine, so the test script turns it off. A plain build checks.
  typescript: { ignoreBuildErrors: process.env.SEATKEEPER_BUILD_TYPECHECKED === "1" },
  reactStrictMode: true,
  // A CSV import posts its file to a server action: up to 2 MB of text (checked in the browser
  // first), which JSON escaping can nearly double; the default limit is 1 MB.
  experimental: { serverActions: { bodySizeLimit: "4mb" } },
};

export default nextConfig;
