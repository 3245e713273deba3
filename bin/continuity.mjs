#!/usr/bin/env node
// The project runs from its TypeScript sources through tsx, so there is no build step to forget
// and no compiled copy that can drift from the code.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main/cli.ts");
process.exitCode = await main(process.argv.slice(2));
