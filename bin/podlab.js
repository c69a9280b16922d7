#!/usr/bin/env node
// Thin launcher for the bundled CLI (dist/cli/podlab.mjs, made by `npm run build`, which runs on
// install): one file starts much faster than the compiled module tree.
import { main } from '../dist/cli/podlab.mjs';

await main();
