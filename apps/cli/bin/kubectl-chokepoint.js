#!/usr/bin/env node
// `kubectl chokepoint ...` from the repository: kubectl runs this bin as a
// plugin when it is on PATH (the npm package ships a compiled one). Node 20
// cannot run TypeScript itself: register tsx and run the source.
import { register } from 'tsx/esm/api';

register();
await import('../src/kubectl-plugin.ts');
