#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` through the prepare script).
import { tuneCompiler } from '../dist/cli/compiler-tuning.js';
import { main } from '../dist/cli/main.js';

tuneCompiler();
process.exitCode = await main(process.argv.slice(2));
