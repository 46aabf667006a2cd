#!/usr/bin/env node
// Node 20 cannot run TypeScript itself: register tsx (resolved from this
// package, so the bin works from any working directory) and run the source.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
