// Validates data/web/openapi.json against the OpenAPI 3 schema (swagger-parser from npm,
// which carries the official schema) and resolves every $ref.
// Usage: node tests/integration/openapi_validate.mjs data/web/openapi.json
import SwaggerParser from "@apidevtools/swagger-parser";

const file = process.argv[2];
try {
  const api = await SwaggerParser.validate(file);
  const ops = Object.values(api.paths).reduce((n, item) => n + Object.keys(item).length, 0);
  console.log(`ok: ${file} is a valid OpenAPI ${api.openapi} description (${ops} operations)`);
} catch (e) {
  console.error(`FAIL: ${file}: ${e.message}`);
  process.exit(1);
}
