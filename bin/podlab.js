#!/usr/bin/env node
// Thin launcher for the bundled CLI (dist/podlab-cli.mjs, made by `npm run build`, which runs on
// install): one file starts much faster than the compiled module tree.
import { main } from '../dist/podlab-cli.mjs';

await main();
