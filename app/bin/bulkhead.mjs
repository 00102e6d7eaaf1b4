#!/usr/bin/env node
// `npx bulkhead …`: runs the TypeScript CLI (app/src/cli/main.ts) through tsx, which reads the
// generated client's extensionless imports as a bundler would.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
