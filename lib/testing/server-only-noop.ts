// Vitest runs outside Next.js, where `import "server-only"` would throw.
export {};
