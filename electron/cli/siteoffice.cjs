#!/usr/bin/env node
// The `siteoffice` command: runs the bundled CLI, bundling it first if this checkout has not been
// built yet (a fresh clone after `npm install` has, through the prepare script).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const bundle = path.join(root, 'dist', 'node', 'cli.cjs');
if (!fs.existsSync(bundle)) {
  require(path.join(root, 'build', 'scripts', 'bundle-main.cjs')).bundleMainSync();
}
require(bundle).main(process.argv.slice(2)).then((code) => {
  if (code >= 0) process.exitCode = code;
});
