// Test runner settings: one suite for everything under test/; the build runs once first.
import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

export default defineConfig({
  // Unit tests import src/ directly: the version the build stamps in (src/shared/version.ts) is stamped here too.
  define: { __ADDON_VERSION__: JSON.stringify(pkg.version) },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    unstubGlobals: true,
  },
});
