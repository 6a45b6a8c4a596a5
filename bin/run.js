#!/usr/bin/env node
// Runs the compiled CLI in this very process, so signals reach whatever it runs
// (the broker under `kgo serve`, a consumer that must commit before exiting).

// chalk and oclif read FORCE_COLOR but not NO_COLOR (https://no-color.org);
// translate before either is loaded.
if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';

const { execute } = await import('@oclif/core');
await execute({ dir: import.meta.url });
