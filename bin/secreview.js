#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` through the prepare script).
import { existsSync } from 'node:fs';
import { URL } from 'node:url';
import { tuneCompiler } from '../dist/cli/compiler-tuning.js';

// Set before the CLI's code loads, so every compile of it sees the flags.
tuneCompiler();
// The build also bundles the CLI: an entry file plus shared chunks and one per command, loaded
// when that command runs. Node loads them in a fraction of the time the module tree takes
// (about 250 files to resolve, read and link), which every run pays before it starts. The
// module tree is the fallback for a build made without that step.
const bundle = new URL('../dist/cli/bundle/main.js', import.meta.url);
const { main } = await import(existsSync(bundle) ? bundle.href : '../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
