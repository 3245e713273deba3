// Loaded with `node --import` by the start-up test: every module a process imports is appended,
// as its resolved URL, to the file named by CONTINUITY_RECORD_LOADS. The hooks run on the
// loader's own thread, so they only append and never change what is resolved.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(`
      import { appendFileSync } from "node:fs";
      export async function resolve(specifier, context, next) {
        const resolved = await next(specifier, context);
        if (process.env.CONTINUITY_RECORD_LOADS) appendFileSync(process.env.CONTINUITY_RECORD_LOADS, resolved.url + "\\n");
        return resolved;
      }
    `),
);
