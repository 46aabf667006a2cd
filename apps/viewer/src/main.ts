/**
 * Mounts the viewer (app.ts) and reports a start-up failure in the page.
 * Test builds (vite --mode test) expose the cytoscape instance as window.cy.
 */

import { startApp } from './app.ts';
import { h, replaceChildren } from './dom.ts';

const root = document.getElementById('app') ?? document.body;

startApp(root).catch((error: unknown) => {
  replaceChildren(
    root,
    h(
      'p',
      { class: 'error' },
      `Cannot load the analysis: ${(error as Error).message}`,
    ),
  );
});
