/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native/wasm database drivers and hashing stay outside the bundle: PGlite loads its
  // wasm and data files from its own package folder at run time.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "bcryptjs", "@node-rs/argon2"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
