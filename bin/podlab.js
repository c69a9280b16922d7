#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm run build`, run on install).
import { main } from '../dist/electron/cli/main.js';

await main();
