#!/usr/bin/env node
// `npm run bench`: runs the compiled benchmark entry (built by `npm run build`).
import { runBench } from '../dist/bench/main.js';

process.exitCode = await runBench(process.argv.slice(2));
